package io.drydock.oci.content;

import io.drydock.oci.Digest;
import io.drydock.oci.DigestMismatchException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes what passes through and, at EOF, checks it against an expected digest and (when known)
 * size. It also refuses to deliver more bytes than the expected size, so a server or file that
 * sends an endless body cannot make the reader go on forever. Not thread-safe. Closing closes the
 * wrapped stream.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final MessageDigest md;
  private long count;
  private boolean verified;

  /**
   * @param expectedSize bytes expected, or {@code -1} when unknown (then only the digest is
   *     checked)
   * @param what names the content in errors: "layer sha256:… of docker.io/library/debian"
   */
  public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
    super(in);
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = what;
    this.md = expected.newMessageDigest();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = super.read(b, off, len);
    if (n < 0) {
      verify();
      return -1;
    }
    md.update(b, off, n);
    count += n;
    if (expectedSize >= 0 && count > expectedSize) {
      throw new DigestMismatchException(
          expected, what + " is larger than its descriptor's size of " + expectedSize + " bytes");
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 65536)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Number of bytes read so far. */
  public long count() {
    return count;
  }

  private void verify() throws IOException {
    if (verified) {
      return;
    }
    verified = true;
    if (expectedSize >= 0 && count != expectedSize) {
      throw new DigestMismatchException(
          expected, what + " is truncated: got " + count + " of " + expectedSize + " bytes");
    }
    Digest actual = Digest.of(expected.algorithm(), md.digest());
    if (!actual.equals(expected)) {
      throw new DigestMismatchException(
          expected, what + " has digest " + actual + ", expected " + expected);
    }
  }
}
