package io.drydock.refresh.rebuild;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Waits for a tag to move: polls {@link RegistryClient#headManifest} until the tag points at a
 * digest other than the one it had, with exponential backoff (the first poll is immediate, then
 * {@code initialInterval}, growing by {@code factor} up to {@code maxInterval}, never sleeping past
 * the deadline).
 *
 * <p>While waiting, a missing tag (404) and transient registry errors (5xx, 429, I/O) count as "not
 * yet" (the last one is named if the wait times out); 401 and 403 end the wait at once, since
 * waiting will not fix credentials. Cancel a wait by interrupting its thread (e.g. {@code
 * Future.cancel(true)}): {@link #await} then throws {@link InterruptedException}.
 *
 * <p>Thread-safe if the client and clock are; one instance may serve concurrent waits.
 */
public final class RebuildWaiter {
  private final RegistryClient client;
  private final WaitClock clock;
  private final Backoff backoff;
  private final Consumer<String> progress;

  /**
   * Poll intervals.
   *
   * @param initialInterval the sleep after the first poll; positive
   * @param maxInterval the longest sleep; at least {@code initialInterval}
   * @param factor how much each sleep grows; at least 1
   */
  public record Backoff(Duration initialInterval, Duration maxInterval, double factor) {
    /** 2 s, growing by 1.5 up to 30 s: CI builds take minutes, and HEADs are cheap. */
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 1.5);

    public Backoff {
      if (initialInterval.isNegative() || initialInterval.isZero()) {
        throw new IllegalArgumentException("initialInterval must be positive: " + initialInterval);
      }
      if (maxInterval.compareTo(initialInterval) < 0) {
        throw new IllegalArgumentException(
            "maxInterval " + maxInterval + " is shorter than initialInterval " + initialInterval);
      }
      if (!(factor >= 1)) {
        throw new IllegalArgumentException("factor must be at least 1: " + factor);
      }
    }

    Duration next(Duration current) {
      double nanos = current.toNanos() * factor;
      return nanos >= maxInterval.toNanos() ? maxInterval : Duration.ofNanos((long) nanos);
    }
  }

  /**
   * @param client the registry client (not closed here)
   * @param clock time and sleep; {@link WaitClock#system()} in production
   * @param backoff poll intervals
   * @param progress receives one line per observed change of state (not per poll); may be {@code
   *     line -> {}}
   */
  public RebuildWaiter(
      RegistryClient client, WaitClock clock, Backoff backoff, Consumer<String> progress) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** A waiter with the system clock, default backoff and no progress output. */
  public RebuildWaiter(RegistryClient client) {
    this(client, WaitClock.system(), Backoff.DEFAULT, line -> {});
  }

  /**
   * Waits until {@code tag} points at a digest other than {@code oldDigest}.
   *
   * @param tag the reference to watch; must have a tag (a digest in it is ignored)
   * @param oldDigest the digest the tag had; {@code null} when the tag did not exist (then any
   *     digest counts as new)
   * @param timeout how long to wait; positive
   * @return the new digest
   * @throws RebuildTimeoutException when the tag has not moved within {@code timeout}, naming the
   *     tag, the time waited and the last registry error, if any
   * @throws RegistryException when the registry refuses the credentials (401, 403)
   * @throws InterruptedException when the thread is interrupted (cancelled)
   */
  public Digest await(ImageRef tag, Digest oldDigest, Duration timeout)
      throws IOException, InterruptedException {
    Objects.requireNonNull(tag, "tag");
    if (tag.tag() == null) {
      throw new IllegalArgumentException("cannot wait for " + tag + " to change: it has no tag");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    ImageRef ref = tag.withTag(tag.tag());
    long start = clock.nanoTime();
    long deadline = start + timeout.toNanos();
    Duration interval = backoff.initialInterval();
    IOException lastError = null;
    String lastState = null;
    int polls = 0;
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("waiting for " + ref + " to change was cancelled");
      }
      polls++;
      String state;
      try {
        Digest now = client.headManifest(ref).digest();
        if (!now.equals(oldDigest)) {
          progress.accept(ref + " now points at " + now + " (after " + polls + " checks)");
          return now;
        }
        state = "still " + now;
        lastError = null;
      } catch (RegistryException e) {
        if (e.status() == 401 || e.status() == 403) {
          throw e;
        }
        state = e.status() == 404 ? "not found" : "error " + e.getMessage();
        lastError = e.status() == 404 ? null : e;
      } catch (IOException e) {
        state = "error " + e.getMessage();
        lastError = e;
      }
      if (!state.equals(lastState)) {
        progress.accept("Waiting for " + ref + " to change: " + state);
        lastState = state;
      }
      long now = clock.nanoTime();
      long left = deadline - now;
      if (left <= 0) {
        Duration waited = Duration.ofNanos(now - start);
        throw new RebuildTimeoutException(
            "timed out after "
                + describe(waited)
                + " waiting for "
                + ref
                + " to move from "
                + (oldDigest == null ? "(absent)" : oldDigest)
                + " ("
                + polls
                + " checks"
                + (lastError != null ? "; last error: " + lastError.getMessage() : "")
                + ")",
            ref,
            waited,
            lastError);
      }
      clock.sleep(interval.toNanos() < left ? interval : Duration.ofNanos(left));
      interval = backoff.next(interval);
    }
  }

  private static String describe(Duration d) {
    long ms = d.toMillis();
    if (ms < 10_000) {
      return ms + " ms";
    }
    long s = d.toSeconds();
    return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
  }
}
