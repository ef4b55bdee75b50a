package io.drydock.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.vuln.Severity;
import io.drydock.vuln.Severity.Rating;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.Suppression;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  void countsOnlyUnsuppressedByRating() {
    Summary s = Summary.of(SampleScans.debianApp().findings());
    assertThat(s).isEqualTo(new Summary(6, 3, 1, 1, 0, 0, 1, 2, 2));
  }

  @Test
  void lineHasTrivysShapeAndOmitsEmptyExtras() {
    assertThat(Summary.of(List.of()).line())
        .isEqualTo("Total: 0 (CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0)");
    assertThat(new Summary(12, 1, 3, 5, 2, 0, 1, 2, 3).line())
        .isEqualTo(
            "Total: 12 (CRITICAL: 1, HIGH: 3, MEDIUM: 5, LOW: 2, UNKNOWN: 1), 2 suppressed, 3"
                + " with no fix yet");
  }

  @Test
  void noneIsShownOnlyWhenPresent() {
    Finding none =
        SampleScans.finding(
            "CVE-2024-0001",
            List.of(),
            List.of("CVE-2024-0001"),
            SampleScans.LIBC6,
            "Debian:12",
            List.of("2.36-9+deb12u5"),
            new Severity(
                "CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, Rating.NONE, "x"),
            "",
            List.of(),
            "");
    Finding suppressedUnfixed =
        SampleScans.finding(
                "CVE-2024-0002",
                List.of(),
                List.of("CVE-2024-0002"),
                SampleScans.LIBC6,
                "Debian:12",
                List.of(),
                SampleScans.cvss3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
                "",
                List.of(),
                "")
            .withSuppression(new Suppression(Suppression.Source.POLICY, "p.cel", "ignored", ""));
    assertThat(Summary.of(List.of(none, suppressedUnfixed)).line())
        .isEqualTo(
            "Total: 1 (CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, NONE: 1, UNKNOWN: 0), 1"
                + " suppressed");
  }
}
