package io.drydock.oci.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long {@link RegistryClient} retries a request that failed with HTTP 429, 502,
 * 503, 504 or an I/O error before any body byte was handed to the caller.
 *
 * <p>Delay before attempt {@code n+1} (n ≥ 1): a random value in {@code [d/2, d]} where {@code d =
 * min(maxBackoff, baseBackoff · 2^(n-1))} ("equal jitter"). A {@code Retry-After} header (seconds
 * or HTTP date) replaces the computed delay, capped at {@code maxBackoff}.
 *
 * @param maxAttempts total attempts including the first, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {

  /** 5 attempts, 250 ms base, 10 s cap. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(10));

  /** One attempt, no retries. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    Objects.requireNonNull(baseBackoff, "baseBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("retry attempts must be at least 1, got " + maxAttempts);
    }
    if (baseBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("retry backoff must not be negative");
    }
  }

  /** The delay after failed attempt {@code attempt} (1-based), with jitter. */
  public Duration backoff(int attempt) {
    long base = baseBackoff.toMillis();
    long max = maxBackoff.toMillis();
    long d = Math.min(max, base << Math.min(30, Math.max(0, attempt - 1)));
    if (d <= 1) {
      return Duration.ofMillis(d);
    }
    return Duration.ofMillis(d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1));
  }

  /** {@code requested} (from Retry-After) capped at {@link #maxBackoff()}. */
  public Duration cap(Duration requested) {
    if (requested.isNegative()) {
      return Duration.ZERO;
    }
    return requested.compareTo(maxBackoff) > 0 ? maxBackoff : requested;
  }

  /** Waits between attempts; tests inject one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
  }
}
