package io.drydock.admission;

import java.util.Locale;

/** What the webhook answers for an image it could not decide in time or at all. */
public enum FailureMode {
  /** Deny: nothing unverified runs (the default, as for {@code failurePolicy: Fail}). */
  CLOSED,
  /** Allow with a warning: availability over enforcement. */
  OPEN;

  /** {@code closed} or {@code open}, case-insensitive. */
  public static FailureMode parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "closed" -> CLOSED;
      case "open" -> OPEN;
      default ->
          throw new IllegalArgumentException("failure mode \"" + s + "\": expected closed or open");
    };
  }

  /** The lower-case name used in flags and messages. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
