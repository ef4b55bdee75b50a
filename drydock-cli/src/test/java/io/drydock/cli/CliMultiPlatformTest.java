package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import io.drydock.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Multi-platform images at the CLI: platform listing, --platform selection, a clear miss. */
class CliMultiPlatformTest {
  @TempDir Path tmp;

  String layout() {
    TestImages amd64 =
        TestImages.image().platform("linux/amd64").layer(l -> l.file("etc/arch", "amd64"));
    TestImages arm64 =
        TestImages.image()
            .platform("linux/arm64/v8")
            .layer(l -> l.file("etc/arch", "arm64"))
            .layer(l -> l.file("etc/extra", "x"));
    TestImages.index(amd64, arm64).writeLayout(tmp.resolve("multi"), "multi");
    return "oci:" + tmp.resolve("multi") + ":multi";
  }

  @Test
  void listsPlatformsAndSelects() {
    String target = layout();
    CliRunner table = CliRunner.run("inspect", target);
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out()).contains("Platforms", "linux/amd64, linux/arm64/v8", "Layers (1,");

    CliRunner arm =
        CliRunner.run("inspect", "--format", "json", "--platform", "linux/arm64", target);
    assertThat(arm.code()).as(arm.err()).isZero();
    JsonNode j = Json.MAPPER.readTree(arm.out());
    assertThat(j.path("mediaType").asString()).isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(j.path("platform").asString()).isEqualTo("linux/arm64/v8");
    assertThat(j.path("layers")).hasSize(2);
    assertThat(j.path("imageDigest").asString()).isNotEqualTo(j.path("digest").asString());
  }

  @Test
  void missingPlatformNamesTheAvailableOnes() {
    CliRunner r = CliRunner.run("inspect", "--platform", "linux/s390x", layout());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.oneLineError()).isTrue();
    assertThat(r.err())
        .contains("no image for platform linux/s390x", "linux/amd64, linux/arm64/v8", "--platform");
  }

  @Test
  void copiesTheSelectedPlatform() {
    String target = layout();
    CliRunner r =
        CliRunner.run(
            "copy", "--platform", "linux/arm64/v8", target, "oci:" + tmp.resolve("out") + ":arm");
    assertThat(r.code()).as(r.err()).isZero();
    CliRunner back =
        CliRunner.run("inspect", "--format", "json", "oci:" + tmp.resolve("out") + ":arm");
    JsonNode j = Json.MAPPER.readTree(back.out());
    assertThat(j.path("digest").asString()).isEqualTo(r.out().strip());
    assertThat(j.path("platform").asString()).isEqualTo("linux/arm64/v8");
  }

  @Test
  void passwordStdinNeedsAUsernameAndAPassword() {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(new byte[0]));
      CliRunner empty =
          CliRunner.run("inspect", "--password-stdin", "-u", "me", "127.0.0.1:1/x/y:z");
      assertThat(empty.code()).isEqualTo(1);
      assertThat(empty.err()).contains("--password-stdin: no password on standard input");

      System.setIn(new ByteArrayInputStream("s3cret\n".getBytes(StandardCharsets.UTF_8)));
      CliRunner noUser = CliRunner.run("inspect", "--password-stdin", "127.0.0.1:1/x/y:z");
      assertThat(noUser.code()).isEqualTo(1);
      assertThat(noUser.err()).contains("--username and --password");
    } finally {
      System.setIn(saved);
    }
  }
}
