package io.drydock.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Packagist (Composer) versions in the order OSV's Packagist comparator gives them, which is PHP's
 * {@code version_compare} after Composer-style trimming of a leading {@code v} or {@code V}:
 *
 * <ol>
 *   <li>{@code -}, {@code _} and {@code +} become {@code .}, and a {@code .} is put wherever a
 *       digit meets a non-digit ({@code 1.0RC1} → {@code 1.0.RC.1}); the string splits at the dots.
 *   <li>Numbers compare numerically. A word is a special form weighed by its prefix: {@code dev} <
 *       {@code alpha} = {@code a} < {@code beta} = {@code b} < {@code RC} = {@code rc} < (a number)
 *       < {@code pl} = {@code p}; words of equal weight are equal ({@code beta2.1 == b.2.1}). A
 *       word with none of these prefixes weighs what {@code dev} weighs (OSV's choice; PHP puts it
 *       below {@code dev}).
 *   <li>When one version runs out, the longer one is greater if its next part is a number ({@code
 *       1.0 < 1.0.0}) or a {@code p}/{@code pl} word, and smaller otherwise ({@code 1.0-dev <
 *       1.0}).
 * </ol>
 *
 * <p>Hand-written: no Java library implements either order. It follows osv-scalibr's {@code
 * semantic/version-packagist.go} and PHP's {@code version_compare} documentation. One deliberate
 * difference: {@code #} is refused. PHP and OSV treat a {@code #} part as equal to every number,
 * which makes {@code 1.2.3 == 1.2.3.# == 1.2.3.1} while {@code 1.2.3 < 1.2.3.1} (no consistent
 * equality), and Composer itself refuses such versions. Empty parts ({@code 1..2}, {@code 1.0-}),
 * whitespace and characters other than letters, digits and {@code . - _ + /} are refused too.
 */
public final class ComposerVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;
  private static final ComposerVersionScheme INSTANCE = new ComposerVersionScheme();

  /** The weight of a number when compared with a word (PHP's {@code #}). */
  static final int NUMBER_WEIGHT = 4;

  @Override
  public String name() {
    return "composer";
  }

  @Override
  public ComposerVersion parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    String s = raw;
    if (s.startsWith("v")) {
      s = s.substring(1);
    }
    if (s.startsWith("V")) {
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      throw new InvalidVersionException(this, raw, "empty");
    }
    List<Object> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      boolean separator = c == '.' || c == '-' || c == '_' || c == '+';
      if (!separator && !GoVersionScheme.isDigit(c) && !GoVersionScheme.isLetter(c) && c != '/') {
        throw new InvalidVersionException(
            this, raw, "unexpected character '" + VersionText.display(String.valueOf(c)) + "'");
      }
      boolean boundary =
          i > start
              && !separator
              && GoVersionScheme.isDigit(c) != GoVersionScheme.isDigit(s.charAt(i - 1));
      if (separator || boundary) {
        if (i == start) {
          throw new InvalidVersionException(this, raw, "empty part at " + i);
        }
        parts.add(part(s.substring(start, i)));
        start = separator ? i + 1 : i;
      }
    }
    return new ComposerVersion(raw, parts);
  }

  /** A number as {@link BigInteger}, a word as its {@link Integer} weight. */
  private static Object part(String p) {
    if (GoVersionScheme.isDigit(p.charAt(0))) {
      return new BigInteger(p);
    }
    if (p.startsWith("RC") || p.startsWith("rc")) {
      return 3;
    }
    if (p.startsWith("dev")) {
      return 0;
    }
    if (p.startsWith("a")) {
      return 1;
    }
    if (p.startsWith("b")) {
      return 2;
    }
    if (p.startsWith("p")) {
      return 5;
    }
    return 0;
  }

  /**
   * A Packagist version: its parts, numbers as {@link BigInteger} and words as their {@link
   * Integer} weight (0 dev, 1 alpha, 2 beta, 3 RC, 5 patch). Equal versions have equal parts.
   */
  public record ComposerVersion(String raw, List<Object> parts) implements Version {
    public ComposerVersion {
      parts = List.copyOf(parts);
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof ComposerVersion other)) {
        throw new IllegalArgumentException(
            "cannot compare composer version with " + o.scheme().name());
      }
      for (int i = 0; i < Math.min(parts.size(), other.parts.size()); i++) {
        Object x = parts.get(i);
        Object y = other.parts.get(i);
        int c;
        if (x instanceof BigInteger xn && y instanceof BigInteger yn) {
          c = xn.compareTo(yn);
        } else {
          c = Integer.compare(weight(x), weight(y));
        }
        if (c != 0) {
          return Integer.signum(c);
        }
      }
      if (parts.size() == other.parts.size()) {
        return 0;
      }
      // the longer version is greater when what follows is a number or a patch word
      boolean thisLonger = parts.size() > other.parts.size();
      Object next = thisLonger ? parts.get(other.parts.size()) : other.parts.get(parts.size());
      int longer = weight(next) >= NUMBER_WEIGHT ? 1 : -1;
      return thisLonger ? longer : -longer;
    }

    private static int weight(Object part) {
      return part instanceof Integer w ? w : NUMBER_WEIGHT;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ComposerVersion other && parts.equals(other.parts);
    }

    @Override
    public int hashCode() {
      return parts.hashCode();
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
