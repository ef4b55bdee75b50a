package io.drydock.policy;

import java.io.IOException;

/**
 * A policy file that cannot be used: unreadable, too large, malformed YAML, a wrong shape, or a CEL
 * expression that does not compile. The message is one line naming the file, the rule and, for CEL
 * errors, the position inside the expression ({@code line:column}, both 1-based).
 */
public class PolicyException extends IOException {
  private static final long serialVersionUID = 1L;

  public PolicyException(String message) {
    super(message);
  }

  public PolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
