package io.drydock.vuln.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * A response body checked against what the response promised: its {@code Content-Length} and, when
 * present, Google Cloud Storage's {@code x-goog-hash} ({@code md5=<base64>}, {@code
 * crc32c=<base64>} of the big-endian value; one header with both, comma-separated, or one header
 * each). The check runs when the stream reaches its end; a short, long or altered body is an {@link
 * IOException} naming the URL with the expected and actual values. Read errors of the underlying
 * stream are re-thrown naming the URL. Closing closes the underlying stream. Not thread-safe.
 */
final class DownloadCheck extends FilterInputStream {
  private final String url;
  private final OptionalLong length;
  private final Optional<String> md5;
  private final Optional<String> crc32c;
  private final MessageDigest md5Digest;
  private final CRC32C crc = new CRC32C();
  private long count;
  private boolean verified;

  DownloadCheck(
      InputStream in, String url, OptionalLong length, Optional<String> md5, Optional<String> crc)
      throws IOException {
    super(in);
    this.url = url;
    this.length = length;
    this.md5 = md5;
    this.crc32c = crc;
    try {
      this.md5Digest = md5.isPresent() ? MessageDigest.getInstance("MD5") : null;
    } catch (NoSuchAlgorithmException e) {
      throw new IOException(url + ": MD5 unavailable to check the download", e);
    }
    for (Optional<String> h : java.util.List.of(md5, crc)) {
      if (h.isPresent()) {
        decode(h.get());
      }
    }
  }

  /**
   * {@code body} checked against {@code headers}. The hashes are skipped when GCS served the object
   * decompressed ({@code x-goog-stored-content-encoding} other than the response's encoding): they
   * describe the stored bytes then.
   */
  static DownloadCheck of(InputStream body, String url, HttpHeaders headers) throws IOException {
    String stored = headers.firstValue("x-goog-stored-content-encoding").orElse("identity");
    String served = headers.firstValue("content-encoding").orElse("identity");
    boolean hashesApply = stored.equalsIgnoreCase(served);
    Optional<String> md5 = Optional.empty();
    Optional<String> crc = Optional.empty();
    if (hashesApply) {
      for (String value : headers.allValues("x-goog-hash")) {
        for (String part : value.split(",")) {
          String p = part.strip();
          int eq = p.indexOf('=');
          if (eq <= 0) {
            continue;
          }
          String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
          String hash = p.substring(eq + 1).strip();
          if (name.equals("md5")) {
            md5 = Optional.of(hash);
          } else if (name.equals("crc32c")) {
            crc = Optional.of(hash);
          }
        }
      }
    }
    OptionalLong length = headers.firstValueAsLong("content-length");
    return new DownloadCheck(body, url, length, md5, crc);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      throw new IOException(
          url
              + ": download failed after "
              + count
              + " bytes ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + ")",
          e);
    }
    if (n < 0) {
      verify();
      return -1;
    }
    count += n;
    if (length.isPresent() && count > length.getAsLong()) {
      throw new IOException(
          url + ": received more than the " + length.getAsLong() + " bytes of its Content-Length");
    }
    if (md5Digest != null) {
      md5Digest.update(b, off, n);
    }
    if (crc32c.isPresent()) {
      crc.update(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new UnsupportedOperationException("a checked download is read, not skipped");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads to the end if the caller has not, so that the checks run; the stream stays open. */
  void finish() throws IOException {
    if (!verified && read() != -1) {
      throw new IOException(url + ": more data than was read (internal error)");
    }
  }

  /** Bytes received so far. */
  long count() {
    return count;
  }

  private void verify() throws IOException {
    if (verified) {
      return;
    }
    if (length.isPresent() && count != length.getAsLong()) {
      throw new IOException(
          url
              + ": truncated download: Content-Length "
              + length.getAsLong()
              + " bytes, received "
              + count);
    }
    if (md5.isPresent()) {
      byte[] actual = md5Digest.digest();
      if (!Arrays.equals(actual, decode(md5.get()))) {
        throw new IOException(
            url
                + ": md5 mismatch: x-goog-hash says "
                + md5.get()
                + ", received "
                + Base64.getEncoder().encodeToString(actual));
      }
    }
    if (crc32c.isPresent()) {
      byte[] be = ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
      if (!Arrays.equals(be, decode(crc32c.get()))) {
        throw new IOException(
            url
                + ": crc32c mismatch: x-goog-hash says "
                + crc32c.get()
                + ", received "
                + Base64.getEncoder().encodeToString(be));
      }
    }
    verified = true;
  }

  private byte[] decode(String base64) throws IOException {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          url + ": unreadable x-goog-hash value " + base64.replaceAll("\\p{Cntrl}", "?"), e);
    }
  }
}
