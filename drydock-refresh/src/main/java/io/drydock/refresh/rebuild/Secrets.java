package io.drydock.refresh.rebuild;

import java.util.function.Function;

/** Reading secrets from the environment; messages name the variable, never its value. */
final class Secrets {
  private Secrets() {}

  /**
   * The value of {@code name}, read through {@code env}.
   *
   * @throws RebuildException when it is unset or empty, naming the variable and {@code what}
   */
  static String require(Function<String, String> env, String name, String what)
      throws RebuildException {
    String value = env.apply(name);
    if (value == null || value.isEmpty()) {
      throw new RebuildException(
          what + ": environment variable " + name + " is " + (value == null ? "not set" : "empty"));
    }
    return value;
  }
}
