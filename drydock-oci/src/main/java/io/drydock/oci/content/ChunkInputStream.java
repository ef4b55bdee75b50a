package io.drydock.oci.content;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Base for streams that do their work per chunk in {@link #read(byte[], int, int)} (hash, count,
 * cap, translate errors): {@link #read()} and {@link #skip(long)} go through it, so no byte
 * bypasses that work (a plain {@link FilterInputStream} would skip straight on the wrapped stream),
 * and mark/reset is not supported. Not thread-safe.
 */
public abstract class ChunkInputStream extends FilterInputStream {
  private static final int SKIP_BUFFER = 64 * 1024;

  /** A stream over {@code in}; {@link #close()} closes it. */
  protected ChunkInputStream(InputStream in) {
    super(in);
  }

  /** A stream that produces its own bytes (nothing to wrap). */
  protected ChunkInputStream() {
    super(InputStream.nullInputStream());
  }

  /** Subclasses do their per-chunk work here; this default reads from the wrapped stream. */
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return in.read(b, off, len);
  }

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public final int read(byte[] b) throws IOException {
    return read(b, 0, b.length);
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    byte[] buf = new byte[(int) Math.min(n, SKIP_BUFFER)];
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
  public final boolean markSupported() {
    return false;
  }

  @Override
  public final synchronized void mark(int readlimit) {}

  @Override
  public final synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}
