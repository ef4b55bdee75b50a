package io.drydock.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * RPM versions ({@code [epoch:]version[-release]}, "EVR") in rpm's order.
 *
 * <p>Hand-written because no Java 17 library implements rpmvercmp with {@code ~} and {@code ^}
 * without pulling in a generic fallback (research/libraries.md §5). It follows rpm's {@code
 * parseEVR()} ({@code lib/rpmver.c}) and {@code rpmvercmp()} ({@code rpmio/rpmvercmp.c}):
 *
 * <ul>
 *   <li>the epoch is a leading run of ASCII digits ended by {@code :} (an empty one means 0);
 *       absent means 0;
 *   <li>the release is everything after the last {@code -}; a version without a release sorts
 *       before the same version with any release (rpm's {@code labelCompare}, also what OSV does),
 *       so the order stays total;
 *   <li>{@code rpmvercmp}: segments are maximal runs of ASCII digits or ASCII letters, everything
 *       else separates them; {@code ~} sorts before everything, even the end; {@code ^} sorts after
 *       the end but before any further segment; numeric segments compare as numbers (leading zeros
 *       ignored) and beat alphabetic ones; alphabetic segments compare as byte strings.
 * </ul>
 *
 * <p>rpm accepts almost any string, so validity is rpm's own: the version part must not be empty.
 * Drydock also refuses whitespace and control characters and strings longer than {@link
 * #MAX_LENGTH}. Stateless and thread-safe.
 */
public final class RpmVersionScheme implements VersionScheme {
  /** The scheme; every version it parses returns it from {@link Version#scheme()}. */
  public static final RpmVersionScheme INSTANCE = new RpmVersionScheme();

  private RpmVersionScheme() {}

  /** Longer strings are refused so hostile input cannot cost time or memory. */
  public static final int MAX_LENGTH = 256;

  @Override
  public String name() {
    return "rpm";
  }

  @Override
  public RpmVersion parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    if (raw.isEmpty()) {
      throw invalid(raw, "version string is empty");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw invalid(raw, "whitespace or control character at index " + i);
      }
    }
    int s = 0;
    while (s < raw.length() && isDigit(raw.charAt(s))) {
      s++;
    }
    String epoch = "0";
    int versionStart = 0;
    if (s < raw.length() && raw.charAt(s) == ':') {
      if (s > 0) {
        epoch = raw.substring(0, s);
      }
      versionStart = s + 1;
    }
    String version;
    String release = null;
    int hyphen = raw.lastIndexOf('-');
    if (hyphen >= versionStart) {
      version = raw.substring(versionStart, hyphen);
      release = raw.substring(hyphen + 1);
    } else {
      version = raw.substring(versionStart);
    }
    if (version.isEmpty()) {
      throw invalid(raw, "version part is empty");
    }
    return new RpmVersion(raw, epoch, version, release);
  }

  private InvalidVersionException invalid(String raw, String why) {
    return new InvalidVersionException(this, raw, why);
  }

  /**
   * rpm's {@code rpmvercmp(a, b)} on one field (epoch, version or release) without any EVR
   * splitting: -1, 0 or 1. Any string is accepted, including the empty one; callers that need
   * validity use {@link #parse}.
   */
  public static int rpmvercmp(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      while (i < a.length() && isSeparator(a.charAt(i))) {
        i++;
      }
      while (j < b.length() && isSeparator(b.charAt(j))) {
        j++;
      }
      char ca = i < a.length() ? a.charAt(i) : 0;
      char cb = j < b.length() ? b.charAt(j) : 0;
      if (ca == '~' || cb == '~') {
        if (ca != '~') {
          return 1;
        }
        if (cb != '~') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (ca == '^' || cb == '^') {
        if (ca == 0) {
          return -1;
        }
        if (cb == 0) {
          return 1;
        }
        if (ca != '^') {
          return 1;
        }
        if (cb != '^') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (ca == 0 || cb == 0) {
        break;
      }
      boolean numeric = isDigit(ca);
      int endA = segmentEnd(a, i, numeric);
      int endB = segmentEnd(b, j, numeric);
      if (endB == j) {
        // a's segment is numeric and b's alphabetic, or the reverse: numbers are newer
        return numeric ? 1 : -1;
      }
      int c;
      if (numeric) {
        while (i < endA - 1 && a.charAt(i) == '0') {
          i++;
        }
        while (j < endB - 1 && b.charAt(j) == '0') {
          j++;
        }
        c = Integer.compare(endA - i, endB - j);
        if (c == 0) {
          c = compareChars(a, i, endA, b, j, endB);
        }
      } else {
        c = compareChars(a, i, endA, b, j, endB);
      }
      if (c != 0) {
        return c < 0 ? -1 : 1;
      }
      i = endA;
      j = endB;
    }
    boolean aDone = i >= a.length();
    boolean bDone = j >= b.length();
    if (aDone && bDone) {
      return 0;
    }
    return aDone ? -1 : 1;
  }

  private static int segmentEnd(String s, int from, boolean numeric) {
    int k = from;
    while (k < s.length() && (numeric ? isDigit(s.charAt(k)) : isAlpha(s.charAt(k)))) {
      k++;
    }
    return k;
  }

  private static int compareChars(String a, int i, int endA, String b, int j, int endB) {
    while (i < endA && j < endB) {
      int c = Character.compare(a.charAt(i), b.charAt(j));
      if (c != 0) {
        return c;
      }
      i++;
      j++;
    }
    return Integer.compare(endA - i, endB - j);
  }

  /**
   * The segments {@link #rpmvercmp} sees, as a key equal for exactly the strings it calls equal:
   * numbers without leading zeros, letters as they are, {@code ~} and {@code ^} as themselves.
   */
  static List<String> segments(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '~' || c == '^') {
        out.add(String.valueOf(c));
        i++;
      } else if (isDigit(c) || isAlpha(c)) {
        int end = segmentEnd(s, i, isDigit(c));
        int k = i;
        while (isDigit(c) && k < end - 1 && s.charAt(k) == '0') {
          k++;
        }
        out.add((isDigit(c) ? "#" : "a") + s.substring(k, end));
        i = end;
      } else {
        i++;
      }
    }
    return out;
  }

  private static boolean isSeparator(char c) {
    return !isDigit(c) && !isAlpha(c) && c != '~' && c != '^';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * A parsed RPM EVR. {@code equals} and {@code hashCode} follow rpm's order ({@code 0:1.0-1} and
   * {@code 1.00-01} are equal), not the raw string.
   *
   * @param raw the string as given to {@link #parse}
   * @param epoch the epoch digits, {@code "0"} when absent
   * @param version the version, never empty
   * @param release the release, {@code null} when the string has none
   */
  public record RpmVersion(String raw, String epoch, String version, String release)
      implements Version {
    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof RpmVersion other)) {
        throw new IllegalArgumentException(
            "cannot compare rpm version \"" + raw + "\" with " + o.scheme().name() + " version");
      }
      int c = rpmvercmp(epoch, other.epoch);
      if (c == 0) {
        c = rpmvercmp(version, other.version);
      }
      if (c == 0) {
        if (release == null || other.release == null) {
          c = Boolean.compare(release != null, other.release != null);
        } else {
          c = rpmvercmp(release, other.release);
        }
      }
      return c;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RpmVersion other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          segments(epoch), segments(version), release == null ? null : segments(release));
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
