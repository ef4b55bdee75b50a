package io.drydock.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RubyGems versions in {@code Gem::Version} order: the string is stripped, {@code -} becomes {@code
 * .pre.}, and it splits into numeric and alphabetic segments ({@code 1.0.rc2} → 1, 0, rc, 2). A
 * letter segment makes a prerelease ({@code 1.0.a < 1.0}); trailing zeros of the numeric part and
 * of the part from the first letter segment on are ignored, so {@code 1 == 1.0 == 1.0.0}. A blank
 * string is version {@code 0}, as {@code Gem::Version.new("")} is.
 *
 * <p>Hand-written: no Java 17 library implements Gem::Version (versatile falls back to a generic
 * order that gets prereleases wrong). It follows rubygems' {@code lib/rubygems/version.rb}: {@code
 * ANCHORED_VERSION_PATTERN} for validity, {@code canonical_segments} and {@code <=>}.
 */
public final class RubyGemsVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;
  private static final RubyGemsVersionScheme INSTANCE = new RubyGemsVersionScheme();

  /** Gem::Version::ANCHORED_VERSION_PATTERN after stripping whitespace. */
  private static final Pattern VALID =
      Pattern.compile("([0-9]+(?:\\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)?");

  private static final Pattern SEGMENT = Pattern.compile("[0-9]+|[a-zA-Z]+");

  @Override
  public String name() {
    return "gem";
  }

  @Override
  public GemVersion parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    String s = raw.strip();
    if (!VALID.matcher(s).matches()) {
      throw new InvalidVersionException(this, raw, "malformed version number string");
    }
    if (s.isEmpty()) {
      s = "0";
    }
    s = s.replace("-", ".pre.");
    List<Object> numeric = new ArrayList<>();
    List<Object> rest = new ArrayList<>();
    Matcher m = SEGMENT.matcher(s);
    while (m.find()) {
      String seg = m.group();
      Object value = GoVersionScheme.isDigit(seg.charAt(0)) ? new BigInteger(seg) : seg;
      (rest.isEmpty() && value instanceof BigInteger ? numeric : rest).add(value);
    }
    List<Object> canonical = new ArrayList<>(dropTrailingZeros(numeric));
    canonical.addAll(dropTrailingZeros(rest));
    return new GemVersion(raw, canonical);
  }

  private static List<Object> dropTrailingZeros(List<Object> segments) {
    int end = segments.size();
    while (end > 0 && BigInteger.ZERO.equals(segments.get(end - 1))) {
      end--;
    }
    return segments.subList(0, end);
  }

  /**
   * A RubyGems version. {@code canonicalSegments} holds {@link BigInteger} and {@link String}
   * elements (Gem::Version's {@code canonical_segments}); equal versions have equal segments.
   */
  public record GemVersion(String raw, List<Object> canonicalSegments) implements Version {
    public GemVersion {
      canonicalSegments = List.copyOf(canonicalSegments);
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    /** {@code true} when a letter segment is present ({@code 1.0.a}, {@code 1.0-1}). */
    public boolean prerelease() {
      return canonicalSegments.stream().anyMatch(String.class::isInstance);
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof GemVersion other)) {
        throw new IllegalArgumentException("cannot compare gem version with " + o.scheme().name());
      }
      List<Object> a = canonicalSegments;
      List<Object> b = other.canonicalSegments;
      for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
        Object x = i < a.size() ? a.get(i) : BigInteger.ZERO;
        Object y = i < b.size() ? b.get(i) : BigInteger.ZERO;
        if (x instanceof BigInteger xn && y instanceof BigInteger yn) {
          int c = xn.compareTo(yn);
          if (c != 0) {
            return Integer.signum(c);
          }
        } else if (x instanceof String xs && y instanceof String ys) {
          int c = xs.compareTo(ys); // ASCII letters only: Ruby's byte order
          if (c != 0) {
            return Integer.signum(c);
          }
        } else {
          return x instanceof String ? -1 : 1; // a letter segment sorts before any number
        }
      }
      return 0;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GemVersion other && canonicalSegments.equals(other.canonicalSegments);
    }

    @Override
    public int hashCode() {
      return canonicalSegments.hashCode();
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
