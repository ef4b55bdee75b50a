package io.drydock.oci;

import java.io.IOException;

/**
 * An image document or blob is not what it must be: unparsable JSON, a missing field, an
 * unsupported media type, a digest or size mismatch. The message names the document and the problem
 * in one line, fit to print to a user as is.
 */
public class OciFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public OciFormatException(String message) {
    super(message);
  }

  public OciFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
