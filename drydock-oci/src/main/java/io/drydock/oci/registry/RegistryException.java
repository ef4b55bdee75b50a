package io.drydock.oci.registry;

import java.io.IOException;

/**
 * A registry request failed: unreachable host, TLS failure, authentication, an unexpected HTTP
 * status, or retries exhausted. The message is one line naming the registry, the reference or URL
 * and the problem, fit to print to a user as is.
 */
public class RegistryException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public RegistryException(String message) {
    this(message, 0, null);
  }

  public RegistryException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status that caused the failure, or 0 when there was none (I/O, TLS). */
  public int status() {
    return status;
  }
}
