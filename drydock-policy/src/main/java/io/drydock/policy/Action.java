package io.drydock.policy;

import java.util.Locale;

/** What a violated rule does to the verdict. */
public enum Action {
  DENY,
  WARN;

  /** Lower-case name, as policy files write it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
