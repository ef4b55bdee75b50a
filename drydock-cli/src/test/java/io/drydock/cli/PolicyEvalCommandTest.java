package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code drydock policy eval} end to end: the bundled demo image scanned against the real
 * advisories in ../shared/advisories (imported with {@code db import}), judged by policy files.
 */
class PolicyEvalCommandTest {
  static final String DEMO = ScanCommandTest.DEMO;
  static final String HEADER = "apiVersion: drydock.io/v1\nkind: Policy\n";
  @TempDir static Path shared;
  static Path dbDir;

  @TempDir Path tmp;

  @BeforeAll
  static void importAdvisories() {
    dbDir = shared.resolve("db");
    CliRunner r =
        CliRunner.run(
            "db", "import", "--db-dir", dbDir.toString(), DbCommandTest.advisories().toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  private CliRunner eval(String policyBody, String... args) throws Exception {
    Path p = tmp.resolve("policy.yaml");
    Files.writeString(p, HEADER + policyBody);
    List<String> all =
        new ArrayList<>(
            List.of(
                "policy",
                "eval",
                "--db-dir",
                dbDir.toString(),
                "--cache-dir",
                shared.resolve("cache").toString(),
                "--policy",
                p.toString()));
    all.addAll(List.of(args));
    all.add(DEMO);
    return CliRunner.run(all.toArray(String[]::new));
  }

  @Test
  void fixableCriticalHighDeniesTheDemoImageCitingLog4Shell() throws Exception {
    CliRunner r = eval("builtins: [no-fixable-critical-high]\n");
    assertThat(r.code()).as(r.err()).isEqualTo(PolicyEvalCommand.EXIT_DENY);
    assertThat(r.out())
        .contains(": DENY")
        .contains("no-fixable-critical-high")
        .contains("CVE-2021-44228 (org.apache.logging.log4j:log4j-core)");
  }

  @Test
  void jsonNamesTheFindingsBehindTheViolation() throws Exception {
    CliRunner r = eval("builtins: [no-fixable-critical-high]\n", "--format", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    JsonNode d = Json.MAPPER.readTree(r.out());
    assertThat(d.path("verdict").asString()).isEqualTo("DENY");
    JsonNode v = d.path("violations").get(0);
    assertThat(v.path("rule").asString()).isEqualTo("no-fixable-critical-high");
    assertThat(v.path("action").asString()).isEqualTo("deny");
    List<String> ids = new ArrayList<>();
    v.path("findings").forEach(f -> ids.add(f.asString()));
    assertThat(ids).contains("CVE-2021-44228", "CVE-2021-44906");
  }

  @Test
  void exemptingEveryFindingAllowsAndListsThem() throws Exception {
    CliRunner r =
        eval(
            """
            builtins: [no-fixable-critical-high]
            exemptions:
              findings:
                - {id: CVE-2021-44228, reason: r}
                - {id: CVE-2021-45046, reason: r}
                - {id: CVE-2021-45105, reason: r}
                - {id: CVE-2021-44906, reason: r}
                - {id: CVE-2020-8203, reason: r}
                - {id: CVE-2021-23337, reason: r}
            """);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains(": ALLOW")
        .contains("Suppressed:")
        .contains("finding CVE-2021-44228 in");
  }

  @Test
  void warnRulesExitZero() throws Exception {
    CliRunner r = eval("builtins:\n  - {name: no-fixable-critical-high, action: warn}\n");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains(": WARN");
  }

  @Test
  void imageFactsReachThePolicy() throws Exception {
    CliRunner r =
        eval(
            """
            rules:
              - name: facts
                expression: "image.reference.startsWith('oci:') && image.registry == '' && sbom.components > 0 && !sbom.partial && size(findings) == 6"
            """);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains(": ALLOW");
  }

  @Test
  void anInvalidPolicyIsOneLineAndExitOne() throws Exception {
    CliRunner r = eval("rules:\n  - name: bad\n    expression: \"findings.exists(f,\"\n");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.oneLineError()).as(r.err()).isTrue();
    assertThat(r.err()).contains("policy.yaml: rule 'bad': expression 1:");
  }

  @Test
  void aStaticMessageIsFollowedByTheFindingIds() throws Exception {
    CliRunner r =
        eval(
            """
            rules:
              - name: no-log4shell
                expression: "!findings.exists(f, f.id == 'CVE-2021-44228')"
                findings: "findings.filter(f, f.id == 'CVE-2021-44228')"
                message: Log4Shell is present
            """);
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.out()).contains("no-log4shell  deny    Log4Shell is present [CVE-2021-44228]");
  }
}
