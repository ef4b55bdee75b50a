package io.drydock.vuln.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A download body that gives up when no data arrives for {@code idle}. The JDK HTTP client's
 * request timeout covers only the wait for the response headers: a server that sends headers and
 * then stops would block a read forever. A watchdog closes the body after {@code idle} without a
 * byte (closing the JDK client's body stream from another thread wakes a blocked read), and the
 * read then fails with a one-line message naming the URL. Closing the guard stops the watchdog.
 */
final class StallGuard extends FilterInputStream {
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "drydock-download-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final String url;
  private final long idleNanos;
  private final ScheduledFuture<?> check;
  private volatile long lastProgress = System.nanoTime();
  private volatile boolean stalled;

  StallGuard(InputStream in, String url, Duration idle) {
    super(in);
    this.url = url;
    this.idleNanos = idle.toNanos();
    long every = Math.max(10, idle.toMillis() / 4);
    this.check =
        WATCHDOG.scheduleWithFixedDelay(this::checkIdle, every, every, TimeUnit.MILLISECONDS);
  }

  private void checkIdle() {
    if (!stalled && System.nanoTime() - lastProgress > idleNanos) {
      stalled = true;
      check.cancel(false);
      try {
        in.close();
      } catch (IOException | RuntimeException e) {
        // the reader gets the stall message either way
      }
    }
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
      throw stalled ? stallError(e) : e;
    }
    if (stalled) {
      throw stallError(null);
    }
    lastProgress = System.nanoTime();
    return n;
  }

  private IOException stallError(IOException cause) {
    return new IOException(
        url + ": no data for " + Math.max(1, idleNanos / 1_000_000_000L) + " s, gave up", cause);
  }

  @Override
  public void close() throws IOException {
    check.cancel(false);
    super.close();
  }
}
