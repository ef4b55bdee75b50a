package io.drydock.policy;

import io.drydock.policy.Exemptions.FindingExemption;
import io.drydock.vuln.suppress.YamlTree;
import io.drydock.vuln.suppress.YamlTree.ListNode;
import io.drydock.vuln.suppress.YamlTree.MapNode;
import io.drydock.vuln.suppress.YamlTree.Node;
import io.drydock.vuln.suppress.YamlTree.Scalar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy file (YAML) into a {@link Policy}; shape only, CEL is compiled by {@link
 * PolicyEngine}. Strict: unknown keys, wrong types and duplicate rule names are errors. See the
 * module README for the format.
 */
final class PolicyFile {
  /** Largest policy file accepted. */
  static final int MAX_BYTES = 1024 * 1024;

  static final String API_VERSION = "drydock.io/v1";
  static final String KIND = "Policy";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Set<String> TOP =
      Set.of("apiVersion", "kind", "rules", "builtins", "exemptions");
  private static final Set<String> RULE =
      Set.of(
          "name",
          "expression",
          "findings",
          "action",
          "message",
          "messageExpression",
          "gracePeriodDays");
  private static final Set<String> BUILTIN = Set.of("name", "value", "action", "gracePeriodDays");

  private PolicyFile() {}

  /** Reads {@code file}, refusing more than {@link #MAX_BYTES}. */
  static Policy read(Path file) throws IOException {
    String source = file.toString();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new PolicyException(source + ": larger than " + MAX_BYTES + " bytes, refused");
    }
    return parse(bytes, source);
  }

  /** Parses a policy document; {@code source} names it in errors. */
  static Policy parse(byte[] bytes, String source) throws PolicyException {
    if (bytes.length > MAX_BYTES) {
      throw new PolicyException(source + ": larger than " + MAX_BYTES + " bytes, refused");
    }
    Node root = YamlTree.parse(bytes, source, PolicyException::new);
    MapNode top = map(source, root, "a policy document (apiVersion, kind, rules, builtins)");
    keys(source, top, TOP, "");
    String api = string(source, top, "apiVersion", true, "");
    if (!API_VERSION.equals(api)) {
      throw error(source, top.entries().get("apiVersion"), "apiVersion must be " + API_VERSION);
    }
    String kind = string(source, top, "kind", true, "");
    if (!KIND.equals(kind)) {
      throw error(source, top.entries().get("kind"), "kind must be " + KIND);
    }
    List<Rule> rules = new ArrayList<>();
    Node builtins = top.entries().get("builtins");
    if (builtins != null && !isNull(builtins)) {
      for (Node item : list(source, builtins, "builtins").items()) {
        rules.add(builtin(source, item));
      }
    }
    Node userRules = top.entries().get("rules");
    if (userRules != null && !isNull(userRules)) {
      for (Node item : list(source, userRules, "rules").items()) {
        rules.add(rule(source, item));
      }
    }
    Set<String> names = new HashSet<>();
    for (Rule r : rules) {
      if (!names.add(r.name())) {
        throw new PolicyException(source + ": rule '" + r.name() + "' is defined twice");
      }
    }
    if (rules.isEmpty()) {
      throw error(source, top, "the policy has no rules and no builtins");
    }
    Node ex = top.entries().get("exemptions");
    Exemptions exemptions = ex == null || isNull(ex) ? Exemptions.none() : exemptions(source, ex);
    return new Policy(source, rules, exemptions);
  }

  private static Rule rule(String source, Node item) throws PolicyException {
    MapNode m = map(source, item, "a rule with name and expression");
    String name = string(source, m, "name", true, "rule");
    if (!NAME.matcher(name).matches()) {
      throw error(source, m.entries().get("name"), "rule name must match " + NAME.pattern());
    }
    String ctx = "rule '" + name + "': ";
    keys(source, m, RULE, ctx);
    Long grace = positiveInt(source, m, "gracePeriodDays", ctx);
    String findings = string(source, m, "findings", false, ctx);
    if (grace != null && findings == null) {
      throw error(
          source,
          m.entries().get("gracePeriodDays"),
          ctx + "gracePeriodDays needs findings: (the findings whose age counts)");
    }
    return new Rule(
        name,
        string(source, m, "expression", true, ctx),
        findings,
        action(source, m, ctx),
        string(source, m, "message", false, ctx),
        string(source, m, "messageExpression", false, ctx),
        grace);
  }

  /**
   * {@code - NAME}, {@code - NAME: VALUE}, or {@code - {name: NAME, value: VALUE, action: warn,
   * gracePeriodDays: N}}.
   */
  private static Rule builtin(String source, Node item) throws PolicyException {
    String name;
    Node value = null;
    Action action = null;
    Long grace = null;
    if (item instanceof Scalar s && s.text() != null) {
      name = s.text();
    } else if (item instanceof MapNode m && m.entries().containsKey("name")) {
      name = string(source, m, "name", true, "builtin: ");
      keys(source, m, BUILTIN, "builtin " + name + ": ");
      value = m.entries().get("value");
      action =
          m.entries().containsKey("action") ? action(source, m, "builtin " + name + ": ") : null;
      grace = positiveInt(source, m, "gracePeriodDays", "builtin " + name + ": ");
    } else if (item instanceof MapNode m && m.entries().size() == 1) {
      Map.Entry<String, Node> e = m.entries().entrySet().iterator().next();
      name = e.getKey();
      value = e.getValue();
    } else {
      throw error(source, item, "builtins: expected a name, NAME: VALUE, or {name, value, action}");
    }
    if (!BuiltinRules.exists(name)) {
      throw error(
          source,
          item,
          "unknown builtin '"
              + name
              + "' (known: "
              + String.join(", ", BuiltinRules.names())
              + ")");
    }
    Object param = param(source, name, item, value);
    Rule r = BuiltinRules.rule(name, param);
    if (grace != null && r.findings() == null) {
      throw error(
          source, item, "builtin " + name + ": gracePeriodDays applies only to finding rules");
    }
    return new Rule(
        r.name(),
        r.expression(),
        r.findings(),
        action == null ? r.action() : action,
        r.message(),
        r.messageExpression(),
        grace);
  }

  private static Object param(String source, String name, Node item, Node value)
      throws PolicyException {
    String ctx = "builtin " + name + ": ";
    boolean none = value == null || isNull(value);
    switch (BuiltinRules.param(name)) {
      case NONE -> {
        if (!none && !(value instanceof Scalar s && "true".equals(s.text()))) {
          throw error(source, value, ctx + "takes no value");
        }
        return null;
      }
      case INT -> {
        if (none) {
          throw error(source, item, ctx + "needs a whole number");
        }
        return parseInt(source, value, ctx);
      }
      case STRINGS, OPTIONAL_STRINGS -> {
        if (none || (value instanceof Scalar s && "true".equals(s.text()))) {
          if (BuiltinRules.param(name) == BuiltinRules.Param.STRINGS) {
            throw error(source, item, ctx + "needs a list");
          }
          return null;
        }
        List<String> out = new ArrayList<>();
        for (Node n : list(source, value, ctx.strip()).items()) {
          if (!(n instanceof Scalar s) || s.text() == null || s.text().isBlank()) {
            throw error(source, n, ctx + "expected a non-empty string");
          }
          out.add(s.text());
        }
        if (out.isEmpty()) {
          throw error(source, value, ctx + "the list is empty");
        }
        return List.copyOf(out);
      }
    }
    throw new IllegalStateException(name);
  }

  private static Exemptions exemptions(String source, Node node) throws PolicyException {
    MapNode m = map(source, node, "exemptions with images and findings");
    keys(source, m, Set.of("images", "findings"), "exemptions: ");
    List<String> images = new ArrayList<>();
    Node imgs = m.entries().get("images");
    if (imgs != null && !isNull(imgs)) {
      for (Node n : list(source, imgs, "exemptions.images").items()) {
        if (!(n instanceof Scalar s) || s.text() == null || s.text().isBlank()) {
          throw error(source, n, "exemptions.images: expected a glob pattern");
        }
        try {
          ImageGlob.compile(s.text());
        } catch (IllegalArgumentException e) {
          throw error(source, n, "exemptions.images: " + e.getMessage());
        }
        images.add(s.text());
      }
    }
    List<FindingExemption> findings = new ArrayList<>();
    Node fs = m.entries().get("findings");
    if (fs != null && !isNull(fs)) {
      for (Node n : list(source, fs, "exemptions.findings").items()) {
        MapNode f = map(source, n, "a finding exemption with id and reason");
        keys(source, f, Set.of("id", "expires", "reason"), "exemptions.findings: ");
        String id = string(source, f, "id", true, "exemptions.findings: ");
        String ctx = "exemption " + id + ": ";
        String reason = string(source, f, "reason", true, ctx);
        String expires = string(source, f, "expires", false, ctx);
        LocalDate date = null;
        if (expires != null) {
          try {
            date = LocalDate.parse(expires);
          } catch (DateTimeParseException e) {
            throw error(
                source, f.entries().get("expires"), ctx + "expires must be a date (YYYY-MM-DD)");
          }
        }
        findings.add(new FindingExemption(id, date, reason));
      }
    }
    return new Exemptions(images, findings);
  }

  private static Action action(String source, MapNode m, String ctx) throws PolicyException {
    String a = string(source, m, "action", false, ctx);
    if (a == null) {
      return Action.DENY;
    }
    return switch (a.toLowerCase(Locale.ROOT)) {
      case "deny" -> Action.DENY;
      case "warn" -> Action.WARN;
      default ->
          throw error(
              source,
              m.entries().get("action"),
              ctx + "action must be deny or warn, not '" + a + "'");
    };
  }

  private static Long positiveInt(String source, MapNode m, String key, String ctx)
      throws PolicyException {
    Node n = m.entries().get(key);
    if (n == null || isNull(n)) {
      return null;
    }
    return parseInt(source, n, ctx + key + ": ");
  }

  private static Long parseInt(String source, Node n, String ctx) throws PolicyException {
    if (n instanceof Scalar s && s.text() != null && s.text().matches("\\d{1,9}")) {
      return Long.parseLong(s.text());
    }
    throw error(source, n, ctx + "expected a whole number ≥ 0");
  }

  private static void keys(String source, MapNode m, Set<String> allowed, String ctx)
      throws PolicyException {
    for (Map.Entry<String, Node> e : m.entries().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw error(
            source,
            e.getValue(),
            ctx
                + "unknown key '"
                + e.getKey()
                + "' (expected one of "
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
      }
    }
  }

  private static String string(String source, MapNode m, String key, boolean required, String ctx)
      throws PolicyException {
    Node n = m.entries().get(key);
    if (n == null || isNull(n)) {
      if (required) {
        throw error(source, m, ctx + key + " is required");
      }
      return null;
    }
    if (!(n instanceof Scalar s)) {
      throw error(source, n, ctx + key + ": expected a string");
    }
    return s.text();
  }

  private static MapNode map(String source, Node n, String expected) throws PolicyException {
    if (n instanceof MapNode m) {
      return m;
    }
    throw error(source, n, "expected " + expected);
  }

  private static ListNode list(String source, Node n, String what) throws PolicyException {
    if (n instanceof ListNode l) {
      return l;
    }
    throw error(source, n, what + ": expected a list");
  }

  private static boolean isNull(Node n) {
    return n instanceof Scalar s && s.text() == null;
  }

  /** {@code file: line L, column C: problem} for a node of the policy file. */
  private static PolicyException error(String file, Node at, String problem) {
    return new PolicyException(YamlTree.message(file, at, problem));
  }
}
