package io.drydock.refresh.rebuild;

import java.io.IOException;

/**
 * A rebuild step failed: the CI answered with an error status or could not be reached, a secret the
 * trigger needs is not in the environment, or the new image did not appear in time. The message is
 * one line naming the trigger (or tag) and the problem; it never contains a secret.
 */
public class RebuildException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public RebuildException(String message) {
    this(message, 0, null);
  }

  public RebuildException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status that caused the failure, or 0 when there was none. */
  public int status() {
    return status;
  }
}
