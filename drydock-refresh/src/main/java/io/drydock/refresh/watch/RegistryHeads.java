package io.drydock.refresh.watch;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryException;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.oci.registry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * {@link ManifestHeads} over drydock-oci's {@link RegistryClient#headManifest}: one {@code HEAD}
 * per call (a {@code GET} only when the registry omits {@code Docker-Content-Digest}), with the
 * client's authentication and TLS rules.
 *
 * <p><b>Retries are the poller's, not the client's.</b> The client is built with a retry policy of
 * two attempts whose wait never happens: when the client would wait before its second attempt
 * (after 429, 502, 503, 504 or a retryable I/O error), the wait it computed — the registry's {@code
 * Retry-After}, uncapped — ends the call as a {@link PollException}, and {@link TagPoller}
 * schedules the retry per registry host. This is how the {@code Retry-After} value reaches the
 * poller while {@link RegistryException} does not carry it; a {@code Retry-After: 0} and a missing
 * one look the same (the poller's own backoff applies).
 *
 * <p>Thread-safe; closes its client.
 */
public final class RegistryHeads implements ManifestHeads, AutoCloseable {
  private static final Set<Integer> HOST_WIDE = Set.of(429, 502, 503, 504);

  private final RegistryClient client;

  /** Wraps a client with the sleeper-signal retry policy described above. */
  public static RegistryHeads create(RegistryOptions options) throws IOException {
    RegistryOptions o =
        options
            .withRetry(new RetryPolicy(2, Duration.ZERO, Duration.ofDays(1)))
            .withSleeper(
                d -> {
                  throw new RetryRequested(d);
                });
    return new RegistryHeads(RegistryClient.create(o));
  }

  private RegistryHeads(RegistryClient client) {
    this.client = client;
  }

  @Override
  public Digest digest(ImageRef tag) throws IOException {
    try {
      return client.headManifest(tag).digest();
    } catch (RetryRequested r) {
      Duration d = r.delay;
      return throwPoll(
          "registry "
              + tag.registry()
              + " asked to retry manifest "
              + tag
              + (d.isZero() ? "" : " after " + d.toSeconds() + " s")
              + " (HTTP 429/502/503/504 or a connection error)",
          d.isZero() ? null : d,
          null);
    } catch (RegistryException e) {
      if (e.status() == 0 || HOST_WIDE.contains(e.status())) {
        return throwPoll(e.getMessage(), null, e);
      }
      throw e;
    }
  }

  private static Digest throwPoll(String message, Duration retryAfter, Throwable cause)
      throws PollException {
    throw new PollException(message, retryAfter, cause);
  }

  @Override
  public void close() {
    client.close();
  }

  /** Thrown by the sleeper in place of waiting; never leaves this class. */
  private static final class RetryRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Duration delay;

    RetryRequested(Duration delay) {
      super(null, null, false, false);
      this.delay = delay;
    }
  }
}
