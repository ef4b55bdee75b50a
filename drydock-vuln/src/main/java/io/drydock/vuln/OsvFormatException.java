package io.drydock.vuln;

import java.io.IOException;

/**
 * An OSV record is not what the schema requires: unparsable or oversized JSON, a missing {@code id}
 * or {@code modified}, a field of the wrong type, an event with no or several kinds. The message is
 * one line naming the source (file, zip entry), the record id when known, the JSON path and the
 * problem, fit to print to a user as is.
 */
public class OsvFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public OsvFormatException(String message) {
    super(message);
  }
}
