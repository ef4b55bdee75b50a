package io.drydock.policy;

import static io.drydock.policy.Inputs.clean;
import static io.drydock.policy.Inputs.finding;
import static io.drydock.policy.Inputs.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyEngineTest {
  static final String GRACE =
      policy(
          """
          rules:
            - name: fixable-critical
              expression: "!findings.exists(f, f.severity == 'CRITICAL' && f.fixAvailable)"
              findings: "findings.filter(f, f.severity == 'CRITICAL' && f.fixAvailable)"
              message: fixable critical vulnerabilities
              gracePeriodDays: 7
          """);

  @Test
  void youngFindingsWarnInsideTheGracePeriod() throws Exception {
    Decision d =
        PolicyEngine.parse(GRACE, "p.yaml")
            .evaluate(clean().findings(finding("CVE-1", "CRITICAL", true, false, 6L)).input());
    assertThat(d.verdict()).isEqualTo(Verdict.WARN);
    assertThat(d.violations().get(0).message())
        .isEqualTo("fixable critical vulnerabilities (within the 7-day grace period)");
    assertThat(d.violations().get(0).findings()).containsExactly("CVE-1");
  }

  @Test
  void oldFindingsDenyAfterTheGracePeriod() throws Exception {
    Decision d =
        PolicyEngine.parse(GRACE, "p.yaml")
            .evaluate(clean().findings(finding("CVE-1", "CRITICAL", true, false, 7L)).input());
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void oneOldFindingAmongYoungOnesDenies() throws Exception {
    Decision d =
        PolicyEngine.parse(GRACE, "p.yaml")
            .evaluate(
                clean()
                    .findings(
                        finding("CVE-1", "CRITICAL", true, false, 1L),
                        finding("CVE-2", "CRITICAL", true, false, 30L))
                    .input());
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.violations().get(0).findings()).containsExactly("CVE-1", "CVE-2");
  }

  @Test
  void unknownFirstSeenCountsAsOld() throws Exception {
    Decision d =
        PolicyEngine.parse(GRACE, "p.yaml")
            .evaluate(clean().findings(finding("CVE-1", "CRITICAL", true, false, null)).input());
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void exemptedImagesAreNotJudged() throws Exception {
    PolicyEngine e =
        PolicyEngine.parse(
            policy(
                """
                builtins: [no-root]
                exemptions:
                  images: ["registry.example.com/legacy/**"]
                """),
            "p.yaml");
    Decision exempt =
        e.evaluate(clean().user("").image("registry.example.com/legacy/a/b:1").input());
    assertThat(exempt.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(exempt.suppressed())
        .containsExactly(
            new Suppression(
                "image registry.example.com/legacy/a/b:1",
                "exempted by p.yaml: exemptions.images 'registry.example.com/legacy/**'"));
    Decision judged = e.evaluate(clean().user("").image("registry.example.com/team/a:1").input());
    assertThat(judged.verdict()).isEqualTo(Verdict.DENY);
    assertThat(judged.suppressed()).isEmpty();
  }

  @Test
  void singleStarStaysWithinOnePathSegment() throws Exception {
    PolicyEngine e =
        PolicyEngine.parse(
            policy("builtins: [no-root]\nexemptions:\n  images: [\"registry.example.com/*\"]\n"),
            "p.yaml");
    assertThat(e.evaluate(clean().user("").image("registry.example.com/a:1").input()).verdict())
        .isEqualTo(Verdict.ALLOW);
    assertThat(e.evaluate(clean().user("").image("registry.example.com/a/b:1").input()).verdict())
        .isEqualTo(Verdict.DENY);
  }

  static final String FINDING_EXEMPTIONS =
      policy(
          """
          builtins: [no-kev]
          exemptions:
            findings:
              - id: GHSA-CVE-1
                expires: 2026-11-28
                reason: not reachable, fix in next release
              - id: CVE-2
                expires: 2026-11-27
                reason: old exemption
          """);

  @Test
  void exemptedFindingsAreRemovedByIdOrAliasUntilTheirLastDay() throws Exception {
    Decision d =
        PolicyEngine.parse(FINDING_EXEMPTIONS, "p.yaml")
            .evaluate(clean().findings(finding("CVE-1", "HIGH", true, true, null)).input());
    assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(d.suppressed())
        .containsExactly(
            new Suppression(
                "finding CVE-1 in pkg-CVE-1 1.0",
                "exempted by p.yaml: not reachable, fix in next release (until 2026-11-28)"));
  }

  @Test
  void expiredExemptionsSuppressNothingAndWarn() throws Exception {
    Decision d =
        PolicyEngine.parse(FINDING_EXEMPTIONS, "p.yaml")
            .evaluate(clean().findings(finding("CVE-2", "HIGH", true, true, null)).input());
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.suppressed()).isEmpty();
    assertThat(d.violations())
        .extracting(Violation::rule, Violation::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("no-kev", Action.DENY),
            org.assertj.core.groups.Tuple.tuple(PolicyEngine.EXPIRED_EXEMPTION_RULE, Action.WARN));
    assertThat(d.violations().get(1).message())
        .isEqualTo(
            "exemption for CVE-2 expired on 2026-11-27 (old exemption): the finding counts again");
  }

  @Test
  void messageExpressionSeesTheInputAndViolatingFindings() throws Exception {
    PolicyEngine e =
        PolicyEngine.parse(
            policy(
                """
                rules:
                  - name: few-highs
                    expression: "findings.filter(f, f.severity == 'HIGH').size() < 2"
                    findings: "findings.filter(f, f.severity == 'HIGH')"
                    action: warn
                    messageExpression: "string(size(violating)) + ' HIGH findings in ' + image.repository"
                """),
            "p.yaml");
    Decision d =
        e.evaluate(
            clean()
                .findings(
                    finding("CVE-1", "HIGH", false, false, null),
                    finding("CVE-2", "HIGH", false, false, null))
                .input());
    assertThat(d.verdict()).isEqualTo(Verdict.WARN);
    assertThat(d.violations().get(0).message()).isEqualTo("2 HIGH findings in team/app");
  }

  @Test
  void aRuleThatCannotBeEvaluatedFailsClosed() throws Exception {
    PolicyEngine e =
        PolicyEngine.parse(
            policy(
                """
                rules:
                  - name: needs-epss
                    expression: "findings.all(f, f.epss < 0.5)"
                """),
            "p.yaml");
    Decision d = e.evaluate(clean().findings(finding("CVE-1", "HIGH", false, false, null)).input());
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.violations().get(0).message())
        .startsWith("rule needs-epss could not be evaluated: ");
  }

  @Test
  void integersAreCelInts() throws Exception {
    PolicyEngine e =
        PolicyEngine.parse(
            policy(
                """
                rules:
                  - name: small
                    expression: "sbom.components < 100 && base.ageDays + 1 == 11 && findings.size() == 0"
                """),
            "p.yaml");
    assertThat(e.evaluate(clean().input()).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void invalidCelNamesFileRuleAndPosition() {
    assertThatThrownBy(
            () ->
                PolicyEngine.parse(
                    policy(
                        """
                        rules:
                          - name: broken
                            expression: "findings.exists(f, f.kev ==)"
                        """),
                    "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("p.yaml: rule 'broken': expression 1:28: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void nonBooleanExpressionsAreRefusedAtLoad() {
    assertThatThrownBy(
            () ->
                PolicyEngine.parse(
                    policy("rules:\n  - name: s\n    expression: \"size(findings)\"\n"), "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("p.yaml: rule 's': expression 1:")
        .hasMessageContaining("bool");
  }

  @Test
  void aDynamicNonBooleanResultFailsClosed() throws Exception {
    PolicyEngine e =
        PolicyEngine.parse(
            policy("rules:\n  - name: s\n    expression: image.reference\n"), "p.yaml");
    Decision d = e.evaluate(clean().input());
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.violations().get(0).message())
        .isEqualTo("rule s could not be evaluated: the expression gave String, not a bool");
  }

  @Test
  void undeclaredVariablesAreRefusedAtLoad() {
    assertThatThrownBy(
            () ->
                PolicyEngine.parse(
                    policy("rules:\n  - name: u\n    expression: \"vulns.size() == 0\"\n"),
                    "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("rule 'u': expression 1:1: ")
        .hasMessageContaining("vulns");
  }

  @Test
  void unknownBuiltin() {
    assertThatThrownBy(() -> PolicyEngine.parse(policy("builtins: [no-roots]\n"), "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("p.yaml: line 3")
        .hasMessageContaining("unknown builtin 'no-roots' (known: base-max-age-days,");
  }

  @Test
  void wrongAction() {
    assertThatThrownBy(
            () ->
                PolicyEngine.parse(
                    policy("rules:\n  - name: a\n    expression: \"true\"\n    action: block\n"),
                    "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessage(
            "p.yaml: line 6, column 13: rule 'a': action must be deny or warn, not 'block'");
  }

  @Test
  void unknownTopLevelKey() {
    assertThatThrownBy(() -> PolicyEngine.parse(policy("builtins: [no-kev]\nrule: []\n"), "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("unknown key 'rule'");
  }

  @Test
  void wrongApiVersionKindAndParameters() {
    assertThatThrownBy(
            () ->
                PolicyEngine.parse("apiVersion: v1\nkind: Policy\nbuiltins: [no-kev]\n", "p.yaml"))
        .hasMessageContaining("apiVersion must be drydock.io/v1");
    assertThatThrownBy(
            () -> PolicyEngine.parse(policy("builtins:\n  - base-max-age-days: soon\n"), "p.yaml"))
        .hasMessageContaining("builtin base-max-age-days: expected a whole number");
    assertThatThrownBy(
            () -> PolicyEngine.parse(policy("builtins: [trusted-registries]\n"), "p.yaml"))
        .hasMessageContaining("builtin trusted-registries: needs a list");
    assertThatThrownBy(
            () ->
                PolicyEngine.parse(
                    policy(
                        "rules:\n  - name: g\n    expression: \"true\"\n    gracePeriodDays: 3\n"),
                    "p.yaml"))
        .hasMessageContaining("gracePeriodDays needs findings");
    assertThatThrownBy(() -> PolicyEngine.parse(policy("builtins: [no-kev, no-kev]\n"), "p.yaml"))
        .hasMessage("p.yaml: rule 'no-kev' is defined twice");
  }

  @Test
  void yamlAliasesAndHugeFilesAreRefused(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> PolicyEngine.parse(policy("x: &a [1]\nbuiltins: *a\n"), "p.yaml"))
        .isInstanceOf(PolicyException.class);
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, policy("builtins: [no-kev]\n") + "#".repeat(PolicyFile.MAX_BYTES));
    assertThatThrownBy(() -> PolicyEngine.load(big))
        .isInstanceOf(PolicyException.class)
        .hasMessage(big + ": larger than 1048576 bytes, refused");
  }

  @Test
  void theReadmeExampleLoads() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = readme.substring(start, readme.indexOf("```", start));
    PolicyEngine e = PolicyEngine.parse(yaml, "README.md");
    assertThat(e.policy().rules())
        .extracting(Rule::name)
        .containsExactly(
            "no-kev",
            "base-max-age-days",
            "trusted-registries",
            "no-root",
            "signed-by-trusted-key",
            "scan-attestation-max-age-hours",
            "no-fixable-critical-high",
            "app-critical");
    assertThat(e.policy().rules().get(6).action()).isEqualTo(Action.WARN);
    assertThat(e.policy().exemptions().findings()).hasSize(1);
  }
}
