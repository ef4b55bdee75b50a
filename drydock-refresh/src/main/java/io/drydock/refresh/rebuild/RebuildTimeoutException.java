package io.drydock.refresh.rebuild;

import io.drydock.oci.ImageRef;
import java.time.Duration;

/** The app's tag did not move to a new digest within the time allowed. */
public final class RebuildTimeoutException extends RebuildException {
  private static final long serialVersionUID = 1L;
  private final transient ImageRef tag;
  private final Duration waited;

  public RebuildTimeoutException(String message, ImageRef tag, Duration waited, Throwable cause) {
    super(message, 0, cause);
    this.tag = tag;
    this.waited = waited;
  }

  /** The tag that was watched. */
  public ImageRef tag() {
    return tag;
  }

  /** How long the waiter waited (by its clock). */
  public Duration waited() {
    return waited;
  }
}
