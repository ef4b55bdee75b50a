package io.drydock.refresh.watch;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A registry asked to be left alone (HTTP 429), is failing (502/503/504) or unreachable: {@link
 * TagPoller} backs off the whole registry host, not just the one reference.
 */
public final class PollException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;

  /**
   * @param retryAfter the registry's {@code Retry-After}, or {@code null} when it gave none
   */
  public PollException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  /** The wait the registry asked for ({@code Retry-After}), if it asked. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
