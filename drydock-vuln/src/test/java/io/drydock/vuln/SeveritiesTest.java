package io.drydock.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeveritiesTest {
  @Test
  void log4ShellIsCritical() {
    Severities.Assessment s = Severities.of(SharedAdvisories.ghsa("GHSA-jfh8-c2jp-5v3q"));
    Severity p = s.primary().orElseThrow();
    assertThat(p.type()).isEqualTo("CVSS_V3");
    assertThat(p.score()).isEqualTo(10.0);
    assertThat(p.rating()).isEqualTo(Severity.Rating.CRITICAL);
    assertThat(p.source()).isEqualTo("CVSS_V3 from record");
    assertThat(s.diagnostics()).isEmpty();
  }

  @Test
  void cvssV4IsScoredAndPreferred() {
    Severities.Assessment s = Severities.of(SharedAdvisories.ghsa("GHSA-qw6h-vgh9-j6wx"));
    assertThat(s.severities()).extracting(Severity::type).containsExactly("CVSS_V3", "CVSS_V4");
    Severity v3 = s.severities().get(0);
    assertThat(v3.score()).isEqualTo(5.0);
    assertThat(v3.rating()).isEqualTo(Severity.Rating.MEDIUM);
    Severity v4 = s.primary().orElseThrow();
    assertThat(v4.type()).isEqualTo("CVSS_V4");
    assertThat(v4.score()).isEqualTo(2.3);
    assertThat(v4.rating()).isEqualTo(Severity.Rating.LOW);
  }

  @Test
  void databaseSpecificWhenNoVector() {
    // axios CVE-2023-45857: empty severity[], database_specific MODERATE.
    Severity s =
        Severities.of(SharedAdvisories.ghsa("GHSA-wf5p-g6vw-rhxx")).primary().orElseThrow();
    assertThat(s.source()).isEqualTo("database_specific");
    assertThat(s.vector()).isEqualTo("MODERATE");
    assertThat(s.rating()).isEqualTo(Severity.Rating.MEDIUM);
    assertThat(s.score()).isNull();
  }

  @Test
  void recordsWithoutAnySeverityHaveNone() {
    Severities.Assessment s =
        Severities.of(SharedAdvisories.load("alpine/osv/ALPINE-CVE-2019-1547.json"));
    assertThat(s.primary()).isEmpty();
  }

  @Test
  void bandsAndV2() {
    assertThat(Severity.Rating.ofCvss3or4(0.0)).isEqualTo(Severity.Rating.NONE);
    assertThat(Severity.Rating.ofCvss3or4(3.9)).isEqualTo(Severity.Rating.LOW);
    assertThat(Severity.Rating.ofCvss3or4(4.0)).isEqualTo(Severity.Rating.MEDIUM);
    assertThat(Severity.Rating.ofCvss3or4(8.9)).isEqualTo(Severity.Rating.HIGH);
    assertThat(Severity.Rating.ofCvss3or4(9.0)).isEqualTo(Severity.Rating.CRITICAL);
    Severity v2 =
        Severities.cvss(new SeverityEntry("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P"), "test");
    assertThat(v2.score()).isEqualTo(7.5);
    assertThat(v2.rating()).isEqualTo(Severity.Rating.HIGH);
  }

  @Test
  void malformedOrMislabelledVectorsAreDiagnosedAndSkipped() throws Exception {
    Advisory a =
        OsvParser.parse(
            """
            {"id": "S-1", "modified": "2024-01-01T00:00:00Z",
             "severity": [{"type": "CVSS_V3", "score": "AV:N/AC:L/Au:N/C:P/I:P/A:P"},
                          {"type": "CVSS_V3", "score": "CVSS:3.1/AV:N\\ngarbage"},
                          {"type": "MADE_UP", "score": "11"}],
             "database_specific": {"severity": "HIGH"}}
            """
                .getBytes(StandardCharsets.UTF_8),
            "s.json");
    Severities.Assessment s = Severities.of(a);
    assertThat(s.diagnostics())
        .hasSize(3)
        .allSatisfy(d -> assertThat(d).startsWith("S-1: ").doesNotContain("\n"));
    assertThat(s.primary().orElseThrow().source()).isEqualTo("database_specific");
  }

  @Test
  void affectedLevelSeverityWins() throws Exception {
    Advisory a =
        OsvParser.parse(
            """
            {"id": "S-2", "modified": "2024-01-01T00:00:00Z",
             "affected": [{"package": {"ecosystem": "npm", "name": "x"},
               "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}]}
            """
                .getBytes(StandardCharsets.UTF_8),
            "s.json");
    Severity s = Severities.of(a, 0).primary().orElseThrow();
    assertThat(s.source()).isEqualTo("CVSS_V3 from affected[0]");
    assertThat(s.score()).isEqualTo(9.8);
  }
}
