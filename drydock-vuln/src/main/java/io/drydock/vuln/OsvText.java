package io.drydock.vuln;

/**
 * How values from untrusted files (advisories, ignore files, VEX documents) appear in messages: on
 * one line, and short even when they are not.
 */
public final class OsvText {
  private OsvText() {}

  /** Longest prefix of a value quoted in a message. */
  static final int MAX_SHOWN = 80;

  /** {@code raw} in double quotes, control characters escaped, cut after {@link #MAX_SHOWN}. */
  public static String quote(String raw) {
    return raw == null ? "null" : "\"" + display(raw) + "\"";
  }

  /** {@code raw} with control characters escaped, cut after {@link #MAX_SHOWN}; no quotes. */
  public static String display(String raw) {
    int shown = Math.min(raw.length(), MAX_SHOWN);
    StringBuilder out = new StringBuilder(shown + 16);
    for (int i = 0; i < shown; i++) {
      char c = raw.charAt(i);
      switch (c) {
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
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

  /** {@code raw} made single-line (for exception messages from libraries). */
  static String oneLine(String raw) {
    if (raw == null) {
      return "";
    }
    String line = raw.lines().findFirst().orElse("").strip();
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
