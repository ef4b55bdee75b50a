package io.drydock.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 versions ({@code pypi}), parsed, normalised and ordered as pypa/packaging 26's {@code
 * Version}. Hand-written because no Java 17 library does it right (research/libraries.md §5); it
 * follows the PEP 440 grammar (appendix B regex, with packaging's possessive quantifiers) and
 * packaging's {@code _cmpkey} order. Legacy (non-PEP 440) strings such as {@code 0.1-bulbasaur},
 * which packaging ≥ 22 refuses, are invalid here too. Stateless and thread-safe.
 */
public final class PypiVersionScheme implements VersionScheme {
  /** The shared instance (the scheme is stateless). */
  public static final PypiVersionScheme INSTANCE = new PypiVersionScheme();

  /** Longer inputs are refused, so hostile strings cannot cost time or memory. */
  public static final int MAX_LENGTH = 256;

  // Python's str \s (Unicode whitespace), which packaging allows around a version.
  static final String PY_WS =
      "[\\t\\n\\x0B\\f\\r \\x1C-\\x1F\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F"
          + "\\u205F\\u3000]";

  // ASCII letters only, case-insensitive (packaging scopes the grammar with (?a:...)).
  private static final Pattern VERSION =
      Pattern.compile(
          PY_WS
              + "*+v?+"
              + "(?:(?<epoch>[0-9]+)!)?+"
              + "(?<release>[0-9]+(?:\\.[0-9]+)*+)"
              + "(?<pre>[._-]?+(?<prel>alpha|a|beta|b|preview|pre|c|rc)[._-]?+(?<pren>[0-9]+)?)?+"
              + "(?<post>-(?<postn1>[0-9]+)"
              + "|[._-]?(?<postl>post|rev|r)[._-]?(?<postn2>[0-9]+)?)?+"
              + "(?<dev>[._-]?+dev[._-]?+(?<devn>[0-9]+)?)?+"
              + "(?:\\+(?<local>[a-z0-9]+(?:[._-][a-z0-9]+)*+))?+"
              + PY_WS
              + "*+",
          Pattern.CASE_INSENSITIVE);

  /** Use {@link #INSTANCE}; kept public so the catalogue and tests may construct it. */
  public PypiVersionScheme() {}

  @Override
  public String name() {
    return "pypi";
  }

  @Override
  public PypiVersion parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    Matcher m = VERSION.matcher(raw);
    if (!m.matches()) {
      throw new InvalidVersionException(this, raw, "not a PEP 440 version");
    }
    BigInteger epoch =
        m.group("epoch") == null ? BigInteger.ZERO : new BigInteger(m.group("epoch"));
    List<BigInteger> release = new ArrayList<>();
    for (String part : m.group("release").split("\\.")) {
      release.add(new BigInteger(part));
    }
    PypiVersion.PreLabel preLabel = null;
    BigInteger pre = null;
    if (m.group("pre") != null) {
      preLabel = preLabel(m.group("prel"));
      pre = number(m.group("pren"));
    }
    BigInteger post = null;
    if (m.group("post") != null) {
      post = number(m.group("postn1") != null ? m.group("postn1") : m.group("postn2"));
    }
    BigInteger dev = m.group("dev") == null ? null : number(m.group("devn"));
    String local = m.group("local");
    return new PypiVersion(
        raw,
        epoch,
        release,
        preLabel,
        pre,
        post,
        dev,
        local == null ? null : PypiVersion.localSegments(local));
  }

  /** True when {@code raw} parses. */
  public boolean isValid(String raw) {
    try {
      parse(raw);
      return true;
    } catch (InvalidVersionException e) {
      return false;
    }
  }

  private static PypiVersion.PreLabel preLabel(String label) {
    switch (label.toLowerCase(Locale.ROOT)) {
      case "a":
      case "alpha":
        return PypiVersion.PreLabel.A;
      case "b":
      case "beta":
        return PypiVersion.PreLabel.B;
      default: // c, rc, pre, preview
        return PypiVersion.PreLabel.RC;
    }
  }

  // Implicit number: "1.0a" is 1.0a0, "1.0.post" is 1.0.post0, "1.0.dev" is 1.0.dev0.
  private static BigInteger number(String digits) {
    return digits == null ? BigInteger.ZERO : new BigInteger(digits);
  }
}
