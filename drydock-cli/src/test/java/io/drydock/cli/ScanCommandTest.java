package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code drydock scan} end to end: the bundled demo image against the real advisories in
 * ../shared/advisories (imported with {@code db import}), gating, suppression, SBOM input, bad
 * input, and the testbed app image through the real registry.
 */
class ScanCommandTest {
  static final String DEMO = "oci:" + Path.of("..", "examples", "demo-image") + ":demo";
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

  private CliRunner scan(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "scan",
                "--db-dir",
                dbDir.toString(),
                "--cache-dir",
                shared.resolve("cache").toString()));
    all.addAll(List.of(args));
    return CliRunner.run(all.toArray(String[]::new));
  }

  private static List<String> ids(JsonNode report) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : report.path("findings")) {
      out.add(f.path("id").asString());
    }
    return out;
  }

  @Test
  void demoImageShowsLog4ShellInTheNestedJarAndTheNpmFindings() {
    CliRunner r = scan(DEMO);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("CVE-2021-44228")
        .contains("org.apache.logging.log4j:log4j-core")
        .contains("2.15.0")
        .contains("CVE-2021-44906")
        .contains("Total: 6 (CRITICAL: 3, HIGH: 3");
    CliRunner json = scan("-f", "json", DEMO);
    JsonNode report = Json.MAPPER.readTree(json.out());
    assertThat(ids(report))
        .containsExactlyInAnyOrder(
            "CVE-2021-44228",
            "CVE-2021-45046",
            "CVE-2021-45105",
            "CVE-2021-44906",
            "CVE-2020-8203",
            "CVE-2021-23337");
    for (JsonNode f : report.path("findings")) {
      if (f.path("id").asString().equals("CVE-2021-44228")) {
        assertThat(f.toString())
            .contains("opt/app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar")
            .contains("GHSA-jfh8-c2jp-5v3q");
      }
    }
  }

  @Test
  void exitCodeAndSeverityGate() {
    assertThat(scan("--exit-code", "3", DEMO).code()).isEqualTo(3);
    CliRunner high = scan("--exit-code", "3", "--severity", "HIGH", "-f", "json", DEMO);
    assertThat(high.code()).isEqualTo(3);
    assertThat(ids(Json.MAPPER.readTree(high.out())))
        .containsExactlyInAnyOrder("CVE-2021-45105", "CVE-2020-8203", "CVE-2021-23337");
    assertThat(scan("--exit-code", "3", "--severity", "LOW", DEMO).code()).isZero();
  }

  @Test
  void ignoreFileAndVexSuppressButStayInTheJsonReport() throws Exception {
    Path ignore = tmp.resolve("ignore.yaml");
    Files.writeString(
        ignore,
        "vulnerabilities:\n"
            + "  - id: CVE-2021-44906\n"
            + "    statement: minimist is only used by the build\n"
            + "  - id: CVE-2020-8203\n"
            + "    statement: expired\n"
            + "    expired_at: 2020-01-01\n");
    Path vex = tmp.resolve("log4j.openvex.json");
    Files.writeString(
        vex,
        """
        {"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/1",
         "author":"Drydock tests","timestamp":"2026-01-01T00:00:00Z","version":1,
         "statements":[
          {"vulnerability":{"name":"CVE-2021-44228"},
           "products":[{"@id":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
           "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}
        """);
    CliRunner r =
        scan(
            "--ignore-file",
            ignore.toString(),
            "--vex",
            vex.toString(),
            "--exit-code",
            "1",
            "-f",
            "json",
            DEMO);
    assertThat(r.code()).isEqualTo(1); // other findings remain
    assertThat(r.err()).contains("warning:").contains("CVE-2020-8203");
    JsonNode report = Json.MAPPER.readTree(r.out());
    List<String> suppressed = new ArrayList<>();
    for (JsonNode f : report.path("findings")) {
      if (!f.path("suppression").isMissingNode() && !f.path("suppression").isNull()) {
        suppressed.add(
            f.path("id").asString() + ":" + f.path("suppression").path("source").asString());
      }
    }
    assertThat(suppressed)
        .containsExactlyInAnyOrder("CVE-2021-44906:ignore-file", "CVE-2021-44228:vex");
    // Suppress everything that is critical or high: the gate opens.
    Path all = tmp.resolve("all.yaml");
    StringBuilder b = new StringBuilder("vulnerabilities:\n");
    for (String id : ids(report)) {
      b.append("  - id: ").append(id).append('\n');
    }
    Files.writeString(all, b.toString());
    assertThat(scan("--ignore-file", all.toString(), "--exit-code", "1", DEMO).code()).isZero();
  }

  @Test
  void sbomFileScansLikeTheImage() throws Exception {
    Path bom = tmp.resolve("demo.cdx.json");
    CliRunner s =
        CliRunner.run(
            "sbom", "--cache-dir", shared.resolve("cache").toString(), "-o", bom.toString(), DEMO);
    assertThat(s.code()).as(s.err()).isZero();
    CliRunner fromSbom = scan("-f", "json", "sbom:" + bom);
    CliRunner fromImage = scan("-f", "json", DEMO);
    assertThat(ids(Json.MAPPER.readTree(fromSbom.out())))
        .containsExactlyInAnyOrderElementsOf(ids(Json.MAPPER.readTree(fromImage.out())));
  }

  @Test
  void everyFormatIsWritten() {
    for (String f : List.of("sarif", "cyclonedx", "junit", "table", "json")) {
      CliRunner r = scan("-f", f, DEMO);
      assertThat(r.code()).as(f + ": " + r.err()).isZero();
      assertThat(r.out()).as(f).contains("CVE-2021-44228");
    }
  }

  @Test
  void badInputIsOneLine() throws Exception {
    Path badIgnore = tmp.resolve("bad.yaml");
    Files.writeString(badIgnore, "vulnerabilities:\n  - id: [unclosed\n");
    CliRunner r = scan("--ignore-file", badIgnore.toString(), DEMO);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").contains("bad.yaml");

    CliRunner noDb = CliRunner.run("scan", "--db-dir", tmp.resolve("empty").toString(), DEMO);
    assertThat(noDb.code()).isEqualTo(1);
    assertThat(noDb.err().strip()).doesNotContain("\n").contains("no advisory database");

    Path garbage = tmp.resolve("garbage.json");
    Files.writeString(garbage, "{\"bomFormat\": ");
    CliRunner g = scan("sbom:" + garbage);
    assertThat(g.code()).isEqualTo(1);
    assertThat(g.err().strip()).doesNotContain("\n").contains("garbage.json");

    assertThat(scan("--severity", "SEVERE", DEMO).code()).isIn(1, 2);
    assertThat(scan("-f", "pdf", DEMO).code()).isEqualTo(2);
  }

  @Test
  void withoutADatabaseTheBundledAdvisoriesAreUsedWithAWarning() {
    CliRunner r =
        CliRunner.run(
            "scan", "--cache-dir", tmp.resolve("fresh-cache").toString(), "-f", "json", DEMO);
    // No --db-dir: the default database is looked up under the cache dir's owner (HOME or
    // DRYDOCK_CACHE_DIR); when it exists on this machine the warning is not printed.
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(ids(Json.MAPPER.readTree(r.out()))).contains("CVE-2021-44228");
  }

  @Test
  void testbedAppImageThroughTheRegistry() {
    Testbed tb = Testbed.require();
    String ref = tb.plainRegistry() + "/" + tb.repoTag(Img.APP_1_0_BASE_V1);
    CliRunner r = scan("-f", "json", ref);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode report = Json.MAPPER.readTree(r.out());
    assertThat(ids(report))
        .contains("CVE-2021-44228", "CVE-2021-44906", "CVE-2020-8203")
        .doesNotHaveDuplicates();
    assertThat(report.path("base").path("rule").asString()).isEqualTo("annotation");
    for (JsonNode f : report.path("findings")) {
      assertThat(f.toString()).as("app-layer finding").contains("\"app\"");
    }
  }
}
