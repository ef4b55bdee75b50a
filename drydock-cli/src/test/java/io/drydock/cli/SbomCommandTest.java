package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code drydock sbom}: formats, output file, base attribution through the CLI, bad input. */
class SbomCommandTest {
  @TempDir Path tmp;

  private CliRunner sbom(String... args) {
    List<String> all =
        new ArrayList<>(List.of("sbom", "--cache-dir", tmp.resolve("cache").toString()));
    all.addAll(List.of(args));
    return CliRunner.run(all.toArray(String[]::new));
  }

  @Test
  void registryImageBaseIsFoundThroughTheAnnotationInTheSameRegistry() {
    Testbed tb = Testbed.require();
    String ref = tb.plainRegistry() + "/" + tb.repoTag(Img.APP_1_0_BASE_V1);
    CliRunner r = sbom("-f", "json", ref);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = Json.MAPPER.readTree(r.out());
    assertThat(doc.path("subject").path("digest").asString())
        .isEqualTo(tb.digest(Img.APP_1_0_BASE_V1));
    // The annotation names debian:bookworm@<v1 digest>; the testbed registry holds that digest
    // under debian, so the CLI reads the base's layers there.
    assertThat(doc.path("base").path("rule").asString()).isEqualTo("annotation");
    assertThat(doc.path("base").path("digest").asString())
        .isEqualTo(tb.digest(Img.DEBIAN_BOOKWORM_V1));
    assertThat(doc.path("base").path("layerCount").asInt()).isEqualTo(1);
    List<String> appPackages = new ArrayList<>();
    for (JsonNode c : doc.path("components")) {
      if (c.path("layer").asInt() == 1) {
        appPackages.add(c.path("name").asString());
      }
    }
    assertThat(appPackages)
        .containsExactlyInAnyOrder(
            "org.apache.logging.log4j:log4j-core",
            "org.apache.logging.log4j:log4j-api",
            "lodash",
            "minimist");
  }

  @Test
  void everyFormatWritesAndTheOutputFileIsComplete() throws Exception {
    Testbed tb = Testbed.require();
    String target = "oci:" + tb.ociDir(Img.APP_1_0_BASE_V1);
    Path cdx = tmp.resolve("bom.cdx.json");
    CliRunner r = sbom("-o", cdx.toString(), target);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    JsonNode bom = Json.MAPPER.readTree(Files.readAllBytes(cdx));
    assertThat(bom.path("bomFormat").asString()).isEqualTo("CycloneDX");
    assertThat(bom.path("specVersion").asString()).isEqualTo("1.6");
    List<String> purls = new ArrayList<>();
    bom.path("components").forEach(c -> purls.add(c.path("purl").asString()));
    assertThat(purls)
        .contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "pkg:npm/lodash@4.17.15")
        .anyMatch(p -> p.startsWith("pkg:deb/debian/libc6@") && p.contains("distro=debian-12"));
    CliRunner spdx = sbom("-f", "spdx-json", target);
    assertThat(spdx.code()).as(spdx.err()).isZero();
    assertThat(Json.MAPPER.readTree(spdx.out()).path("spdxVersion").asString())
        .isEqualTo("SPDX-2.3");
    CliRunner xml = sbom("-f", "cyclonedx-xml", target);
    assertThat(xml.code()).as(xml.err()).isZero();
    assertThat(xml.out())
        .contains("<bom ")
        .contains("xmlns=\"http://cyclonedx.org/schema/bom/1.6\"");
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temp file left beside the output")
          .allMatch(n -> n.equals("bom.cdx.json") || n.equals("cache"));
    }
  }

  @Test
  void rootfsTargetIsAnalysedInPlace() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("var/lib/dpkg"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/os-release"), "ID=debian\nVERSION_ID=\"12\"\n");
    Files.writeString(
        root.resolve("var/lib/dpkg/status"),
        "Package: tzdata\nStatus: install ok installed\nArchitecture: all\nVersion: 2024a-0+deb12u1\n\n");
    CliRunner r = sbom("-f", "json", "dir:" + root);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = Json.MAPPER.readTree(r.out());
    assertThat(doc.path("os").path("id").asString()).isEqualTo("debian");
    assertThat(doc.path("components")).hasSize(1);
    assertThat(doc.path("components").get(0).path("purl").asString())
        .isEqualTo("pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12");
  }

  @Test
  void badInputGetsOneLineAndTheRightExitCode() throws Exception {
    Path sbomFile = tmp.resolve("x.cdx.json");
    Files.writeString(sbomFile, "{}");
    CliRunner r = sbom("sbom:" + sbomFile);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").contains("already an SBOM");

    CliRunner missing = sbom("dir:" + tmp.resolve("nope"));
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().strip()).doesNotContain("\n").contains("nope");

    CliRunner format = sbom("-f", "yaml", "dir:" + tmp);
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("unknown SBOM format \"yaml\"");

    Path root = Files.createDirectories(tmp.resolve("r"));
    CliRunner out = sbom("-o", tmp.resolve("no/such/dir/bom.json").toString(), "dir:" + root);
    assertThat(out.code()).isEqualTo(1);
    assertThat(out.err().strip()).doesNotContain("\n").contains("does not exist");
  }
}
