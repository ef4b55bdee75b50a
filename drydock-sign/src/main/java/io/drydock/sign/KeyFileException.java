package io.drydock.sign;

import java.io.IOException;

/**
 * A key file that cannot be used: unknown PEM type, wrong password, unsupported algorithm, corrupt
 * encoding. The message is one line that names the problem (never the password).
 */
public class KeyFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public KeyFileException(String message) {
    super(message);
  }

  public KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
