package io.drydock.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.ImageConfig;
import io.drydock.policy.PolicyInput.FindingFacts;
import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import io.drydock.vuln.Severity;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import io.drydock.vuln.match.Suppression.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyInputTest {
  static final Instant NOW = Inputs.NOW;

  static Finding finding(String id, Component c, Severity.Rating rating, List<String> fixed) {
    return new Finding(
        id,
        List.of("GHSA-" + id),
        List.of("GHSA-" + id),
        c,
        "Maven",
        c.pkg().version(),
        fixed,
        new Severity("CVSS_V3", "v", 9.8, rating, "CVSS_V3 from record"),
        0.5,
        0.9,
        true,
        "",
        List.of(),
        "",
        null);
  }

  static ScanResult scan() {
    Component libc =
        new Component(
            Package.of("deb", "libc6", "2.36", "var/lib/dpkg/status"), "os/dpkg", 0, true);
    Component log4j =
        new Component(
            Package.of("maven", "log4j-core", "2.14.1", "app/app.jar"), "lang/java", 1, false);
    Sbom sbom =
        new Sbom(
            new Subject(
                "registry.example.com/team/app:1.0",
                "sha256:" + "a".repeat(64),
                "linux",
                "amd64",
                null,
                Map.of()),
            null,
            new BaseImage(
                BaseImage.Rule.ANNOTATION, "debian:bookworm", "sha256:" + "b".repeat(64), 1, null),
            List.of(
                new LayerInfo(
                    0, "sha256:" + "1".repeat(64), "sha256:" + "1".repeat(64), null, true),
                new LayerInfo(
                    1, "sha256:" + "2".repeat(64), "sha256:" + "2".repeat(64), null, false)),
            List.of(libc, log4j),
            List.of());
    Finding suppressed =
        finding("CVE-3", log4j, Severity.Rating.LOW, List.of())
            .withSuppression(
                new io.drydock.vuln.match.Suppression(Source.VEX, "vex.json", "not_affected", ""));
    return new ScanResult(
        sbom,
        List.of(
            finding("CVE-1", log4j, Severity.Rating.CRITICAL, List.of("2.15.0")),
            finding("CVE-2", libc, Severity.Rating.HIGH, List.of()),
            suppressed),
        "test",
        null,
        List.of());
  }

  @Test
  void scanResultBecomesTheDocumentedInput() {
    ImageConfig config =
        new ImageConfig(
            "linux",
            "amd64",
            null,
            NOW,
            null,
            "app",
            List.of("/app"),
            List.of(),
            List.of(),
            null,
            List.of(),
            Map.of("team", "a"),
            List.of(),
            List.of());
    FirstSeen firstSeen =
        f -> f.id().equals("CVE-1") ? Optional.of(NOW.minus(Duration.ofDays(3))) : Optional.empty();
    PolicyInput in =
        PolicyInput.of(
            scan(), config, NOW.minus(Duration.ofDays(40)), firstSeen, List.of(), List.of(), NOW);

    assertThat(in.image())
        .isEqualTo(
            new PolicyInput.ImageFacts(
                "registry.example.com/team/app:1.0",
                "sha256:" + "a".repeat(64),
                "registry.example.com",
                "team/app",
                "1.0"));
    assertThat(in.config().user()).isEqualTo("app");
    assertThat(in.base().ageDays()).isEqualTo(40L);
    assertThat(in.base().rule()).isEqualTo("ANNOTATION");
    assertThat(in.sbom().components()).isEqualTo(2);
    assertThat(in.findings())
        .extracting(
            FindingFacts::id,
            FindingFacts::origin,
            FindingFacts::severity,
            FindingFacts::fixAvailable,
            FindingFacts::firstSeenDays)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CVE-1", "app", "CRITICAL", true, 3L),
            org.assertj.core.groups.Tuple.tuple("CVE-2", "base", "HIGH", false, null));

    Map<String, Object> cel = in.toCel();
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) ((List<?>) cel.get("findings")).get(0);
    assertThat(first)
        .containsEntry("package", "log4j-core")
        .containsEntry("firstSeenDays", 3L)
        .containsEntry("score", 9.8)
        .containsEntry("epss", 0.5)
        .containsEntry("kev", true);
    @SuppressWarnings("unchecked")
    Map<String, Object> second = (Map<String, Object>) ((List<?>) cel.get("findings")).get(1);
    assertThat(second).doesNotContainKey("firstSeenDays");
    assertThat(cel.get("now")).isEqualTo("2026-11-28T12:00:00Z");
    assertThat(((Map<?, ?>) cel.get("sbom")).get("components")).isInstanceOf(Long.class);
  }

  @Test
  void localTargetsHaveNoRegistry() {
    assertThat(PolicyInput.ImageFacts.of("oci:/tmp/layout:demo", "sha256:x"))
        .isEqualTo(new PolicyInput.ImageFacts("oci:/tmp/layout:demo", "sha256:x", "", "", ""));
  }

  @Test
  void anOriginAndAgePolicyOverARealScan() throws Exception {
    PolicyEngine e =
        PolicyEngine.parse(
            Inputs.policy(
                """
                rules:
                  - name: no-fixable-app-critical
                    expression: "!findings.exists(f, f.origin == 'app' && f.severity == 'CRITICAL' && f.fixAvailable)"
                    findings: "findings.filter(f, f.origin == 'app' && f.severity == 'CRITICAL' && f.fixAvailable)"
                    gracePeriodDays: 7
                """),
            "p.yaml");
    FirstSeen young = f -> Optional.of(NOW.minus(Duration.ofDays(2)));
    Decision d = e.evaluate(PolicyInput.of(scan(), null, null, young, List.of(), List.of(), NOW));
    assertThat(d.verdict()).isEqualTo(Verdict.WARN);
    assertThat(d.violations().get(0).findings()).containsExactly("CVE-1");
    Decision old =
        e.evaluate(
            PolicyInput.of(scan(), null, null, FirstSeen.unknown(), List.of(), List.of(), NOW));
    assertThat(old.verdict()).isEqualTo(Verdict.DENY);
  }
}
