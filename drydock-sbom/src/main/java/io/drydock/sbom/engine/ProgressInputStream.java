package io.drydock.sbom.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Counts the bytes read through it and reports the running total about every MiB. */
final class ProgressInputStream extends FilterInputStream {
  private static final long STEP = 1 << 20;

  private final LongConsumer report;
  private long total;
  private long reported;

  ProgressInputStream(InputStream in, LongConsumer report) {
    super(in);
    this.report = report;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      count(skipped);
    }
    return skipped;
  }

  private void count(long n) {
    total += n;
    if (total - reported >= STEP) {
      reported = total;
      report.accept(total);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (total != reported) {
        reported = total;
        report.accept(total);
      }
    } finally {
      super.close();
    }
  }
}
