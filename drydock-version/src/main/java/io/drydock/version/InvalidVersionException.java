package io.drydock.version;

/**
 * A version string the scheme cannot order. The message names the scheme and the input, on one
 * line: control characters in the input are escaped and long input is shortened.
 */
public class InvalidVersionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_SHOWN = 80;

  public InvalidVersionException(VersionScheme scheme, String raw, String why) {
    super("invalid " + scheme.name() + " version \"" + shown(raw) + "\": " + why);
  }

  static String shown(String raw) {
    if (raw == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < raw.length() && b.length() < MAX_SHOWN; i++) {
      char c = raw.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (b.length() >= MAX_SHOWN && raw.length() > MAX_SHOWN) {
      b.append("…(").append(raw.length()).append(" chars)");
    }
    return b.toString();
  }
}
