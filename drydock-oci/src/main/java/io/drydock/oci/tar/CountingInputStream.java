package io.drydock.oci.tar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read and skipped; package-private helper for offsets and end-marker checks. */
final class CountingInputStream extends FilterInputStream {
  private long count;
  private long limit = Long.MAX_VALUE;
  private String limitMessage;

  CountingInputStream(InputStream in) {
    super(in);
  }

  long count() {
    return count;
  }

  /** Fails reads once more than {@code bytes} more bytes pass, with {@code message}. */
  void limit(long bytes, String message) {
    this.limit = count + bytes;
    this.limitMessage = message;
  }

  void unlimited() {
    this.limit = Long.MAX_VALUE;
  }

  private void check() throws IOException {
    if (count > limit) {
      throw new HeaderTooLargeException(limitMessage);
    }
  }

  /** Thrown when {@link #limit} is exceeded. */
  static final class HeaderTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    HeaderTooLargeException(String message) {
      super(message);
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count++;
      check();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count += n;
      check();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    if (s > 0) {
      count += s;
      check();
    }
    return s;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
