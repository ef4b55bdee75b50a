package io.drydock.vuln.suppress;

import static io.drydock.vuln.suppress.Findings.FIXTURES;
import static io.drydock.vuln.suppress.Findings.JACKSON_DATABIND;
import static io.drydock.vuln.suppress.Findings.LIBSSL3;
import static io.drydock.vuln.suppress.Findings.LOG4J;
import static io.drydock.vuln.suppress.Findings.SETUPTOOLS;
import static io.drydock.vuln.suppress.Findings.SPRING_BOOT;
import static io.drydock.vuln.suppress.Findings.X_NET;
import static io.drydock.vuln.suppress.Findings.candidate;
import static io.drydock.vuln.suppress.Findings.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.sbom.Package;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.Suppression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VexDocumentsTest {
  @TempDir Path tmp;

  private static Optional<Suppression> suppressionOf(VexDocuments vex, Finding f) {
    return vex.suppression(candidate(f));
  }

  @Test
  void openVexLog4jNotAffectedAsImageSubcomponent() throws Exception {
    Path file = FIXTURES.resolve("openvex-log4j-not-affected.json");
    VexDocuments vex = VexDocuments.load(file);

    Finding log4shell = finding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), LOG4J);
    assertThat(suppressionOf(vex, log4shell))
        .contains(
            new Suppression(
                Suppression.Source.VEX,
                file + "#statements[0]",
                "not_affected",
                "vulnerable_code_not_in_execute_path"));
    assertThat(vex.warnings()).isEmpty();
  }

  @Test
  void subcomponentLimitsTheStatementToThatPackage() throws Exception {
    VexDocuments vex = VexDocuments.load(FIXTURES.resolve("openvex-log4j-not-affected.json"));
    // same CVE, same image, another package (log4j 2.14.1 shaded elsewhere under another name)
    Package other = Package.of("maven", "org.apache.logging.log4j:log4j-core", "2.15.0", "x.jar");
    assertThat(suppressionOf(vex, finding("CVE-2021-44228", List.of(), other))).isEmpty();
  }

  @Test
  void statementAboutAnotherImageDoesNotApply() throws Exception {
    VexDocuments vex = VexDocuments.load(FIXTURES.resolve("openvex-log4j-not-affected.json"));
    Finding f = finding("CVE-2021-44228", List.of(), LOG4J);
    var elsewhere =
        new Candidate(
            f,
            io.drydock.sbom.format.Purls.of(f.component(), null),
            PurlPatterns.parse("pkg:oci/app@sha256%3Aabc?repository_url=other.example.com%2Fapp"));
    assertThat(vex.suppression(elsewhere)).isEmpty();
  }

  @Test
  void openVexSpecExampleSuppressesByProductPurlAndAlias() throws Exception {
    VexDocuments vex = VexDocuments.load(FIXTURES.resolve("openvex-spec-spring-boot.json"));
    // the finding's id is the GHSA, the statement's name the CVE
    Finding f = finding("GHSA-jfh8-c2jp-5v3q", List.of(), SPRING_BOOT);
    assertThat(suppressionOf(vex, f))
        .hasValueSatisfying(
            s -> {
              assertThat(s.status()).isEqualTo("not_affected");
              assertThat(s.justification()).isEqualTo("vulnerable_code_not_in_execute_path");
            });
    // the statement is about spring-boot, not about log4j-core in the same image
    assertThat(suppressionOf(vex, finding("CVE-2021-44228", List.of(), LOG4J))).isEmpty();
  }

  @Test
  void vexNamingTheGhsaSuppressesAFindingIdentifiedByItsCve() throws Exception {
    VexDocuments vex = VexDocuments.load(FIXTURES.resolve("openvex-ghsa-only.json"));
    Finding withAlias = finding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), LOG4J);
    assertThat(suppressionOf(vex, withAlias))
        .hasValueSatisfying(
            s -> {
              assertThat(s.status()).isEqualTo("fixed");
              assertThat(s.justification()).startsWith("Patched in our fork");
            });
    // without the alias there is nothing to connect the two ids
    assertThat(suppressionOf(vex, finding("CVE-2021-44228", List.of(), LOG4J))).isEmpty();
  }

  @Test
  void laterStatementOverridesEarlierWhateverTheirOrderInTheFile() throws Exception {
    VexDocuments vex = VexDocuments.load(FIXTURES.resolve("openvex-history.json"));
    Finding rapidReset = finding("CVE-2023-44487", List.of(), X_NET);
    // under_investigation (Jan 5), affected (Jan 10), not_affected (Jan 20, listed first)
    assertThat(vex.latest(candidate(rapidReset)).orElseThrow().status())
        .isEqualTo(VexStatus.NOT_AFFECTED);
    assertThat(suppressionOf(vex, rapidReset)).isPresent();

    // not_affected (Jan 3) then affected with the document's time (Feb 1): affected wins
    Finding f = finding("CVE-2022-41723", List.of(), X_NET);
    VexStatement latest = vex.latest(candidate(f)).orElseThrow();
    assertThat(latest.status()).isEqualTo(VexStatus.AFFECTED);
    assertThat(latest.timestamp()).hasToString("2026-02-01T00:00:00Z");
    assertThat(suppressionOf(vex, f)).isEmpty();
  }

  @Test
  void laterDocumentWinsATie() throws Exception {
    String doc =
        """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a",
         "timestamp": "2026-01-01T00:00:00Z", "version": 1,
         "statements": [{"vulnerability": {"name": "CVE-2023-44487"},
           "products": [{"@id": "pkg:golang/golang.org/x/net"}], "status": "%s"}]}
        """;
    VexDocuments first =
        VexDocuments.parse(doc.formatted("affected").getBytes(StandardCharsets.UTF_8), "a.json");
    VexDocuments second =
        VexDocuments.parse(doc.formatted("fixed").getBytes(StandardCharsets.UTF_8), "b.json");
    Finding f = finding("CVE-2023-44487", List.of(), X_NET);

    assertThat(VexDocuments.combine(List.of(first, second)).suppression(candidate(f)))
        .hasValueSatisfying(s -> assertThat(s.reference()).isEqualTo("b.json#statements[0]"));
    assertThat(VexDocuments.combine(List.of(second, first)).suppression(candidate(f))).isEmpty();
  }

  @Test
  void openVex001StringShapesAreRead() throws Exception {
    String doc =
        """
        {"@context": "https://openvex.dev/ns", "@id": "x", "author": "a",
         "timestamp": "2023-01-08T18:02:03-06:00", "version": 1,
         "statements": [{"vulnerability": "CVE-2023-44487",
           "products": ["pkg:golang/golang.org/x/net@v0.7.0"],
           "status": "not_affected", "justification": "component_not_present"}]}
        """;
    VexDocuments vex = VexDocuments.parse(doc.getBytes(StandardCharsets.UTF_8), "old.json");
    assertThat(vex.suppression(candidate(finding("CVE-2023-44487", List.of(), X_NET)))).isPresent();
  }

  @Test
  void cycloneDxExampleMatchesThroughBomLinkAndMavenDefaultType() throws Exception {
    VexDocuments vex = VexDocuments.load(FIXTURES.resolve("cyclonedx-vex-jackson-databind.json"));
    Finding f = finding("CVE-2020-25649", List.of(), JACKSON_DATABIND);
    assertThat(vex.suppression(candidate(f)))
        .hasValueSatisfying(
            s -> {
              assertThat(s.status()).isEqualTo("not_affected");
              assertThat(s.justification()).isEqualTo("code_not_reachable");
            });
    Package older =
        Package.of("maven", "com.fasterxml.jackson.core:jackson-databind", "2.9.8", "old.jar");
    assertThat(vex.suppression(candidate(finding("CVE-2020-25649", List.of(), older)))).isEmpty();
  }

  @Test
  void cycloneDxStatesMapToSuppressOrNot() throws Exception {
    VexDocuments vex = VexDocuments.load(FIXTURES.resolve("cyclonedx-vex-states.json"));

    assertThat(vex.suppression(candidate(finding("CVE-2023-5678", List.of(), LIBSSL3))))
        .as("resolved, ref through components[].bom-ref, qualifiers of the VEX on our purl")
        .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo("fixed"));
    assertThat(vex.suppression(candidate(finding("GHSA-r9hx-vwmv-q579", List.of(), SETUPTOOLS))))
        .as("false_positive, nested component, id from references[]")
        .hasValueSatisfying(
            s -> {
              assertThat(s.status()).isEqualTo("not_affected");
              assertThat(s.justification()).isEqualTo("false_positive");
            });
    assertThat(vex.suppression(candidate(finding("CVE-2024-6345", List.of(), SETUPTOOLS))))
        .as("exploitable")
        .isEmpty();
    assertThat(vex.suppression(candidate(finding("CVE-2023-2650", List.of(), LIBSSL3))))
        .as("in_triage")
        .isEmpty();
    assertThat(vex.suppression(candidate(finding("CVE-2023-0464", List.of(), LIBSSL3))))
        .as("the image as product covers every package in it")
        .hasValueSatisfying(s -> assertThat(s.justification()).isEqualTo("requires_configuration"));
    assertThat(vex.suppression(candidate(finding("CVE-2023-0466", List.of(), LIBSSL3))))
        .as("no analysis: not a statement")
        .isEmpty();
    assertThat(vex.warnings())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("vulnerabilities[5]", "product-ABC", "CVE-2023-0465 skipped");
  }

  @Test
  void qualifiedVexProductDoesNotCoverOtherVariants() throws Exception {
    String doc =
        """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a",
         "timestamp": "2026-01-01T00:00:00Z", "version": 1,
         "statements": [{"vulnerability": {"name": "CVE-2023-5678"},
           "products": [{"@id": "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=arm64"}],
           "status": "not_affected", "justification": "vulnerable_code_not_present"}]}
        """;
    VexDocuments vex = VexDocuments.parse(doc.getBytes(StandardCharsets.UTF_8), "arm.json");
    // our libssl3 is amd64
    assertThat(vex.suppression(candidate(finding("CVE-2023-5678", List.of(), LIBSSL3)))).isEmpty();
  }

  @Test
  void badStatementsAreSkippedWithAWarning() throws Exception {
    String doc =
        """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a",
         "timestamp": "2026-01-01T00:00:00Z", "version": 1,
         "statements": [
           {"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "pkg:npm/a"}],
            "status": "not_affectd"},
           {"vulnerability": {}, "products": [{"@id": "pkg:npm/a"}], "status": "fixed"},
           {"vulnerability": {"name": "CVE-3"},
            "products": [{"@id": "sha256:4c2f0bd1d4e3"}], "status": "fixed"},
           {"vulnerability": {"name": "CVE-4"}, "products": [{"@id": "pkg:npm/a"}],
            "status": "fixed", "timestamp": "yesterday"}
         ]}
        """;
    VexDocuments vex = VexDocuments.parse(doc.getBytes(StandardCharsets.UTF_8), "bad.json");
    assertThat(vex.statements()).hasSize(1);
    assertThat(vex.warnings())
        .anySatisfy(w -> assertThat(w).contains("statements[0]", "unknown status", "not_affectd"))
        .anySatisfy(w -> assertThat(w).contains("statements[1]", "no vulnerability name"))
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("statements[2]", "no product with a package URL", "sha256:4c2f"))
        .anySatisfy(w -> assertThat(w).contains("statements[3]", "yesterday"));
  }

  @Test
  void malformedJsonIsOneLineWithLineAndColumn() throws Exception {
    Path file = tmp.resolve("broken.vex.json");
    Files.writeString(
        file, "{\n  \"@context\": \"https://openvex.dev/ns\",\n  \"statements\": [\n    {,\n");
    assertThatThrownBy(() -> VexDocuments.load(file))
        .isInstanceOf(GateFileException.class)
        .hasMessageStartingWith(file + ": line 4, column 6: not valid JSON: ")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void duplicateKeysAreRefused() throws Exception {
    byte[] doc =
        "{\"bomFormat\": \"CycloneDX\", \"bomFormat\": \"SPDX\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> VexDocuments.parse(doc, "dup.json"))
        .isInstanceOf(GateFileException.class)
        .hasMessageContaining("dup.json: line 1")
        .hasMessageContaining("bomFormat");
  }

  @Test
  void deepNestingIsRefused() {
    byte[] doc = ("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes();
    assertThatThrownBy(() -> VexDocuments.parse(doc, "deep.json"))
        .isInstanceOf(GateFileException.class)
        .hasMessageStartingWith("deep.json: line 1, column ")
        .hasMessageContaining("nesting depth");
  }

  @Test
  void unknownFormatsAndCsafAreRefused() {
    assertThatThrownBy(
            () -> VexDocuments.parse("{\"spdxVersion\": \"SPDX-2.3\"}".getBytes(), "s.json"))
        .isInstanceOf(GateFileException.class)
        .hasMessage(
            "s.json: neither OpenVEX (@context https://openvex.dev/ns…) nor CycloneDX (bomFormat)");
    assertThatThrownBy(
            () ->
                VexDocuments.parse(
                    "{\"document\": {\"csaf_version\": \"2.0\"}}".getBytes(), "c.json"))
        .hasMessageContaining("CSAF VEX is not supported");
    assertThatThrownBy(() -> VexDocuments.parse("[1]".getBytes(), "a.json"))
        .hasMessage("a.json: not a JSON object");
  }

  @Test
  void fileOverTheCapIsRefusedWithoutParsing() throws Exception {
    Path file = tmp.resolve("huge.json");
    try (var out = Files.newOutputStream(file)) {
      byte[] chunk = new byte[1024 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      for (int i = 0; i <= 16; i++) {
        out.write(chunk);
      }
    }
    assertThatThrownBy(() -> VexDocuments.load(file))
        .isInstanceOf(GateFileException.class)
        .hasMessage(file + ": larger than 16777216 bytes, refused");
  }

  @Test
  void missingFileIsOneLine() {
    Path file = tmp.resolve("nope.json");
    assertThatThrownBy(() -> VexDocuments.load(file)).hasMessage(file + ": no such file");
  }
}
