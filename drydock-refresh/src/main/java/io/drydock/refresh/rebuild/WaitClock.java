package io.drydock.refresh.rebuild;

import java.time.Duration;

/**
 * The time source and sleeper {@link RebuildWaiter} uses, so tests can drive time. Implementations
 * must be thread-safe.
 */
public interface WaitClock {
  /** A monotonic reading in nanoseconds (only differences mean anything). */
  long nanoTime();

  /**
   * Sleeps for {@code d} (positive).
   *
   * @throws InterruptedException when the thread is interrupted: that is how a wait is cancelled
   */
  void sleep(Duration d) throws InterruptedException;

  /** {@link System#nanoTime()} and {@link Thread#sleep}. */
  static WaitClock system() {
    return new WaitClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
      }
    };
  }
}
