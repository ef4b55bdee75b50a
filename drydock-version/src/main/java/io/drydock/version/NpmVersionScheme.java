package io.drydock.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * npm versions and ranges as node-semver 7 defines them: SemVer 2.0 order (build metadata ignored,
 * a prerelease sorts before its release, numeric identifiers numerically and before alphanumeric
 * ones, which compare by code unit), a leading {@code v} and surrounding whitespace accepted.
 * {@link #parse(String, boolean) Loose} parsing (node-semver's {@code loose: true}: {@code =1.2.3},
 * {@code v 1.2.3}, {@code 01.02.03}, {@code 1.2.3foo}) is opt-in; OSV's npm ranges are strict.
 *
 * <p>Ranges ({@link #range}, {@link #satisfies}): {@code ||} alternatives of space-separated
 * comparators ({@code < <= > >= =}), x-ranges ({@code 1.x}, {@code 1.2.*}, {@code 1}), tilde
 * ({@code ~1.2.3}, {@code ~>1.2}), caret ({@code ^0.2.3}) and hyphen ranges ({@code 1.2 - 2.3.4}),
 * with node-semver's prerelease rule: a prerelease satisfies a range only if some comparator of the
 * matching alternative carries a prerelease of the same major.minor.patch, unless {@code
 * includePrerelease}.
 *
 * <p>Hand-written, following node-semver's {@code classes/semver.js} and {@code classes/range.js}:
 * semver4j 6.0.0 has no loose mode, orders {@code 1.2.3-r2} before {@code 1.2.3-r100} (node-semver
 * and SemVer 2.0 put it after) and refuses ranges npm accepts ({@code >=*}, {@code x}, {@code ~x},
 * {@code ||}, {@code ^1.2 ^1}, {@code 1.0.0 - x}). Where an includePrerelease case has no upstream
 * vector, the lower bound of a full version never widens to its own prereleases (as node-semver
 * does for {@code ^1.0.0} and {@code ^0.0.3}), and a full hyphen upper bound is inclusive ({@code
 * <=2.3.4}).
 *
 * <p>Unlike node-semver, whose {@code satisfies} answers {@code false} for garbage, {@link
 * #satisfies} throws {@link InvalidVersionException} for an invalid version or range.
 */
public final class NpmVersionScheme implements VersionScheme {
  /** node-semver's MAX_LENGTH. */
  static final int MAX_LENGTH = 256;

  /** node-semver's limit for major, minor and patch: Number.MAX_SAFE_INTEGER. */
  static final long MAX_SAFE_INTEGER = 9007199254740991L;

  /** Longest range accepted: many alternatives fit, hostile strings do not. */
  static final int MAX_RANGE_LENGTH = 1024;

  private static final NpmVersionScheme INSTANCE = new NpmVersionScheme();

  private static final String NUM = "0|[1-9]\\d*";
  private static final String LOOSE_NUM = "\\d+";
  private static final String NON_NUM = "\\d*[a-zA-Z-][a-zA-Z0-9-]*";
  private static final String PRE_ID = "(?:" + NUM + "|" + NON_NUM + ")";
  private static final String LOOSE_PRE_ID = "(?:" + LOOSE_NUM + "|" + NON_NUM + ")";
  private static final String PRE = "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))";
  private static final String LOOSE_PRE =
      "(?:-?(" + LOOSE_PRE_ID + "(?:\\." + LOOSE_PRE_ID + ")*))";
  private static final String BUILD = "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))";

  private static final Pattern STRICT =
      Pattern.compile("v?(" + NUM + ")\\.(" + NUM + ")\\.(" + NUM + ")" + PRE + "?" + BUILD + "?");
  private static final Pattern LOOSE =
      Pattern.compile(
          "[v=\\s]*("
              + LOOSE_NUM
              + ")\\.("
              + LOOSE_NUM
              + ")\\.("
              + LOOSE_NUM
              + ")"
              + LOOSE_PRE
              + "?"
              + BUILD
              + "?");

  /** An x-range: {@code [v=]*} then up to three parts, each a number, x, X or *. */
  private static String partial(String num, String pre) {
    String id = "(" + num + "|x|X|\\*)";
    return "[v=\\s]*" + id + "(?:\\." + id + "(?:\\." + id + "(?:" + pre + ")?" + BUILD + "?)?)?";
  }

  private static final Pattern STRICT_PARTIAL = Pattern.compile(partial(NUM, PRE));
  private static final Pattern LOOSE_PARTIAL = Pattern.compile(partial(LOOSE_NUM, LOOSE_PRE));
  private static final Pattern STRICT_HYPHEN =
      Pattern.compile("(" + partial(NUM, PRE) + ")\\s+-\\s+(" + partial(NUM, PRE) + ")");
  private static final Pattern LOOSE_HYPHEN =
      Pattern.compile(
          "("
              + partial(LOOSE_NUM, LOOSE_PRE)
              + ")\\s+-\\s+("
              + partial(LOOSE_NUM, LOOSE_PRE)
              + ")");
  private static final Pattern OPERATOR = Pattern.compile("^(~>|~|\\^|<=|>=|<|>|=)?(.*)$");
  private static final Pattern GLUE = Pattern.compile("(~>|~|\\^|<=|>=|<|>|=)\\s+");

  @Override
  public String name() {
    return "npm";
  }

  /** Strict parse, as node-semver without options (a leading {@code v} and whitespace allowed). */
  @Override
  public NpmVersion parse(String raw) {
    return parse(raw, false);
  }

  /** Parses {@code raw}, with node-semver's {@code loose} grammar when {@code loose}. */
  public NpmVersion parse(String raw, boolean loose) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    Matcher m = (loose ? LOOSE : STRICT).matcher(raw.strip());
    if (!m.matches()) {
      throw new InvalidVersionException(
          this, raw, loose ? "not a version" : "not a SemVer 2.0 version");
    }
    return new NpmVersion(
        raw,
        number(raw, m.group(1)),
        number(raw, m.group(2)),
        number(raw, m.group(3)),
        identifiers(m.group(4)));
  }

  private long number(String raw, String digits) {
    String trimmed = digits.replaceFirst("^0+(?=.)", "");
    if (trimmed.length() > 16 || Long.parseLong(trimmed) > MAX_SAFE_INTEGER) {
      throw new InvalidVersionException(this, raw, "number larger than 2^53-1");
    }
    return Long.parseLong(trimmed);
  }

  private static List<String> identifiers(String prerelease) {
    return prerelease == null ? List.of() : List.of(prerelease.split("\\.", -1));
  }

  /** {@code satisfies(range, version, false, false)}: strict, prereleases excluded. */
  public boolean satisfies(String range, String version) {
    return satisfies(range, version, false, false);
  }

  /**
   * Whether {@code version} satisfies {@code range} (node-semver's {@code satisfies} with the
   * {@code loose} and {@code includePrerelease} options). Throws {@link InvalidVersionException}
   * when either is invalid.
   */
  public boolean satisfies(String range, String version, boolean loose, boolean includePrerelease) {
    return range(range, loose, includePrerelease).test(parse(version, loose));
  }

  /** Parses a range; throws {@link InvalidVersionException} (naming the range) when invalid. */
  public Range range(String range, boolean loose, boolean includePrerelease) {
    if (range == null) {
      throw new InvalidVersionException(this, "null", "no range");
    }
    if (range.length() > MAX_RANGE_LENGTH) {
      throw new InvalidVersionException(
          this, range.substring(0, 32) + "…", "range longer than " + MAX_RANGE_LENGTH);
    }
    List<List<Comparator>> alternatives = new ArrayList<>();
    for (String alternative : range.split("\\s*\\|\\|\\s*", -1)) {
      List<Comparator> set = parseAlternative(range, alternative.strip(), loose, includePrerelease);
      if (!set.isEmpty()) {
        alternatives.add(set);
      }
    }
    if (alternatives.isEmpty()) {
      throw new InvalidVersionException(this, range, "not a range");
    }
    return new Range(range, alternatives, includePrerelease);
  }

  private List<Comparator> parseAlternative(
      String range, String alternative, boolean loose, boolean includePrerelease) {
    List<Comparator> out = new ArrayList<>();
    if (alternative.isEmpty()) {
      out.add(Comparator.ANY);
      return out;
    }
    Matcher hyphen = (loose ? LOOSE_HYPHEN : STRICT_HYPHEN).matcher(alternative);
    if (hyphen.matches()) {
      Partial from = partial(range, hyphen.group(1), loose);
      Partial to = partial(range, hyphen.group(2 + partialGroups()), loose);
      hyphenBounds(from, to, includePrerelease, out);
      return out;
    }
    for (String token : GLUE.matcher(alternative).replaceAll("$1").split("\\s+")) {
      Matcher op = OPERATOR.matcher(token);
      if (!op.matches()) {
        throw new InvalidVersionException(this, range, "bad comparator \"" + token + "\"");
      }
      String operator = op.group(1) == null ? "" : op.group(1);
      Partial p;
      try {
        p = partial(range, op.group(2), loose);
      } catch (InvalidVersionException e) {
        if (loose) {
          continue; // node-semver drops unparsable comparators in loose mode
        }
        throw e;
      }
      desugar(operator, p, includePrerelease, out);
    }
    return out;
  }

  private static int partialGroups() {
    return STRICT_PARTIAL.matcher("").groupCount();
  }

  /** A version with missing or wildcard parts ({@code null}). */
  private record Partial(Long major, Long minor, Long patch, List<String> prerelease) {
    NpmVersion full() {
      return NpmVersion.of(major, minor, patch, prerelease);
    }
  }

  private Partial partial(String range, String text, boolean loose) {
    Matcher m = (loose ? LOOSE_PARTIAL : STRICT_PARTIAL).matcher(text.strip());
    if (!m.matches()) {
      throw new InvalidVersionException(this, range, "bad comparator \"" + text + "\"");
    }
    Long major = wildcard(range, m.group(1));
    Long minor = major == null ? null : wildcard(range, m.group(2));
    Long patch = minor == null ? null : wildcard(range, m.group(3));
    return new Partial(major, minor, patch, patch == null ? List.of() : identifiers(m.group(4)));
  }

  private Long wildcard(String range, String part) {
    if (part == null || part.equals("*") || part.equalsIgnoreCase("x")) {
      return null;
    }
    return number(range, part);
  }

  private static NpmVersion lowest(long major, long minor, long patch, boolean prereleases) {
    return NpmVersion.of(major, minor, patch, prereleases ? List.of("0") : List.of());
  }

  /** Turns one {@code op partial} into comparators (none = any version). */
  private static void desugar(String op, Partial p, boolean incPre, List<Comparator> out) {
    switch (op) {
      case "~", "~>" -> {
        if (p.major == null) {
          out.add(Comparator.ANY);
        } else if (p.minor == null) {
          out.add(new Comparator(">=", lowest(p.major, 0, 0, incPre)));
          out.add(new Comparator("<", lowest(p.major + 1, 0, 0, true)));
        } else {
          NpmVersion low = p.patch == null ? lowest(p.major, p.minor, 0, incPre) : p.full();
          out.add(new Comparator(">=", low));
          out.add(new Comparator("<", lowest(p.major, p.minor + 1, 0, true)));
        }
      }
      case "^" -> {
        if (p.major == null) {
          out.add(Comparator.ANY);
        } else if (p.minor == null) {
          out.add(new Comparator(">=", lowest(p.major, 0, 0, incPre)));
          out.add(new Comparator("<", lowest(p.major + 1, 0, 0, true)));
        } else if (p.patch == null) {
          out.add(new Comparator(">=", lowest(p.major, p.minor, 0, incPre)));
          out.add(
              new Comparator(
                  "<",
                  p.major == 0
                      ? lowest(0, p.minor + 1, 0, true)
                      : lowest(p.major + 1, 0, 0, true)));
        } else {
          out.add(new Comparator(">=", p.full()));
          NpmVersion upper;
          if (p.major != 0) {
            upper = lowest(p.major + 1, 0, 0, true);
          } else if (p.minor != 0) {
            upper = lowest(0, p.minor + 1, 0, true);
          } else {
            upper = lowest(0, 0, p.patch + 1, true);
          }
          out.add(new Comparator("<", upper));
        }
      }
      default -> xRange(op, p, incPre, out);
    }
  }

  private static void xRange(String op, Partial p, boolean incPre, List<Comparator> out) {
    if (p.patch != null) {
      out.add(new Comparator(op.isEmpty() ? "=" : op, p.full()));
      return;
    }
    if (op.equals("=")) {
      op = "";
    }
    if (p.major == null) {
      // >* and <* admit nothing; every other wildcard admits everything
      out.add(op.equals(">") || op.equals("<") ? Comparator.NONE : Comparator.ANY);
      return;
    }
    long major = p.major;
    long minor = p.minor == null ? 0 : p.minor;
    if (op.isEmpty()) {
      out.add(new Comparator(">=", lowest(major, minor, 0, incPre)));
      out.add(
          new Comparator(
              "<",
              p.minor == null ? lowest(major + 1, 0, 0, true) : lowest(major, minor + 1, 0, true)));
      return;
    }
    if (op.equals(">") || op.equals("<=")) {
      // >1.2 means >=1.3.0; <=1.2 means <1.3.0 (every 1.2.x is allowed)
      op = op.equals(">") ? ">=" : "<";
      if (p.minor == null) {
        major++;
        minor = 0;
      } else {
        minor++;
      }
    }
    out.add(new Comparator(op, lowest(major, minor, 0, op.equals("<") || incPre)));
  }

  private static void hyphenBounds(Partial from, Partial to, boolean incPre, List<Comparator> out) {
    if (from.major != null) {
      NpmVersion low =
          from.minor == null
              ? lowest(from.major, 0, 0, incPre)
              : from.patch == null ? lowest(from.major, from.minor, 0, incPre) : from.full();
      out.add(new Comparator(">=", low));
    }
    if (to.major == null) {
      // no upper bound
    } else if (to.minor == null) {
      out.add(new Comparator("<", lowest(to.major + 1, 0, 0, true)));
    } else if (to.patch == null) {
      out.add(new Comparator("<", lowest(to.major, to.minor + 1, 0, true)));
    } else {
      out.add(new Comparator("<=", to.full()));
    }
    if (out.isEmpty()) {
      out.add(Comparator.ANY);
    }
  }

  /** One comparator: {@code op} is one of {@code = < <= > >=}; {@link #ANY} matches everything. */
  public record Comparator(String op, NpmVersion version) {
    /** Any version (prereleases still subject to the range's prerelease rule). */
    public static final Comparator ANY = new Comparator("", null);

    /** No version at all ({@code <0.0.0-0}). */
    public Comparator {
      if (version == null ? !op.isEmpty() : !Set.of("=", "<", "<=", ">", ">=").contains(op)) {
        throw new IllegalArgumentException("npm comparator operator \"" + op + "\"");
      }
    }

    public static final Comparator NONE =
        new Comparator("<", NpmVersion.of(0L, 0L, 0L, List.of("0")));

    boolean test(NpmVersion v) {
      if (version == null) {
        return true;
      }
      int c = v.compareTo(version);
      return switch (op) {
        case "=" -> c == 0;
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        case ">=" -> c >= 0;
        default -> throw new IllegalStateException("operator " + op);
      };
    }
  }

  /**
   * A parsed range: alternatives (OR) of comparator sets (AND). Immutable and thread-safe.
   *
   * @param raw the range as given
   * @param alternatives the comparator sets; a version satisfies the range if it satisfies every
   *     comparator of one set
   * @param includePrerelease whether prereleases match without a same-release prerelease bound
   */
  public record Range(String raw, List<List<Comparator>> alternatives, boolean includePrerelease) {
    public Range {
      alternatives = alternatives.stream().map(List::copyOf).toList();
    }

    /** Whether {@code v} lies in the range. */
    public boolean test(NpmVersion v) {
      for (List<Comparator> set : alternatives) {
        if (testSet(set, v)) {
          return true;
        }
      }
      return false;
    }

    private boolean testSet(List<Comparator> set, NpmVersion v) {
      for (Comparator c : set) {
        if (!c.test(v)) {
          return false;
        }
      }
      if (v.prerelease().isEmpty() || includePrerelease) {
        return true;
      }
      // node-semver: a prerelease only matches when a bound of this set is a prerelease of the
      // same major.minor.patch (^1.2.3-beta.1 admits 1.2.3-beta.2, not 1.2.4-alpha)
      for (Comparator c : set) {
        NpmVersion bound = c.version();
        if (bound != null
            && !bound.prerelease().isEmpty()
            && bound.major() == v.major()
            && bound.minor() == v.minor()
            && bound.patch() == v.patch()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return raw;
    }
  }

  /**
   * An npm version: {@code major.minor.patch} (each at most 2^53-1) and prerelease identifiers.
   * Build metadata is dropped: {@code 1.2.3+a} equals {@code 1.2.3+b}, as node-semver compares.
   */
  public record NpmVersion(String raw, long major, long minor, long patch, List<String> prerelease)
      implements Version {
    public NpmVersion {
      prerelease = List.copyOf(prerelease);
    }

    static NpmVersion of(long major, long minor, long patch, List<String> prerelease) {
      String base = major + "." + minor + "." + patch;
      return new NpmVersion(
          prerelease.isEmpty() ? base : base + "-" + String.join(".", prerelease),
          major,
          minor,
          patch,
          prerelease);
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof NpmVersion other)) {
        throw new IllegalArgumentException("cannot compare npm version with " + o.scheme().name());
      }
      int c = Long.compare(major, other.major);
      if (c == 0) {
        c = Long.compare(minor, other.minor);
      }
      if (c == 0) {
        c = Long.compare(patch, other.patch);
      }
      return c != 0 ? Integer.signum(c) : comparePrerelease(prerelease, other.prerelease);
    }

    private static int comparePrerelease(List<String> a, List<String> b) {
      if (a.isEmpty() || b.isEmpty()) {
        return a.isEmpty() == b.isEmpty() ? 0 : a.isEmpty() ? 1 : -1;
      }
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        String x = a.get(i);
        String y = b.get(i);
        boolean xn = GoVersionScheme.isNumeric(x);
        boolean yn = GoVersionScheme.isNumeric(y);
        int c;
        if (xn && yn) {
          c = new BigInteger(x).compareTo(new BigInteger(y)); // loose allows leading zeros
        } else if (xn != yn) {
          c = xn ? -1 : 1;
        } else {
          c = x.compareTo(y);
        }
        if (c != 0) {
          return Integer.signum(c);
        }
      }
      return Integer.compare(a.size(), b.size());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof NpmVersion other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
      int h = Long.hashCode(major) * 31 * 31 + Long.hashCode(minor) * 31 + Long.hashCode(patch);
      for (String id : prerelease) {
        h =
            h * 31
                + (GoVersionScheme.isNumeric(id) ? new BigInteger(id).hashCode() : id.hashCode());
      }
      return h;
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
