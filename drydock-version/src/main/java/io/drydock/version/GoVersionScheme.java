package io.drydock.version;

import java.util.List;

/**
 * Go module versions in the order of golang.org/x/mod/semver, with or without the leading {@code v}
 * (OSV's {@code Go} ranges omit it). {@code +incompatible} and other build metadata are ignored for
 * order; pseudo-versions ({@code v0.0.0-20191109021931-daa7c04131f5}) are ordinary prereleases. The
 * shorthands {@code v1} and {@code v1.2} mean {@code v1.0.0} and {@code v1.2.0} and cannot carry a
 * prerelease or build.
 *
 * <p>Hand-written: no Java 17 library implements x/mod's semver (its shorthands and its rules
 * differ from SemVer 2.0 libraries). It follows x/mod/semver's {@code parse} and {@code Compare},
 * with one deliberate difference: x/mod orders every invalid string as equal and lowest, Drydock
 * refuses them ({@link #parse} throws).
 */
public final class GoVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;
  private static final GoVersionScheme INSTANCE = new GoVersionScheme();

  @Override
  public String name() {
    return "go";
  }

  @Override
  public GoVersion parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    Cursor c = new Cursor(raw, raw.startsWith("v") ? 1 : 0);
    String major = c.number();
    if (major == null) {
      throw invalid(raw, "no major version number");
    }
    if (c.atEnd()) {
      return new GoVersion(raw, major, "0", "0", List.of());
    }
    if (!c.take('.')) {
      throw invalid(raw, "a shorthand version (v1) cannot carry a prerelease or build");
    }
    String minor = c.number();
    if (minor == null) {
      throw invalid(raw, "no minor version number");
    }
    if (c.atEnd()) {
      return new GoVersion(raw, major, minor, "0", List.of());
    }
    if (!c.take('.')) {
      throw invalid(raw, "a shorthand version (v1.2) cannot carry a prerelease or build");
    }
    String patch = c.number();
    if (patch == null) {
      throw invalid(raw, "no patch version number");
    }
    List<String> prerelease = List.of();
    if (c.take('-')) {
      prerelease = c.identifiers(true);
      if (prerelease == null) {
        throw invalid(raw, "bad prerelease");
      }
    }
    if (c.take('+') && c.identifiers(false) == null) {
      throw invalid(raw, "bad build metadata");
    }
    if (!c.atEnd()) {
      throw invalid(raw, "unexpected character at " + c.pos);
    }
    return new GoVersion(raw, major, minor, patch, prerelease);
  }

  private InvalidVersionException invalid(String raw, String why) {
    return new InvalidVersionException(this, raw, why);
  }

  /** Reads x/mod's grammar left to right. */
  private static final class Cursor {
    private final String s;
    private int pos;

    Cursor(String s, int pos) {
      this.s = s;
      this.pos = pos;
    }

    boolean atEnd() {
      return pos == s.length();
    }

    boolean take(char ch) {
      if (pos < s.length() && s.charAt(pos) == ch) {
        pos++;
        return true;
      }
      return false;
    }

    /** A decimal number without leading zeros, or null. */
    String number() {
      int start = pos;
      while (pos < s.length() && isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == start || (s.charAt(start) == '0' && pos - start > 1)) {
        return null;
      }
      return s.substring(start, pos);
    }

    /**
     * Dot-separated identifiers of {@code [0-9A-Za-z-]}, none empty, up to a {@code +} or the end;
     * numeric ones without leading zeros when {@code prerelease}. Null when malformed.
     */
    List<String> identifiers(boolean prerelease) {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) != '+') {
        char ch = s.charAt(pos);
        if (!(isDigit(ch) || isLetter(ch) || ch == '-' || ch == '.')) {
          return null;
        }
        pos++;
      }
      if (!prerelease && pos < s.length()) {
        return null; // a second '+'
      }
      List<String> ids = List.of(s.substring(start, pos).split("\\.", -1));
      for (String id : ids) {
        if (id.isEmpty()) {
          return null;
        }
        if (prerelease && isNumeric(id) && id.length() > 1 && id.charAt(0) == '0') {
          return null;
        }
      }
      return ids;
    }
  }

  static boolean isDigit(char ch) {
    return ch >= '0' && ch <= '9';
  }

  static boolean isLetter(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
  }

  static boolean isNumeric(String id) {
    for (int i = 0; i < id.length(); i++) {
      if (!isDigit(id.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Compares decimal strings without leading zeros: shorter is smaller. */
  static int compareNumbers(String a, String b) {
    if (a.length() != b.length()) {
      return a.length() < b.length() ? -1 : 1;
    }
    return Integer.signum(a.compareTo(b));
  }

  /**
   * A valid Go module version. Equal when major, minor, patch and prerelease are equal (build
   * metadata such as {@code +incompatible} is ignored, as x/mod's {@code Compare} does).
   */
  public record GoVersion(
      String raw, String major, String minor, String patch, List<String> prerelease)
      implements Version {

    public GoVersion {
      prerelease = List.copyOf(prerelease);
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    /** x/mod's {@code Canonical}: {@code v} prefix, shorthands expanded, build dropped. */
    public String canonical() {
      String base = "v" + major + "." + minor + "." + patch;
      return prerelease.isEmpty() ? base : base + "-" + String.join(".", prerelease);
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof GoVersion other)) {
        throw new IllegalArgumentException("cannot compare go version with " + o.scheme().name());
      }
      int c = compareNumbers(major, other.major);
      if (c == 0) {
        c = compareNumbers(minor, other.minor);
      }
      if (c == 0) {
        c = compareNumbers(patch, other.patch);
      }
      return c != 0 ? c : comparePrerelease(prerelease, other.prerelease);
    }

    /** SemVer 2.0 §11: no prerelease sorts last; numeric < alphanumeric; shorter prefix first. */
    static int comparePrerelease(List<String> a, List<String> b) {
      if (a.isEmpty() || b.isEmpty()) {
        return a.isEmpty() == b.isEmpty() ? 0 : a.isEmpty() ? 1 : -1;
      }
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        String x = a.get(i);
        String y = b.get(i);
        boolean xn = isNumeric(x);
        boolean yn = isNumeric(y);
        int c;
        if (xn && yn) {
          c = compareNumbers(x, y);
        } else if (xn != yn) {
          c = xn ? -1 : 1;
        } else {
          c = Integer.signum(x.compareTo(y));
        }
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.size(), b.size());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GoVersion other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
      return canonical().hashCode();
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
