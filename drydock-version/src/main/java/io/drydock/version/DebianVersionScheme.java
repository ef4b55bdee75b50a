package io.drydock.version;

/**
 * Debian package versions ({@code [epoch:]upstream[-revision]}) in dpkg's order.
 *
 * <p>Hand-written because no Java 17 library orders dpkg versions correctly without pulling in a
 * generic fallback (research/libraries.md §5). It follows dpkg's {@code parseversion()} and {@code
 * verrevcmp()} ({@code lib/dpkg/parsehelp.c}, {@code lib/dpkg/version.c}):
 *
 * <ul>
 *   <li>leading and trailing whitespace is stripped (dpkg and APT do); embedded whitespace is
 *       invalid;
 *   <li>the epoch is everything before the first {@code :}: ASCII digits, at most {@code
 *       2147483647}; absent means 0;
 *   <li>the revision is everything after the last {@code -}; absent compares like {@code 0};
 *   <li>the upstream version must start with a digit and contain only ASCII letters, digits and
 *       {@code . + ~ - :}; the revision only letters, digits and {@code . + ~}. dpkg reports these
 *       as warnings ("bad syntax") and still compares; Drydock reports them instead of ordering
 *       them;
 *   <li>{@code verrevcmp}: alternating non-digit and digit runs; in non-digit runs {@code ~} sorts
 *       before everything (even the end of the string), letters before non-letters; digit runs
 *       compare as numbers.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class DebianVersionScheme implements VersionScheme {
  /** The scheme; every version it parses returns it from {@link Version#scheme()}. */
  public static final DebianVersionScheme INSTANCE = new DebianVersionScheme();

  private DebianVersionScheme() {}

  /** Longer strings are refused so hostile input cannot cost time or memory. */
  public static final int MAX_LENGTH = 256;

  @Override
  public String name() {
    return "deb";
  }

  @Override
  public DebianVersion parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    int from = 0;
    int to = raw.length();
    while (from < to && isSpace(raw.charAt(from))) {
      from++;
    }
    while (to > from && isSpace(raw.charAt(to - 1))) {
      to--;
    }
    String s = raw.substring(from, to);
    if (s.isEmpty()) {
      throw invalid(raw, "version string is empty");
    }
    for (int i = 0; i < s.length(); i++) {
      if (isSpace(s.charAt(i))) {
        throw invalid(raw, "version string has embedded spaces");
      }
    }
    long epoch = 0;
    int colon = s.indexOf(':');
    if (colon >= 0) {
      String e = s.substring(0, colon);
      if (e.isEmpty()) {
        throw invalid(raw, "epoch in version is empty");
      }
      for (int i = 0; i < e.length(); i++) {
        if (!isDigit(e.charAt(i))) {
          throw invalid(raw, "epoch in version is not a number");
        }
      }
      if (e.length() > 10 || Long.parseLong(e) > Integer.MAX_VALUE) {
        throw invalid(raw, "epoch in version is too big");
      }
      epoch = Long.parseLong(e);
      s = s.substring(colon + 1);
      if (s.isEmpty()) {
        throw invalid(raw, "nothing after colon in version number");
      }
    }
    String upstream = s;
    String revision = "";
    int hyphen = s.lastIndexOf('-');
    if (hyphen >= 0) {
      upstream = s.substring(0, hyphen);
      revision = s.substring(hyphen + 1);
      if (revision.isEmpty()) {
        throw invalid(raw, "revision number is empty");
      }
    }
    if (upstream.isEmpty()) {
      throw invalid(raw, "version number is empty");
    }
    if (!isDigit(upstream.charAt(0))) {
      throw invalid(raw, "version number does not start with digit");
    }
    for (int i = 0; i < upstream.length(); i++) {
      char c = upstream.charAt(i);
      if (!isAlnum(c) && ".-+~:".indexOf(c) < 0) {
        throw invalid(
            raw,
            "invalid character '" + VersionText.display(String.valueOf(c)) + "' in version number");
      }
    }
    for (int i = 0; i < revision.length(); i++) {
      char c = revision.charAt(i);
      if (!isAlnum(c) && ".+~".indexOf(c) < 0) {
        throw invalid(
            raw,
            "invalid character '"
                + VersionText.display(String.valueOf(c))
                + "' in revision number");
      }
    }
    return new DebianVersion(raw, epoch, upstream, revision);
  }

  private InvalidVersionException invalid(String raw, String why) {
    return new InvalidVersionException(this, raw, why);
  }

  /**
   * dpkg's {@code verrevcmp}: compares two upstream versions or two revisions. Returns a negative
   * number, zero or a positive number. Both strings must consist of ASCII characters.
   */
  static int verrevcmp(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      while ((i < a.length() && !isDigit(a.charAt(i)))
          || (j < b.length() && !isDigit(b.charAt(j)))) {
        int ac = order(a, i);
        int bc = order(b, j);
        if (ac != bc) {
          return ac - bc;
        }
        i++;
        j++;
      }
      while (i < a.length() && a.charAt(i) == '0') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '0') {
        j++;
      }
      while (i < a.length() && isDigit(a.charAt(i)) && j < b.length() && isDigit(b.charAt(j))) {
        if (firstDiff == 0) {
          firstDiff = a.charAt(i) - b.charAt(j);
        }
        i++;
        j++;
      }
      if (i < a.length() && isDigit(a.charAt(i))) {
        return 1;
      }
      if (j < b.length() && isDigit(b.charAt(j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return firstDiff;
      }
    }
    return 0;
  }

  /** Weight of the character at {@code i}: end and digits 0, {@code ~} -1, letters first. */
  private static int order(String s, int i) {
    if (i >= s.length()) {
      return 0;
    }
    char c = s.charAt(i);
    if (isDigit(c)) {
      return 0;
    } else if (isAlpha(c)) {
      return c;
    } else if (c == '~') {
      return -1;
    } else {
      return c + 256;
    }
  }

  /**
   * A key equal for exactly the strings {@link #verrevcmp} calls equal: digit runs lose their
   * leading zeros, and a final all-zero digit run is dropped ({@code 1.0} equals {@code 1.}, {@code
   * 0} equals the empty string).
   */
  static String canonical(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        out.append(c);
        i++;
        continue;
      }
      while (i < s.length() && s.charAt(i) == '0') {
        i++;
      }
      int nonZero = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      if (nonZero < i) {
        out.append(s, nonZero, i);
      } else if (i < s.length()) {
        out.append('0'); // an all-zero run in the middle still separates non-digit runs
      }
    }
    return out.toString();
  }

  /** C's {@code isspace} in the C locale, as dpkg uses it. */
  private static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAlnum(char c) {
    return isDigit(c) || isAlpha(c);
  }

  /**
   * A parsed Debian version. {@code equals} and {@code hashCode} follow dpkg's order ({@code 1.0},
   * {@code 0:1.0-0} and {@code 1.00} are equal), not the raw string.
   *
   * @param raw the string as given to {@link #parse}
   * @param epoch the epoch, 0 when absent
   * @param upstream the upstream version (whitespace stripped)
   * @param revision the Debian revision, empty when absent
   */
  public record DebianVersion(String raw, long epoch, String upstream, String revision)
      implements Version {
    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof DebianVersion other)) {
        throw new IllegalArgumentException(
            "cannot compare deb version \"" + raw + "\" with " + o.scheme().name() + " version");
      }
      int c = Long.compare(epoch, other.epoch);
      if (c == 0) {
        c = verrevcmp(upstream, other.upstream);
      }
      if (c == 0) {
        c = verrevcmp(revision, other.revision);
      }
      return Integer.signum(c);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof DebianVersion other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(epoch) * 961
          + canonical(upstream).hashCode() * 31
          + canonical(revision).hashCode();
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
