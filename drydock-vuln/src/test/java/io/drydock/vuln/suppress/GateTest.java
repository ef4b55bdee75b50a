package io.drydock.vuln.suppress;

import static io.drydock.vuln.suppress.Findings.DEBIAN_12;
import static io.drydock.vuln.suppress.Findings.FIXTURES;
import static io.drydock.vuln.suppress.Findings.IMAGE;
import static io.drydock.vuln.suppress.Findings.IMAGE_PURL;
import static io.drydock.vuln.suppress.Findings.JUNE_2026;
import static io.drydock.vuln.suppress.Findings.LIBSSL3;
import static io.drydock.vuln.suppress.Findings.LOG4J;
import static io.drydock.vuln.suppress.Findings.SETUPTOOLS;
import static io.drydock.vuln.suppress.Findings.X_NET;
import static io.drydock.vuln.suppress.Findings.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.sbom.Sbom;
import io.drydock.vuln.Severity.Rating;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import io.drydock.vuln.match.Suppression;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateTest {
  private final Finding log4shell =
      finding(
          "CVE-2021-44228",
          List.of("GHSA-jfh8-c2jp-5v3q"),
          LOG4J,
          Rating.CRITICAL,
          List.of("2.15.0"));
  private final Finding rapidReset =
      finding("CVE-2023-44487", List.of(), X_NET, Rating.HIGH, List.of("v0.17.0"));
  private final Finding sslUnfixed =
      finding("CVE-2023-2650", List.of(), LIBSSL3, Rating.MEDIUM, List.of());
  private final Finding setuptools =
      finding("CVE-2022-40897", List.of(), SETUPTOOLS, Rating.LOW, List.of("65.5.1"));
  private final List<Finding> all = List.of(log4shell, rapidReset, sslUnfixed, setuptools);

  private Gate gate() throws Exception {
    return new Gate(
        List.of(
            IgnoreFile.load(FIXTURES.resolve("drydockignore.yaml"), JUNE_2026),
            VexDocuments.load(FIXTURES.resolve("openvex-log4j-not-affected.json"))));
  }

  @Test
  void suppressedFindingsStayWithTheirReasonAndInOrder() throws Exception {
    List<Finding> out = gate().apply(all, IMAGE_PURL, DEBIAN_12);

    assertThat(out)
        .extracting(Finding::id)
        .containsExactly("CVE-2021-44228", "CVE-2023-44487", "CVE-2023-2650", "CVE-2022-40897");
    // the ignore file comes first and also covers log4shell (GHSA entry): it wins
    assertThat(out.get(0).suppression().source()).isEqualTo(Suppression.Source.IGNORE_FILE);
    assertThat(out.get(1).suppressed()).isFalse();
    assertThat(out.get(2).suppressed()).isFalse();
    assertThat(out.get(3).suppression().justification())
        .isEqualTo("setuptools is only used at build time");
  }

  @Test
  void vexAloneSuppressesLog4shellInTheImage() throws Exception {
    Gate vexOnly =
        new Gate(List.of(VexDocuments.load(FIXTURES.resolve("openvex-log4j-not-affected.json"))));
    Finding out = vexOnly.apply(List.of(log4shell), IMAGE_PURL, DEBIAN_12).get(0);
    assertThat(out.suppression().source()).isEqualTo(Suppression.Source.VEX);
    assertThat(out.suppression().status()).isEqualTo("not_affected");
    // without the image purl (an SBOM without digest) the image-scoped statement cannot apply
    assertThat(vexOnly.apply(List.of(log4shell), null, DEBIAN_12).get(0).suppressed()).isFalse();
  }

  @Test
  void alreadySuppressedFindingsAreLeftAlone() throws Exception {
    Suppression byPolicy = new Suppression(Suppression.Source.POLICY, "p.cel", "ignored", "x");
    Finding f = log4shell.withSuppression(byPolicy);
    assertThat(gate().apply(List.of(f), IMAGE_PURL, DEBIAN_12).get(0).suppression())
        .isSameAs(byPolicy);
  }

  @Test
  void exitCodeOnlyWhenUnsuppressedFindingsRemain() throws Exception {
    Gate gate = gate();
    List<Finding> applied = gate.apply(all, IMAGE_PURL, DEBIAN_12);

    GateDecision d = gate.decide(applied, new GateOptions(EnumSet.allOf(Rating.class), false, 3));
    assertThat(d.exitCode()).isEqualTo(3);
    assertThat(d.failed()).isTrue();
    assertThat(d.gating())
        .extracting(Finding::id)
        .containsExactly("CVE-2023-44487", "CVE-2023-2650");
    assertThat(d.warnings()).anySatisfy(w -> assertThat(w).contains("CVE-2020-15114", "expired"));

    GateDecision critical =
        gate.decide(applied, new GateOptions(EnumSet.of(Rating.CRITICAL), false, 3));
    assertThat(critical.gating()).isEmpty();
    assertThat(critical.exitCode()).isZero();
  }

  @Test
  void ignoreUnfixedDropsFindingsWithoutFix() throws Exception {
    Gate gate = gate();
    List<Finding> applied = gate.apply(all, IMAGE_PURL, DEBIAN_12);
    GateDecision d =
        gate.decide(applied, new GateOptions(EnumSet.of(Rating.HIGH, Rating.MEDIUM), true, 1));
    assertThat(d.gating()).extracting(Finding::id).containsExactly("CVE-2023-44487");
    assertThat(d.exitCode()).isEqualTo(1);
  }

  @Test
  void defaultExitCodeZeroNeverFails() throws Exception {
    GateDecision d = gate().decide(all, GateOptions.defaults());
    assertThat(d.gating()).hasSize(4);
    assertThat(d.exitCode()).isZero();
  }

  @Test
  void visibleAppliesSeverityAndUnfixedButKeepsSuppressed() throws Exception {
    List<Finding> applied = gate().apply(all, IMAGE_PURL, DEBIAN_12);
    assertThat(
            Gate.visible(
                applied, new GateOptions(EnumSet.of(Rating.CRITICAL, Rating.MEDIUM), false, 0)))
        .extracting(Finding::id)
        .containsExactly("CVE-2021-44228", "CVE-2023-2650");
    assertThat(
            Gate.visible(
                applied, new GateOptions(EnumSet.of(Rating.CRITICAL, Rating.MEDIUM), true, 0)))
        .extracting(Finding::id)
        .containsExactly("CVE-2021-44228");
  }

  @Test
  void scanResultIsGatedWithItsOwnImageAndOs() throws Exception {
    Sbom sbom = new Sbom(IMAGE, DEBIAN_12, null, List.of(), List.of(), List.of());
    ScanResult result = new ScanResult(sbom, all, "test db", null, List.of());
    Gate vexOnly =
        new Gate(List.of(VexDocuments.load(FIXTURES.resolve("cyclonedx-vex-states.json"))));
    Finding ssl = finding("CVE-2023-0464", List.of(), LIBSSL3);
    ScanResult out = vexOnly.apply(new ScanResult(sbom, List.of(ssl), "test db", null, List.of()));
    assertThat(out.findings()).singleElement().satisfies(f -> assertThat(f.suppressed()).isTrue());
    assertThat(out.active()).isEmpty();
    assertThat(vexOnly.apply(result).findings()).hasSize(4);
  }

  @Test
  void severityListParsesLikeTheCli() {
    assertThat(GateOptions.parseSeverities("HIGH,critical"))
        .containsExactlyInAnyOrder(Rating.HIGH, Rating.CRITICAL);
    assertThat(GateOptions.parseSeverities(" unknown , LOW "))
        .containsExactlyInAnyOrder(Rating.UNKNOWN, Rating.LOW);
    assertThatThrownBy(() -> GateOptions.parseSeverities("HIGH,SEVERE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--severity: \"SEVERE\" is not a severity (use UNKNOWN,NONE,LOW,MEDIUM,HIGH,CRITICAL)");
    assertThatThrownBy(() -> new GateOptions(EnumSet.noneOf(Rating.class), false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GateOptions(EnumSet.of(Rating.LOW), false, 256))
        .hasMessageContaining("256");
  }
}
