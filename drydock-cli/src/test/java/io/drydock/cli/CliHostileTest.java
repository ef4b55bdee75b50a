package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.testing.HostileFixtures;
import io.drydock.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at the CLI: one line on stderr naming the input, exit 1, no stack trace. */
class CliHostileTest {
  @TempDir Path tmp;

  static void assertOneLineError(CliRunner r, String... fragments) {
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.oneLineError()).as(r.err()).isTrue();
    assertThat(r.err()).startsWith("drydock: ").contains(fragments);
  }

  String layout(TestImages image) {
    Path dir = tmp.resolve("layout");
    image.writeLayout(dir, "x");
    return "oci:" + dir + ":x";
  }

  @Test
  void missingFilesAndDirectories() {
    assertOneLineError(CliRunner.run("inspect", "oci:" + tmp.resolve("nope")), "nope");
    assertOneLineError(
        CliRunner.run("inspect", "docker-archive:" + tmp.resolve("nope.tar")), "nope.tar");
    assertOneLineError(CliRunner.run("inspect", "dir:" + tmp.resolve("nope")), "nope");
  }

  @Test
  void invalidIndexJsonAndMissingBlob() throws Exception {
    TestImages img = TestImages.image().layer(l -> l.file("a", "b"));
    String target = layout(img);
    Path dir = tmp.resolve("layout");
    HostileFixtures.deleteBlob(dir, img.layerDigests().get(0));
    CliRunner missing = CliRunner.run("validate", target);
    assertOneLineError(missing, img.layerDigests().get(0).substring(7, 19));
    HostileFixtures.invalidIndexJson(dir);
    assertOneLineError(CliRunner.run("inspect", target), "index.json");
  }

  @Test
  void corruptAndTruncatedLayersFailValidate() {
    byte[] tar = HostileFixtures.smallTar();
    Path blob = tmp.resolve("layer.gz");
    for (byte[] bad :
        new byte[][] {HostileFixtures.corruptGzip(tar), HostileFixtures.truncatedGzip(tar)}) {
      try {
        Files.write(blob, bad);
        Path dir = tmp.resolve("l" + System.nanoTime());
        TestImages.image()
            .layerFile(blob, TestImages.OCI_LAYER_GZIP, "sha256:" + sha256(tar))
            .writeLayout(dir, "x");
        assertOneLineError(CliRunner.run("validate", "oci:" + dir + ":x"), "layer 1 of oci:");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void traversalEntriesAreSkippedWithWarnings() throws Exception {
    Path blob = tmp.resolve("evil.tar");
    Files.write(blob, HostileFixtures.tarWithEntry("../../etc/evil", "x"));
    Path dir = tmp.resolve("evil");
    TestImages.image()
        .layerFile(blob, TestImages.OCI_LAYER, "sha256:" + sha256(Files.readAllBytes(blob)))
        .writeLayout(dir, "x");
    CliRunner r = CliRunner.run("validate", "oci:" + dir + ":x");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("warning:", "../../etc/evil");
    assertThat(tmp.getParent().resolve("etc/evil")).doesNotExist();
  }

  @Test
  void copyRefusesUnsupportedDestination() {
    TestImages img = TestImages.image().layer(l -> l.file("a", "b"));
    assertOneLineError(
        CliRunner.run("copy", layout(img), "docker-archive:" + tmp.resolve("out.tar")),
        "DEST must be");
  }

  @Test
  void sbomIsNotAnImage() {
    assertOneLineError(CliRunner.run("inspect", "sbom:" + tmp.resolve("bom.json")), "not an image");
  }

  static String sha256(byte[] b) {
    return io.drydock.oci.Digest.sha256(b).hex();
  }
}
