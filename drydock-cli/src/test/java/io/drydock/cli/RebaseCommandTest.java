package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code drydock rebase} against the real testbed registry: the real app built on Debian v1 is
 * moved onto v2, and its SBOM then shows v2's upgraded package versions.
 */
class RebaseCommandTest {
  static Testbed tb;
  static JsonNode upgrades;

  @BeforeAll
  static void testbed() throws Exception {
    tb = Testbed.require();
    upgrades = Json.MAPPER.readTree(Files.readAllBytes(tb.imagesJson())).path("v2_upgrades");
  }

  static String ref(Img img) {
    return tb.plainRegistry() + "/" + tb.repoTag(img);
  }

  static String uniqueTag(String name) {
    return tb.plainRegistry()
        + "/rebase-cli/"
        + name
        + "-"
        + Long.toHexString(System.nanoTime())
        + ":rebased";
  }

  static CliRunner rebase(String tag, String... more) {
    String[] args = {
      "rebase",
      ref(Img.APP_1_0_BASE_V1),
      "--old-base",
      ref(Img.DEBIAN_BOOKWORM_V1),
      "--new-base",
      ref(Img.DEBIAN_BOOKWORM_V2),
      "--tag",
      tag
    };
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return CliRunner.run(all);
  }

  @Test
  void rebasedAppHasV2sUpgradedPackagesAndTheSecondRunIsANoOp() {
    String tag = uniqueTag("app");
    CliRunner r = rebase(tag);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip())
        .matches(java.util.regex.Pattern.quote(tag) + "@sha256:[0-9a-f]{64}");
    assertThat(r.err()).contains("3 mounted", "1 copied");
    String digest = r.out().strip().substring(tag.length() + 1);

    CliRunner sbom = CliRunner.run("sbom", "--format", "json", tag);
    assertThat(sbom.code()).as(sbom.err()).isZero();
    Map<String, String> versions = new HashMap<>();
    Json.MAPPER
        .readTree(sbom.out())
        .path("components")
        .forEach(c -> versions.put(c.path("name").asString(), c.path("version").asString()));
    assertThat(upgrades).isNotEmpty();
    for (JsonNode u : upgrades) {
      assertThat(versions)
          .as("package %s", u.path("package").asString())
          .containsEntry(u.path("package").asString(), u.path("to").asString());
    }
    // The app's own content is still there.
    assertThat(sbom.out()).contains("log4j-core", "lodash");

    CliRunner again = rebase(tag, "--format", "json");
    assertThat(again.code()).as(again.err()).isZero();
    JsonNode j = Json.MAPPER.readTree(again.out());
    assertThat(j.path("digest").asString()).isEqualTo(digest);
    assertThat(j.path("upToDate").asBoolean()).isTrue();
    assertThat(j.path("imageDigest").asString()).isEqualTo(tb.digest(Img.APP_1_0_BASE_V1));
    assertThat(j.path("oldBaseDigest").asString()).isEqualTo(tb.digest(Img.DEBIAN_BOOKWORM_V1));
    assertThat(j.path("newBaseDigest").asString()).isEqualTo(tb.digest(Img.DEBIAN_BOOKWORM_V2));
    assertThat(j.path("blobs").path("mounted").asInt()).isZero();
    assertThat(j.path("blobs").path("copied").asInt()).isZero();
    assertThat(again.err()).contains("already up to date");
  }

  @Test
  void jsonReportsMountedAndCopiedCounts() {
    CliRunner r = rebase(uniqueTag("json"), "-f", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.MAPPER.readTree(r.out());
    assertThat(j.path("upToDate").asBoolean()).isFalse();
    assertThat(j.path("blobs").path("mounted").asInt()).isEqualTo(3);
    assertThat(j.path("blobs").path("copied").asInt()).isEqualTo(1);
    assertThat(j.path("newBase").asString()).isEqualTo(ref(Img.DEBIAN_BOOKWORM_V2));
    assertThat(j.path("platforms")).hasSize(1);
    assertThat(j.path("platforms").get(0).path("appLayers").asInt()).isEqualTo(1);
    assertThat(j.path("platforms").get(0).path("newBaseLayers").asInt()).isEqualTo(2);
  }

  @Test
  void dryRunPrintsThePlanAndPushesNothing() {
    String tag = uniqueTag("dry");
    CliRunner r = rebase(tag, "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "old base:  " + tb.plainRegistry() + "/debian@" + tb.digest(Img.DEBIAN_BOOKWORM_V1),
            "new base:  " + tb.plainRegistry() + "/debian@" + tb.digest(Img.DEBIAN_BOOKWORM_V2),
            "1 app layers kept",
            "dry run: nothing pushed");
    CliRunner inspect = CliRunner.run("inspect", tag);
    assertThat(inspect.code()).isEqualTo(1);
    assertThat(inspect.err()).contains("not found");

    // The real run gives the digest the dry run announced.
    String planned = r.out().lines().filter(l -> l.startsWith("result:")).findFirst().orElseThrow();
    CliRunner real = rebase(tag);
    assertThat(real.code()).as(real.err()).isZero();
    assertThat(planned).contains(real.out().strip());
  }

  @Test
  void refusesAnImageThatDoesNotSitOnTheOldBase() {
    String tag = uniqueTag("refused");
    CliRunner r =
        CliRunner.run(
            "rebase",
            ref(Img.APP_1_0_BASE_V1),
            "--old-base",
            ref(Img.DEBIAN_BOOKWORM_V2),
            "--new-base",
            ref(Img.DEBIAN_BOOKWORM_V2),
            "--tag",
            tag);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.oneLineError()).isTrue();
    assertThat(r.err())
        .startsWith(
            "drydock: drydock/app@"
                + tb.digest(Img.APP_1_0_BASE_V1)
                + " does not sit on debian@"
                + tb.digest(Img.DEBIAN_BOOKWORM_V2)
                + ": layer 1 differs");
    assertThat(CliRunner.run("inspect", tag).code()).isEqualTo(1);
  }

  @Test
  void usageErrorsExitTwo() {
    CliRunner missing =
        CliRunner.run("rebase", "r/app:1", "--old-base", "r/debian:1", "--tag", "r/app:2");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--new-base");
    CliRunner byDigest =
        CliRunner.run(
            "rebase",
            "r/app:1",
            "--old-base",
            "r/debian:1",
            "--new-base",
            "r/debian:2",
            "--tag",
            "r/app@sha256:" + "0".repeat(64));
    assertThat(byDigest.code()).isEqualTo(2);
    assertThat(byDigest.err()).contains("--tag must name a tag");
    CliRunner layout =
        CliRunner.run(
            "rebase", "oci:/tmp/x", "--old-base", "r/d:1", "--new-base", "r/d:2", "--tag", "r/a:2");
    assertThat(layout.code()).isEqualTo(2);
    assertThat(layout.err()).contains("IMAGE must be a registry image");
    CliRunner help = CliRunner.run("rebase", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage: drydock rebase").contains("--old-base", "--dry-run");
  }
}
