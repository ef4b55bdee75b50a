package io.drydock.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The built-in rules, each written as the CEL a user could have written (so {@code drydock policy
 * eval} output and this table say the same thing). Switched on by name in a policy's {@code
 * builtins:} list, some with a parameter; every built-in denies.
 *
 * <table>
 *   <caption>Built-ins</caption>
 *   <tr><th>name</th><th>parameter</th><th>passes when</th></tr>
 *   <tr><td>{@code no-fixable-critical-high}</td><td>none</td><td>no CRITICAL or HIGH finding
 *       has a fix</td></tr>
 *   <tr><td>{@code no-kev}</td><td>none</td><td>no finding is in CISA's KEV catalog</td></tr>
 *   <tr><td>{@code base-max-age-days}</td><td>N (int)</td><td>the base image is at most N days
 *       old, or its age is unknown</td></tr>
 *   <tr><td>{@code trusted-registries}</td><td>list of {@code host} or {@code host/path}</td>
 *       <td>the image comes from one of them (local targets never do)</td></tr>
 *   <tr><td>{@code no-root}</td><td>none</td><td>the config's user is set and is neither {@code
 *       root} nor uid 0</td></tr>
 *   <tr><td>{@code signed-by-trusted-key}</td><td>none, or list of key ids</td><td>a verified
 *       signature exists (by one of the keys, when listed)</td></tr>
 *   <tr><td>{@code scan-attestation-max-age-hours}</td><td>N (int)</td><td>a verified
 *       vulnerability-scan attestation ({@value #SCAN_ATTESTATION_TYPE}) at most N hours old
 *       exists</td></tr>
 * </table>
 */
public final class BuiltinRules {
  /** The in-toto predicate type of scan attestations (cosign's {@code --type vuln}). */
  public static final String SCAN_ATTESTATION_TYPE =
      "https://cosign.sigstore.dev/attestation/vuln/v1";

  private BuiltinRules() {}

  /** A parameter kind a built-in accepts. */
  enum Param {
    NONE,
    INT,
    STRINGS,
    OPTIONAL_STRINGS
  }

  private record Builtin(Param param, Function<Object, Rule> rule) {}

  private static final Map<String, Builtin> ALL = new TreeMap<>();

  static {
    ALL.put(
        "no-fixable-critical-high",
        new Builtin(
            Param.NONE,
            p ->
                findingRule(
                    "no-fixable-critical-high",
                    "f.severity in ['CRITICAL', 'HIGH'] && f.fixAvailable",
                    "fixable CRITICAL/HIGH vulnerabilities: ")));
    ALL.put(
        "no-kev",
        new Builtin(
            Param.NONE,
            p -> findingRule("no-kev", "f.kev", "known exploited vulnerabilities (CISA KEV): ")));
    ALL.put(
        "base-max-age-days",
        new Builtin(
            Param.INT,
            p ->
                imageRule(
                    "base-max-age-days",
                    "!has(base.ageDays) || base.ageDays <= " + p,
                    "'base image ' + base.name + ' is ' + string(base.ageDays)"
                        + " + ' days old (limit "
                        + p
                        + ")'")));
    ALL.put(
        "trusted-registries",
        new Builtin(
            Param.STRINGS,
            p ->
                imageRule(
                    "trusted-registries",
                    cel(p)
                        + ".exists(r, image.registry == r"
                        + " || (image.registry + '/' + image.repository).startsWith(r + '/'))",
                    "'image ' + image.reference + ' is not from a trusted registry (' + "
                        + quote(String.join(", ", strings(p)))
                        + " + ')'")));
    ALL.put(
        "no-root",
        new Builtin(
            Param.NONE,
            p ->
                imageRule(
                    "no-root",
                    "!(config.user in ['', 'root', '0'])"
                        + " && !config.user.startsWith('root:') && !config.user.startsWith('0:')",
                    "'image runs as root (config user '"
                        + " + (config.user == '' ? 'unset' : '\"' + config.user + '\"') + ')'")));
    ALL.put(
        "signed-by-trusted-key",
        new Builtin(
            Param.OPTIONAL_STRINGS,
            p ->
                imageRule(
                    "signed-by-trusted-key",
                    p == null
                        ? "signatures.exists(s, s.verified)"
                        : "signatures.exists(s, s.verified && s.keyId in " + cel(p) + ")",
                    "'no verified signature"
                        + (p == null ? "" : " by a trusted key")
                        + " (' + string(size(signatures)) + ' signatures)'")));
    ALL.put(
        "scan-attestation-max-age-hours",
        new Builtin(
            Param.INT,
            p ->
                imageRule(
                    "scan-attestation-max-age-hours",
                    "attestations.exists(a, a.verified && a.type == '"
                        + SCAN_ATTESTATION_TYPE
                        + "' && a.ageHours <= "
                        + p
                        + ")",
                    "'no verified scan attestation younger than " + p + " hours'")));
  }

  /** The names of every built-in, sorted. */
  public static List<String> names() {
    return List.copyOf(ALL.keySet());
  }

  /** Whether {@code name} is a built-in. */
  public static boolean exists(String name) {
    return ALL.containsKey(name);
  }

  static Param param(String name) {
    return ALL.get(name).param();
  }

  /**
   * The rule for built-in {@code name} with its parameter: {@code null} for none, a {@code Long}
   * for an int, a {@code List<String>} for a list (already validated by the caller).
   *
   * @throws IllegalArgumentException unknown name
   */
  public static Rule rule(String name, Object parameter) {
    Builtin b = ALL.get(name);
    if (b == null) {
      throw new IllegalArgumentException(
          "unknown builtin " + name + " (known: " + String.join(", ", names()) + ")");
    }
    return b.rule().apply(parameter);
  }

  private static Rule findingRule(String name, String predicate, String prefix) {
    return new Rule(
        name,
        "!findings.exists(f, " + predicate + ")",
        "findings.filter(f, " + predicate + ")",
        Action.DENY,
        null,
        "'" + prefix + "' + violating.map(f, f.id + ' (' + f['package'] + ')').join(', ')",
        null);
  }

  private static Rule imageRule(String name, String expression, String messageExpression) {
    return new Rule(name, expression, null, Action.DENY, null, messageExpression, null);
  }

  /** A CEL list literal of the strings in {@code p}. */
  private static String cel(Object p) {
    List<String> quoted = new ArrayList<>();
    for (String s : strings(p)) {
      quoted.add(quote(s));
    }
    return "[" + String.join(", ", quoted) + "]";
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object p) {
    return (List<String>) p;
  }

  /** A CEL string literal: single-quoted, backslash and quote escaped, no control characters. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("'");
    for (char c : s.toCharArray()) {
      if (c == '\\' || c == '\'') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('\'').toString();
  }
}
