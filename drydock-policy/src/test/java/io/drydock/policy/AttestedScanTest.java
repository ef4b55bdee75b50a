package io.drydock.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttestedScanTest {
  static final String REPORT =
      "{\"schemaVersion\":1,\"partial\":true,"
          + "\"base\":{\"rule\":\"layer-prefix\",\"name\":\"debian:12\",\"digest\":\"sha256:"
          + "a".repeat(64)
          + "\",\"layers\":1},"
          + "\"findings\":["
          + "{\"id\":\"CVE-2021-44228\",\"aliases\":[\"GHSA-jfh8-c2jp-5v3q\"],"
          + "\"package\":{\"name\":\"org.apache.logging.log4j:log4j-core\"},"
          + "\"installedVersion\":\"2.14.1\",\"fixAvailable\":true,"
          + "\"severity\":{\"rating\":\"critical\",\"score\":10.0},\"epss\":0.97,\"kev\":true,"
          + "\"origin\":\"app\",\"suppressed\":false},"
          + "{\"id\":\"CVE-2000-1\",\"severity\":{\"rating\":\"low\"},\"origin\":\"base\","
          + "\"suppressed\":true}]}";

  @Test
  void readsActiveFindingsAndTheBase() {
    AttestedScan s = AttestedScan.fromReport(Json.MAPPER.readTree(REPORT));
    assertThat(s.findings()).hasSize(1);
    PolicyInput.FindingFacts f = s.findings().get(0);
    assertThat(f.id()).isEqualTo("CVE-2021-44228");
    assertThat(f.aliases()).containsExactly("GHSA-jfh8-c2jp-5v3q");
    assertThat(f.severity()).isEqualTo("CRITICAL");
    assertThat(f.score()).isEqualTo(10.0);
    assertThat(f.fixAvailable()).isTrue();
    assertThat(f.kev()).isTrue();
    assertThat(f.epss()).isEqualTo(0.97);
    assertThat(f.pkg()).isEqualTo("org.apache.logging.log4j:log4j-core");
    assertThat(f.firstSeenDays()).isNull();
    assertThat(s.base().rule()).isEqualTo("LAYER_PREFIX");
    assertThat(s.base().name()).isEqualTo("debian:12");
    assertThat(s.sbom().partial()).isTrue();
  }

  @Test
  void thePolicyDecidesOnTheAttestedFindings() throws Exception {
    PolicyEngine engine =
        PolicyEngine.parse(
            "apiVersion: drydock.io/v1\nkind: Policy\nbuiltins:\n  - no-fixable-critical-high\n"
                + "  - base-max-age-days: 30\n",
            "t");
    Instant now = Instant.parse("2026-11-29T00:00:00Z");
    PolicyInput input =
        AttestedScan.fromReport(Json.MAPPER.readTree(REPORT))
            .input(
                PolicyInput.ImageFacts.of("registry.example.com/app:1", null),
                PolicyInput.ConfigFacts.of(null),
                Instant.parse("2026-09-01T00:00:00Z"),
                List.of(),
                List.of(),
                now);
    assertThat(input.base().ageDays()).isEqualTo(89L);
    Decision d = engine.evaluate(input);
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.violations())
        .extracting(Violation::rule)
        .containsExactly("no-fixable-critical-high", "base-max-age-days");
    assertThat(d.violations().get(0).findings()).containsExactly("CVE-2021-44228");
  }

  @Test
  void hostileReportsAreRefusedWithTheReason() {
    for (String[] c :
        new String[][] {
          {"[1,2]", "not a JSON object"},
          {"{\"schemaVersion\":2,\"findings\":[]}", "schemaVersion 2"},
          {"{\"schemaVersion\":1}", "no findings array"},
          {"{\"schemaVersion\":1,\"findings\":[{\"severity\":{}}]}", "has no id"},
        }) {
      assertThatThrownBy(() -> AttestedScan.fromReport(Json.MAPPER.readTree(c[0])))
          .as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c[1]);
    }
    StringBuilder many = new StringBuilder("{\"schemaVersion\":1,\"findings\":[");
    for (int i = 0; i <= AttestedScan.MAX_FINDINGS; i++) {
      many.append(i == 0 ? "" : ",").append("{\"id\":\"X\"}");
    }
    many.append("]}");
    assertThatThrownBy(() -> AttestedScan.fromReport(Json.MAPPER.readTree(many.toString())))
        .hasMessageContaining("over the limit");
  }
}
