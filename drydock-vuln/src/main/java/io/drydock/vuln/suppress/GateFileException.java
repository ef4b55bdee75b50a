package io.drydock.vuln.suppress;

import java.io.IOException;

/**
 * An ignore file or VEX document cannot be used: unreadable, larger than the cap, not valid
 * YAML/JSON, or not of the expected shape. The message is one line naming the file, the line and
 * column (YAML and JSON syntax errors) or the path inside the document, and the problem; it is fit
 * to print to a user as is and carries no stack trace worth showing.
 */
public class GateFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public GateFileException(String message) {
    super(message);
  }
}
