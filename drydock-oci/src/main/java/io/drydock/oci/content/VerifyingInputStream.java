package io.drydock.oci.content;

import io.drydock.oci.Digest;
import io.drydock.oci.DigestMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes what passes through and, at EOF, checks it against an expected digest and (when known)
 * size. It also refuses to deliver more bytes than the expected size, so a server or file that
 * sends an endless body cannot make the reader go on forever. Not thread-safe. Closing closes the
 * wrapped stream.
 */
public final class VerifyingInputStream extends ChunkInputStream {
  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final MessageDigest md;
  private final AtEnd atEnd;
  private long count;
  private boolean verified;

  /** Runs once, after the content verified at EOF (e.g. to verify the stream below it too). */
  @FunctionalInterface
  public interface AtEnd {
    void run() throws IOException;
  }

  /**
   * @param expectedSize bytes expected, or {@code -1} when unknown (then only the digest is
   *     checked)
   * @param what names the content in errors: "layer sha256:… of docker.io/library/debian"
   */
  public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
    this(in, expected, expectedSize, what, null);
  }

  /** As above, with {@code atEnd} (may be {@code null}) run after a successful verification. */
  public VerifyingInputStream(
      InputStream in, Digest expected, long expectedSize, String what, AtEnd atEnd) {
    super(in);
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = what;
    this.md = expected.newMessageDigest();
    this.atEnd = atEnd;
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
    if (atEnd != null) {
      atEnd.run();
    }
  }
}
