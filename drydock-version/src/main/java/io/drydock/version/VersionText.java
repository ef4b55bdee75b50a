package io.drydock.version;

/** How version strings appear in messages: on one line, and short even when the input is not. */
final class VersionText {
  private VersionText() {}

  /** Longest prefix of an input quoted in a message. */
  static final int MAX_SHOWN = 80;

  /**
   * {@code raw} with control characters escaped ({@code \n}, {@code \t}, {@code \u0000}, …) and cut
   * after {@link #MAX_SHOWN} characters, saying how long it was.
   */
  static String display(String raw) {
    if (raw == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_SHOWN) + 16);
    int shown = Math.min(raw.length(), MAX_SHOWN);
    for (int i = 0; i < shown; i++) {
      char c = raw.charAt(i);
      switch (c) {
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (shown < raw.length()) {
      out.append("…(").append(raw.length()).append(" chars)");
    }
    return out.toString();
  }

  /**
   * Refuses {@code null} and input longer than {@code maxLength} (so hostile strings cannot cost
   * time or memory), with the scheme's one-line message.
   */
  static void requireBounded(VersionScheme scheme, String raw, int maxLength) {
    if (raw == null) {
      throw new InvalidVersionException(scheme, null, "no version");
    }
    if (raw.length() > maxLength) {
      throw new InvalidVersionException(scheme, raw, "longer than " + maxLength + " characters");
    }
  }
}
