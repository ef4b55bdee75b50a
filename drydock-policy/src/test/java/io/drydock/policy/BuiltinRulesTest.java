package io.drydock.policy;

import static io.drydock.policy.Inputs.clean;
import static io.drydock.policy.Inputs.finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.policy.PolicyInput.AttestationFacts;
import io.drydock.policy.PolicyInput.SignatureFacts;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinRulesTest {
  static final String SCAN = BuiltinRules.SCAN_ATTESTATION_TYPE;

  /** builtin line, input, expected verdict: a pass and a fail case for every built-in. */
  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            "no-fixable-critical-high",
            clean()
                .findings(
                    finding("CVE-1", "CRITICAL", false, false, null),
                    finding("CVE-2", "MEDIUM", true, false, null)),
            Verdict.ALLOW),
        Arguments.of(
            "no-fixable-critical-high",
            clean()
                .findings(
                    finding("CVE-1", "HIGH", true, false, null),
                    finding("CVE-2", "LOW", true, false, null)),
            Verdict.DENY),
        Arguments.of(
            "no-kev",
            clean().findings(finding("CVE-1", "CRITICAL", true, false, null)),
            Verdict.ALLOW),
        Arguments.of(
            "no-kev", clean().findings(finding("CVE-1", "LOW", false, true, null)), Verdict.DENY),
        Arguments.of("base-max-age-days: 30", clean().baseAge(30L), Verdict.ALLOW),
        Arguments.of("base-max-age-days: 30", clean().baseAge(null), Verdict.ALLOW),
        Arguments.of("base-max-age-days: 30", clean().baseAge(31L), Verdict.DENY),
        Arguments.of("trusted-registries: [registry.example.com]", clean(), Verdict.ALLOW),
        Arguments.of("trusted-registries: [registry.example.com/team]", clean(), Verdict.ALLOW),
        Arguments.of("trusted-registries: [registry.example.com/te]", clean(), Verdict.DENY),
        Arguments.of(
            "trusted-registries: [registry.example.com]",
            clean().image("registry.example.com.evil.io/team/app:1.0"),
            Verdict.DENY),
        Arguments.of(
            "trusted-registries: [ghcr.io]", clean().image("oci:/tmp/x:demo"), Verdict.DENY),
        Arguments.of("no-root", clean().user("app:app"), Verdict.ALLOW),
        Arguments.of("no-root", clean().user(""), Verdict.DENY),
        Arguments.of("no-root", clean().user("root"), Verdict.DENY),
        Arguments.of("no-root", clean().user("0:0"), Verdict.DENY),
        Arguments.of(
            "signed-by-trusted-key",
            clean().signatures(new SignatureFacts("k1", true)),
            Verdict.ALLOW),
        Arguments.of(
            "signed-by-trusted-key",
            clean().signatures(new SignatureFacts("k1", false)),
            Verdict.DENY),
        Arguments.of(
            "signed-by-trusted-key: [k2]",
            clean().signatures(new SignatureFacts("k1", true), new SignatureFacts("k2", true)),
            Verdict.ALLOW),
        Arguments.of(
            "signed-by-trusted-key: [k2]",
            clean().signatures(new SignatureFacts("k1", true)),
            Verdict.DENY),
        Arguments.of(
            "scan-attestation-max-age-hours: 24",
            clean().attestations(new AttestationFacts(SCAN, 23, true)),
            Verdict.ALLOW),
        Arguments.of(
            "scan-attestation-max-age-hours: 24",
            clean().attestations(new AttestationFacts(SCAN, 25, true)),
            Verdict.DENY),
        Arguments.of(
            "scan-attestation-max-age-hours: 24",
            clean().attestations(new AttestationFacts(SCAN, 1, false)),
            Verdict.DENY),
        Arguments.of(
            "scan-attestation-max-age-hours: 24",
            clean().attestations(new AttestationFacts("https://slsa.dev/provenance/v1", 1, true)),
            Verdict.DENY));
  }

  @ParameterizedTest(name = "{0} on case {index} → {2}")
  @MethodSource("table")
  void builtinDecides(String builtin, Inputs input, Verdict expected) throws Exception {
    PolicyEngine engine =
        PolicyEngine.parse(Inputs.policy("builtins:\n  - " + builtin + "\n"), "p.yaml");
    Decision d = engine.evaluate(input.input());
    assertThat(d.verdict()).isEqualTo(expected);
    if (expected == Verdict.DENY) {
      assertThat(d.violations()).hasSize(1);
      assertThat(d.violations().get(0).rule()).isEqualTo(builtin.split(":")[0]);
    } else {
      assertThat(d.violations()).isEmpty();
    }
  }

  @Test
  void everyBuiltinIsInTheTable() {
    assertThat(table().map(a -> ((String) a.get()[0]).split(":")[0]).distinct())
        .containsExactlyInAnyOrderElementsOf(BuiltinRules.names());
  }

  @Test
  void findingRulesNameTheFindingsAndSayWhatIsWrong() throws Exception {
    PolicyEngine engine =
        PolicyEngine.parse(Inputs.policy("builtins: [no-fixable-critical-high]\n"), "p.yaml");
    Decision d =
        engine.evaluate(
            clean()
                .findings(
                    finding("CVE-1", "CRITICAL", true, false, null),
                    finding("CVE-2", "LOW", true, false, null),
                    finding("CVE-3", "HIGH", true, false, null))
                .input());
    Violation v = d.violations().get(0);
    assertThat(v.findings()).containsExactly("CVE-1", "CVE-3");
    assertThat(v.message())
        .isEqualTo("fixable CRITICAL/HIGH vulnerabilities: CVE-1 (pkg-CVE-1), CVE-3 (pkg-CVE-3)");
  }

  @Test
  void imageRulesExplainThemselves() throws Exception {
    PolicyEngine engine =
        PolicyEngine.parse(
            Inputs.policy("builtins:\n  - no-root\n  - base-max-age-days: 30\n"), "p.yaml");
    Decision d = engine.evaluate(clean().user("").baseAge(45L).input());
    assertThat(d.violations())
        .extracting(Violation::message)
        .containsExactly(
            "image runs as root (config user unset)",
            "base image debian:bookworm is 45 days old (limit 30)");
  }

  @Test
  void aBuiltinCanWarnInsteadOfDeny() throws Exception {
    PolicyEngine engine =
        PolicyEngine.parse(
            Inputs.policy("builtins:\n  - {name: no-kev, action: warn}\n"), "p.yaml");
    Decision d =
        engine.evaluate(clean().findings(finding("CVE-1", "LOW", false, true, 1L)).input());
    assertThat(d.verdict()).isEqualTo(Verdict.WARN);
    assertThat(d.violations().get(0).action()).isEqualTo(Action.WARN);
  }

  @Test
  void quotedParametersCannotBreakOutOfTheExpression() throws Exception {
    PolicyEngine engine =
        PolicyEngine.parse(
            Inputs.policy("builtins:\n  - trusted-registries: [\"x') || true || ('\"]\n"),
            "p.yaml");
    assertThat(engine.evaluate(clean().input()).verdict()).isEqualTo(Verdict.DENY);
  }
}
