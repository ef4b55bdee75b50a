package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code drydock scan sbom:FILE} through to findings for the ecosystems whose order came last
 * (crates.io, NuGet, Packagist, Pub, Hackage, CRAN): a CycloneDX SBOM as other tools write it
 * (purls, Packagist's vendor as the purl namespace) against OSV records imported with {@code db
 * import}. The records are synthetic: ../shared/advisories has none for these ecosystems.
 */
class ScanLanguageEcosystemsTest {
  @TempDir Path tmp;

  static String record(String id, String ecosystem, String name, String fixed) {
    return """
        {"schema_version": "1.6.0", "id": "%s", "modified": "2025-01-01T00:00:00Z",
         "summary": "test advisory for %s",
         "affected": [{"package": {"ecosystem": "%s", "name": "%s"},
           "ranges": [{"type": "ECOSYSTEM",
                       "events": [{"introduced": "0"}, {"fixed": "%s"}]}]}]}
        """
        .formatted(id, ecosystem, ecosystem, name, fixed);
  }

  @Test
  void purlsOfEachEcosystemAreMatchedInTheirOwnOrder() throws Exception {
    Path records = Files.createDirectories(tmp.resolve("records"));
    Files.writeString(
        records.resolve("1.json"), record("TEST-NUGET-1", "NuGet", "Newtonsoft.Json", "13.0.1"));
    Files.writeString(
        records.resolve("2.json"),
        record("TEST-PACKAGIST-1", "Packagist", "laravel/framework", "v8.22.1"));
    Files.writeString(
        records.resolve("3.json"), record("TEST-CRATES-1", "crates.io", "smallvec", "1.6.1"));
    Files.writeString(records.resolve("4.json"), record("TEST-PUB-1", "Pub", "http", "0.13.3"));
    Files.writeString(
        records.resolve("5.json"), record("TEST-HACKAGE-1", "Hackage", "aeson", "2.0.1.0"));
    Files.writeString(
        records.resolve("6.json"), record("TEST-CRAN-1", "CRAN", "commonmark", "1.8-0"));
    Path db = tmp.resolve("db");
    CliRunner imported =
        CliRunner.run("db", "import", "--db-dir", db.toString(), records.toString());
    assertThat(imported.code()).as(imported.err()).isZero();

    Path bom = tmp.resolve("bom.cdx.json");
    StringBuilder components = new StringBuilder();
    String[][] purls = {
      {"pkg:nuget/Newtonsoft.Json@12.0.3", "Newtonsoft.Json"},
      {"pkg:composer/laravel/framework@v8.9.0", "framework"},
      {"pkg:cargo/smallvec@1.6.0", "smallvec"},
      {"pkg:pub/http@0.13.2", "http"},
      {"pkg:hackage/aeson@2.0.0.0", "aeson"},
      {"pkg:cran/commonmark@1.7", "commonmark"},
      // fixed: not reported
      {"pkg:nuget/Newtonsoft.Json@13.0.1.0", "Newtonsoft.Json"},
      {"pkg:composer/laravel/framework@8.22.1", "framework"},
      {"pkg:cran/commonmark@1.8.0", "commonmark"}
    };
    for (int i = 0; i < purls.length; i++) {
      String version = purls[i][0].substring(purls[i][0].lastIndexOf('@') + 1);
      components
          .append(i == 0 ? "" : ",")
          .append(
              """
              {"type": "library", "bom-ref": "c%d", "name": "%s", "version": "%s", "purl": "%s"}
              """
                  .formatted(i, purls[i][1], version, purls[i][0]));
    }
    Files.writeString(
        bom,
        """
        {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
         "metadata": {"component": {"type": "application", "name": "polyglot-app"}},
         "components": [%s]}
        """
            .formatted(components));

    CliRunner r =
        CliRunner.run(
            "scan",
            "--db-dir",
            db.toString(),
            "--cache-dir",
            tmp.resolve("cache").toString(),
            "--format",
            "json",
            "sbom:" + bom);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode report = Json.MAPPER.readTree(r.out());
    List<String> found = new ArrayList<>();
    for (JsonNode f : report.path("findings")) {
      found.add(f.path("id").asString() + " " + f.path("package").path("version").asString());
    }
    assertThat(found)
        .containsExactlyInAnyOrder(
            "TEST-NUGET-1 12.0.3",
            "TEST-PACKAGIST-1 v8.9.0",
            "TEST-CRATES-1 1.6.0",
            "TEST-PUB-1 0.13.2",
            "TEST-HACKAGE-1 2.0.0.0",
            "TEST-CRAN-1 1.7");
  }
}
