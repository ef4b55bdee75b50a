package io.drydock.version;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version specifier set ({@code >=1.0,!=1.3.*,<2}), with the semantics of pypa/packaging
 * 26's {@code SpecifierSet}: operators {@code == != <= >= < > ~= ===}, {@code .*} prefix matching
 * for {@code ==}/{@code !=}, local labels ignored by {@code ==} unless the specifier has one, and
 * {@code <V}/{@code >V} excluding pre-releases, post-releases and local versions of {@code V}.
 * Hand-written (no Java 17 library does it right); it follows PEP 440 §Version specifiers and
 * packaging's {@code specifiers.py}, including its string-based {@code ~=} prefix computation.
 *
 * <p>Immutable and thread-safe. An empty set contains every version.
 */
public final class PypiSpecifierSet {
  /** Longer specifier sets are refused. */
  public static final int MAX_LENGTH = 4096;

  /** A specifier that packaging would refuse. The message names the input. */
  public static final class InvalidSpecifierException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidSpecifierException(String spec, String why) {
      super("invalid pypi specifier \"" + spec + "\": " + why);
    }
  }

  private static final String WS = PypiVersionScheme.PY_WS;
  private static final String PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
  private static final String POST = "(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?";
  private static final String DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
  private static final String LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";

  // packaging's Specifier._regex: which operator admits which version shape.
  private static final Pattern SPECIFIER =
      Pattern.compile(
          WS
              + "*(?:"
              + "==="
              + WS
              + "*(?:(?!"
              + WS
              + ")[^;)])*"
              + "|(?:==|!=)"
              + WS
              + "*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*"
              + "(?:\\.\\*|"
              + PRE
              + POST
              + DEV
              + LOCAL
              + ")?"
              + "|~="
              + WS
              + "*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+"
              + PRE
              + POST
              + DEV
              + "|(?:<=|>=|<|>)"
              + WS
              + "*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*"
              + PRE
              + POST
              + DEV
              + ")"
              + WS
              + "*",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern PY_STRIP = Pattern.compile("^" + WS + "+|" + WS + "+$");

  // packaging's _prefix_regex: "0rc1" -> "0", "rc1" when splitting a version for prefix matching.
  private static final Pattern PREFIX_SPLIT = Pattern.compile("([0-9]+)((?:a|b|c|rc)[0-9]+)");

  /** One specifier: an operator and the version text after it (stripped). */
  public record Specifier(String operator, String version) {
    @Override
    public String toString() {
      return operator + version;
    }
  }

  private record Parsed(Specifier spec, PypiVersion version, List<String> wildcard) {}

  private final String text;
  private final List<Parsed> specs;
  private final boolean hasArbitrary;

  private PypiSpecifierSet(String text, List<Parsed> specs) {
    this.text = text;
    this.specs = specs;
    this.hasArbitrary = text.contains("===");
  }

  /**
   * Parses a comma-separated specifier set; empty items are ignored (packaging does the same).
   *
   * @throws InvalidSpecifierException when an item is not a PEP 440 specifier or the text exceeds
   *     {@link #MAX_LENGTH}
   */
  public static PypiSpecifierSet parse(String text) {
    if (text == null) {
      throw new InvalidSpecifierException("null", "no specifier");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidSpecifierException(
          text.substring(0, 32) + "…", "longer than " + MAX_LENGTH + " characters");
    }
    List<Parsed> specs = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      String s = strip(item);
      if (!s.isEmpty()) {
        specs.add(parseOne(s));
      }
    }
    return new PypiSpecifierSet(text, Collections.unmodifiableList(specs));
  }

  private static Parsed parseOne(String s) {
    if (!SPECIFIER.matcher(s).matches()) {
      throw new InvalidSpecifierException(s, "not a PEP 440 specifier");
    }
    int opLength = s.startsWith("===") ? 3 : s.matches("(?s)(?:~=|==|!=|<=|>=).*") ? 2 : 1;
    Specifier spec = new Specifier(s.substring(0, opLength), strip(s.substring(opLength)));
    String op = spec.operator();
    String v = spec.version();
    try {
      if (op.equals("===")) {
        return new Parsed(spec, null, null);
      }
      if (v.endsWith(".*")) {
        return new Parsed(spec, null, wildcardSplit(v.substring(0, v.length() - 2)));
      }
      PypiVersion version = PypiVersionScheme.INSTANCE.parse(v);
      List<String> wildcard = op.equals("~=") ? wildcardSplit(compatiblePrefix(v)) : null;
      return new Parsed(spec, version, wildcard);
    } catch (InvalidVersionException e) {
      throw new InvalidSpecifierException(s, e.getMessage());
    }
  }

  /** The specifiers, in the order written. */
  public List<Specifier> specifiers() {
    return specs.stream().map(Parsed::spec).toList();
  }

  /**
   * Whether {@code version} satisfies every specifier; pre-releases (and dev releases) are excluded
   * when {@code prereleases} is false. {@code ===} compares the normalised form.
   */
  public boolean contains(Version version, boolean prereleases) {
    PypiVersion v = pypi(version);
    return contains(v, v.normalized(), prereleases);
  }

  /**
   * As packaging's {@code contains(version)} without a {@code prereleases} argument: for a single
   * version this accepts pre-releases whenever the specifiers match (PEP 440: pre-releases are
   * accepted when no final release matches).
   */
  public boolean contains(Version version) {
    return contains(version, true);
  }

  /**
   * Whether the version string {@code candidate} satisfies every specifier. A string that is not a
   * PEP 440 version satisfies only a set made of {@code ===} specifiers naming it
   * (case-insensitively), or the empty set; {@code ===} compares the string as given.
   */
  public boolean contains(String candidate, boolean prereleases) {
    PypiVersion v;
    try {
      v = PypiVersionScheme.INSTANCE.parse(candidate);
    } catch (InvalidVersionException e) {
      v = null;
    }
    return contains(v, candidate, prereleases);
  }

  /**
   * {@link #contains(String, boolean)} with packaging's default (see {@link #contains(Version)}).
   */
  public boolean contains(String candidate) {
    return contains(candidate, true);
  }

  private boolean contains(PypiVersion v, String arbitraryText, boolean prereleases) {
    if (v == null) {
      // Only === can match a string that is not a version.
      return specs.stream()
          .allMatch(p -> p.spec().operator().equals("===") && arbitraryEquals(arbitraryText, p));
    }
    if (!prereleases && v.isPrerelease()) {
      return false;
    }
    String text = hasArbitrary ? arbitraryText : v.normalized();
    for (Parsed p : specs) {
      if (!matches(p, v, text)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(Parsed p, PypiVersion v, String text) {
    PypiVersion spec = p.version();
    switch (p.spec().operator()) {
      case "===":
        return arbitraryEquals(text, p);
      case "==":
        return equal(p, v);
      case "!=":
        return !equal(p, v);
      case "<=":
        return v.publicVersion().compareTo(spec) <= 0;
      case ">=":
        return v.publicVersion().compareTo(spec) >= 0;
      case "~=":
        return v.publicVersion().compareTo(spec) >= 0 && wildcardMatch(p.wildcard(), v);
      case "<":
        // "<V must not allow a pre-release of V unless V is itself a pre-release."
        return v.compareTo(spec) < 0
            && !(!spec.isPrerelease()
                && v.isPrerelease()
                && v.compareTo(spec.earliestPrerelease()) >= 0);
      case ">":
        // ">V must not allow a post-release of V unless V is one, nor a local version of V."
        return v.compareTo(spec) > 0
            && !(!spec.isPostrelease() && v.isPostrelease() && v.postBase().equals(spec))
            && !(v.local() != null && v.publicVersion().equals(spec));
      default:
        throw new IllegalStateException("operator " + p.spec().operator());
    }
  }

  private static boolean arbitraryEquals(String text, Parsed p) {
    return text.toLowerCase(Locale.ROOT).equals(p.spec().version().toLowerCase(Locale.ROOT));
  }

  private static boolean equal(Parsed p, PypiVersion v) {
    if (p.wildcard() != null) {
      return wildcardMatch(p.wildcard(), v);
    }
    return (p.version().local() == null ? v.publicVersion() : v).equals(p.version());
  }

  // Prefix match as packaging does it: split both (normalised, trailing zeros kept), pad the
  // candidate's release with zeros to the prefix's length, cut it to the prefix's length, compare.
  private static boolean wildcardMatch(List<String> prefix, PypiVersion v) {
    List<String> candidate = versionSplit(v.publicVersion().normalized());
    int numeric = numericPrefixLength(prefix);
    int have = numericPrefixLength(candidate);
    if (have < numeric) {
      List<String> padded = new ArrayList<>(candidate.subList(0, have));
      padded.addAll(Collections.nCopies(numeric - have, "0"));
      padded.addAll(candidate.subList(have, candidate.size()));
      candidate = padded;
    }
    return candidate.subList(0, Math.min(prefix.size(), candidate.size())).equals(prefix);
  }

  private static List<String> wildcardSplit(String prefix) {
    String normalized;
    try {
      normalized = PypiVersionScheme.INSTANCE.parse(prefix).normalized();
    } catch (InvalidVersionException e) {
      normalized = prefix; // packaging's canonicalize_version returns invalid strings unaltered
    }
    return versionSplit(normalized);
  }

  // packaging's ~= prefix: split the specifier's version as written, keep the segments before the
  // first one starting with dev/a/b/rc/post, drop the last (so "~=2.2.post3" means ">=2.2.post3,
  // ==2.*"). Done on the text, like packaging, so odd spellings behave identically.
  private static String compatiblePrefix(String version) {
    List<String> split = versionSplit(version);
    int keep = 0;
    while (keep < split.size() && !isSuffix(split.get(keep))) {
      keep++;
    }
    List<String> kept = split.subList(0, Math.max(keep - 1, 0));
    if (kept.isEmpty()) {
      return "";
    }
    return kept.get(0) + "!" + String.join(".", kept.subList(1, kept.size()));
  }

  private static boolean isSuffix(String segment) {
    return segment.startsWith("dev")
        || segment.startsWith("a")
        || segment.startsWith("b")
        || segment.startsWith("rc")
        || segment.startsWith("post");
  }

  private static List<String> versionSplit(String version) {
    List<String> out = new ArrayList<>();
    int bang = version.lastIndexOf('!');
    String epoch = bang < 0 ? "" : version.substring(0, bang);
    out.add(epoch.isEmpty() ? "0" : epoch);
    for (String item : version.substring(bang + 1).split("\\.", -1)) {
      Matcher m = PREFIX_SPLIT.matcher(item);
      if (m.matches()) {
        out.add(m.group(1));
        out.add(m.group(2));
      } else {
        out.add(item);
      }
    }
    return out;
  }

  private static int numericPrefixLength(List<String> split) {
    int n = 0;
    while (n < split.size()
        && !split.get(n).isEmpty()
        && split.get(n).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      n++;
    }
    return n;
  }

  private PypiVersion pypi(Version version) {
    if (!(version instanceof PypiVersion)) {
      throw new IllegalArgumentException(
          "pypi specifier \""
              + text
              + "\" cannot test "
              + version.scheme().name()
              + " version \""
              + version.raw()
              + "\"");
    }
    return (PypiVersion) version;
  }

  private static String strip(String s) {
    return PY_STRIP.matcher(s).replaceAll("");
  }

  @Override
  public String toString() {
    return text;
  }
}
