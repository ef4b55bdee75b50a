package io.drydock.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.drydock.policy.Exemptions.FindingExemption;
import io.drydock.policy.PolicyInput.FindingFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled policy. Every CEL expression is compiled once, when the policy is loaded; {@link
 * #evaluate} only runs the programs. Immutable and thread-safe.
 *
 * <p>Evaluation, in order:
 *
 * <ol>
 *   <li>An image matching an {@code exemptions.images} glob is not judged: {@link Verdict#ALLOW},
 *       with the exemption in {@link Decision#suppressed()}.
 *   <li>Findings matching an unexpired {@code exemptions.findings} entry (by id or alias) are
 *       removed from the input and listed as suppressed. An exemption past its {@code expires} day
 *       (UTC, inclusive) removes nothing and adds a warn violation named {@value
 *       #EXPIRED_EXEMPTION_RULE}.
 *   <li>Each rule's {@code expression} is evaluated; {@code false} is a violation (the
 *       ValidatingAdmissionPolicy convention: the expression states what must hold). A rule whose
 *       evaluation fails (e.g. a missing map key) is violated too — it fails closed.
 *   <li>For a violated rule, {@code findings} (if any) names the findings behind it; with {@code
 *       gracePeriodDays}, a rule whose violating findings were all first seen fewer than that many
 *       days ago reports {@link Action#WARN} instead of deny. Unknown first-seen counts as old.
 * </ol>
 */
public final class PolicyEngine {
  /** The rule name of the warning an expired finding exemption produces. */
  public static final String EXPIRED_EXEMPTION_RULE = "exemption-expired";

  private static final CelType OBJECT = MapType.create(SimpleType.STRING, SimpleType.DYN);
  private static final CelType OBJECTS = ListType.create(OBJECT);

  private final Policy policy;
  private final List<CompiledRule> rules;
  private final List<ImageGlob> imageGlobs;

  private record CompiledRule(
      Rule rule,
      CelRuntime.Program expression,
      CelRuntime.Program findings,
      CelRuntime.Program message) {}

  private PolicyEngine(Policy policy, List<CompiledRule> rules, List<ImageGlob> imageGlobs) {
    this.policy = policy;
    this.rules = rules;
    this.imageGlobs = imageGlobs;
  }

  /**
   * Reads and compiles the policy file (YAML, at most 1 MiB).
   *
   * @throws PolicyException one line naming the file, the rule and, for CEL, the position
   * @throws IOException the file cannot be read
   */
  public static PolicyEngine load(Path file) throws IOException {
    return compile(PolicyFile.read(file));
  }

  /** Parses and compiles a policy document given as text; {@code source} names it in errors. */
  public static PolicyEngine parse(String yaml, String source) throws PolicyException {
    return compile(PolicyFile.parse(yaml.getBytes(StandardCharsets.UTF_8), source));
  }

  /** Compiles every expression of {@code policy}. */
  public static PolicyEngine compile(Policy policy) throws PolicyException {
    List<CompiledRule> compiled = new ArrayList<>();
    for (Rule r : policy.rules()) {
      compiled.add(
          new CompiledRule(
              r,
              program(policy, r, "expression", r.expression(), Cel.BOOL),
              r.findings() == null ? null : program(policy, r, "findings", r.findings(), Cel.LIST),
              r.messageExpression() == null
                  ? null
                  : program(policy, r, "messageExpression", r.messageExpression(), Cel.STRING)));
    }
    List<ImageGlob> globs = new ArrayList<>();
    for (String g : policy.exemptions().images()) {
      globs.add(ImageGlob.compile(g));
    }
    return new PolicyEngine(policy, List.copyOf(compiled), List.copyOf(globs));
  }

  /** The policy as read. */
  public Policy policy() {
    return policy;
  }

  /** Evaluates the policy against one image; never throws for rule failures (they fail closed). */
  public Decision evaluate(PolicyInput input) {
    for (ImageGlob g : imageGlobs) {
      if (g.matches(input.image())) {
        return Decision.of(
            List.of(),
            List.of(
                new Suppression(
                    "image " + input.image().reference(),
                    "exempted by " + policy.source() + ": exemptions.images '" + g + "'")));
      }
    }
    List<Suppression> suppressed = new ArrayList<>();
    List<Violation> violations = new ArrayList<>();
    PolicyInput effective = applyFindingExemptions(input, suppressed, violations);
    Map<String, Object> activation = effective.toCel();
    List<Violation> ruleViolations = new ArrayList<>();
    for (CompiledRule r : rules) {
      Violation v = evaluate(r, activation);
      if (v != null) {
        ruleViolations.add(v);
      }
    }
    ruleViolations.addAll(violations);
    return Decision.of(ruleViolations, suppressed);
  }

  private PolicyInput applyFindingExemptions(
      PolicyInput input, List<Suppression> suppressed, List<Violation> warnings) {
    List<FindingExemption> exemptions = policy.exemptions().findings();
    if (exemptions.isEmpty()) {
      return input;
    }
    Instant now = input.now();
    List<FindingFacts> kept = new ArrayList<>();
    Map<FindingExemption, List<String>> expiredHits = new java.util.LinkedHashMap<>();
    for (FindingFacts f : input.findings()) {
      FindingExemption active = null;
      for (FindingExemption e : exemptions) {
        if (!e.id().equals(f.id()) && !f.aliases().contains(e.id())) {
          continue;
        }
        if (e.expires() == null
            || now.isBefore(e.expires().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
          active = e;
          break;
        }
        expiredHits.computeIfAbsent(e, k -> new ArrayList<>()).add(f.id());
      }
      if (active == null) {
        kept.add(f);
      } else {
        suppressed.add(
            new Suppression(
                "finding " + f.id() + " in " + f.pkg() + " " + f.version(),
                "exempted by "
                    + policy.source()
                    + ": "
                    + active.reason()
                    + (active.expires() == null ? "" : " (until " + active.expires() + ")")));
      }
    }
    expiredHits.forEach(
        (e, ids) ->
            warnings.add(
                new Violation(
                    EXPIRED_EXEMPTION_RULE,
                    Action.WARN,
                    "exemption for "
                        + e.id()
                        + " expired on "
                        + e.expires()
                        + " ("
                        + e.reason()
                        + "): the finding counts again",
                    ids)));
    return new PolicyInput(
        input.image(),
        input.config(),
        input.base(),
        input.sbom(),
        kept,
        input.signatures(),
        input.attestations(),
        input.now());
  }

  private static Violation evaluate(CompiledRule r, Map<String, Object> activation) {
    Rule rule = r.rule();
    Object result;
    try {
      result = r.expression().eval(activation);
    } catch (CelEvaluationException | RuntimeException e) {
      return new Violation(
          rule.name(),
          rule.action(),
          "rule " + rule.name() + " could not be evaluated: " + oneLine(e.getMessage()),
          List.of());
    }
    if (Boolean.TRUE.equals(result)) {
      return null;
    }
    if (!(result instanceof Boolean)) {
      return new Violation(
          rule.name(),
          rule.action(),
          "rule "
              + rule.name()
              + " could not be evaluated: the expression gave "
              + (result == null ? "null" : result.getClass().getSimpleName())
              + ", not a bool",
          List.of());
    }
    List<?> violating = List.of();
    if (r.findings() != null) {
      try {
        violating = (List<?>) r.findings().eval(activation);
      } catch (CelEvaluationException | RuntimeException e) {
        violating = List.of();
      }
    }
    List<String> ids = new ArrayList<>();
    boolean allYoung = !violating.isEmpty() && rule.gracePeriodDays() != null;
    for (Object o : violating) {
      if (o instanceof Map<?, ?> m) {
        Object id = m.get("id");
        if (id != null) {
          ids.add(id.toString());
        }
        Object days = m.get("firstSeenDays");
        if (!(days instanceof Long d)
            || rule.gracePeriodDays() == null
            || d >= rule.gracePeriodDays()) {
          allYoung = false;
        }
      } else {
        allYoung = false;
      }
    }
    String message = rule.message() == null ? "rule " + rule.name() + " failed" : rule.message();
    if (r.message() != null) {
      Map<String, Object> withViolating = new HashMap<>(activation);
      withViolating.put("violating", violating);
      try {
        message = String.valueOf(r.message().eval(withViolating));
      } catch (CelEvaluationException | RuntimeException e) {
        // keep the static message
      }
    }
    Action action = rule.action();
    if (allYoung && action == Action.DENY) {
      action = Action.WARN;
      message += " (within the " + rule.gracePeriodDays() + "-day grace period)";
    }
    return new Violation(rule.name(), action, message, ids);
  }

  private static CelRuntime.Program program(
      Policy policy, Rule rule, String field, String expression, CelCompiler compiler)
      throws PolicyException {
    CelAbstractSyntaxTree ast;
    try {
      ast = compiler.compile(expression).getAst();
    } catch (CelValidationException e) {
      CelIssue issue = e.getErrors().get(0);
      throw new PolicyException(
          policy.source()
              + ": rule '"
              + rule.name()
              + "': "
              + field
              + " "
              + issue.getSourceLocation().getLine()
              + ":"
              + (issue.getSourceLocation().getColumn() + 1)
              + ": "
              + oneLine(issue.getMessage()),
          e);
    }
    try {
      return Cel.RUNTIME.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new PolicyException(
          policy.source()
              + ": rule '"
              + rule.name()
              + "': "
              + field
              + ": "
              + oneLine(e.getMessage()),
          e);
    }
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The CEL environment, built once (building it costs far more than compiling a rule). */
  private static final class Cel {
    static final CelCompiler BOOL = compiler(false).setResultType(SimpleType.BOOL).build();
    static final CelCompiler LIST =
        compiler(false).setResultType(ListType.create(SimpleType.DYN)).build();
    static final CelCompiler STRING = compiler(true).setResultType(SimpleType.STRING).build();
    static final CelRuntime RUNTIME =
        CelRuntimeFactory.standardCelRuntimeBuilder().addLibraries(CelExtensions.strings()).build();

    private static CelCompilerBuilder compiler(boolean withViolating) {
      CelCompilerBuilder b =
          CelCompilerFactory.standardCelCompilerBuilder()
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
              .addLibraries(CelExtensions.strings())
              .addVar("image", OBJECT)
              .addVar("config", OBJECT)
              .addVar("base", OBJECT)
              .addVar("sbom", OBJECT)
              .addVar("findings", OBJECTS)
              .addVar("signatures", OBJECTS)
              .addVar("attestations", OBJECTS)
              .addVar("now", SimpleType.STRING);
      if (withViolating) {
        b.addVar("violating", OBJECTS);
      }
      return b;
    }
  }
}
