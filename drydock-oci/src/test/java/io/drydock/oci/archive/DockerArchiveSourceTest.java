package io.drydock.oci.archive;

import static io.drydock.oci.testsupport.ImageChecks.assertSameContent;
import static io.drydock.oci.testsupport.ImageChecks.readLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.DigestMismatchException;
import io.drydock.oci.Image;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.OciFormatException;
import io.drydock.oci.Platform;
import io.drydock.testing.HostileFixtures;
import io.drydock.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveSourceTest {
  @TempDir Path tmp;

  static TestImages sample(String marker) {
    return TestImages.image()
        .layer(l -> l.dir("etc/").file("etc/os-release", "ID=" + marker + "\n"))
        .layer(l -> l.file("app/" + marker, marker).symlink("app/link", marker))
        .config(c -> c.user("app").cmd("/app/" + marker));
  }

  @Test
  void legacyFormatWithPlainTarLayers() throws IOException {
    TestImages img = sample("legacy");
    Path file = tmp.resolve("legacy.tar");
    img.writeDockerArchive(file, "example/app:1");
    try (DockerArchiveSource src = DockerArchiveSource.open(file, null)) {
      assertThat(src.repoTags()).containsExactly("example/app:1");
      Image image = src.image(Platform.LINUX_AMD64);
      assertSameContent(image, img);
      assertThat(image.manifest().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
      assertThat(image.digest()).isEqualTo(src.root().digest());
      assertThat(image.layers())
          .allSatisfy(
              l -> {
                assertThat(l.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_TAR);
                assertThat(l.digest()).isEqualTo(l.diffId());
              });
      assertThat(readLayer(image.layers().get(0))).containsEntry("etc/os-release", "ID=legacy\n");
      assertThat(readLayer(image.layers().get(1))).containsEntry("app/link", "SYMLINK legacy");
      assertThat(image.config().user()).isEqualTo("app");
    }
  }

  @Test
  void symlinkedLayerPathsAsSkopeoWrites() throws IOException {
    TestImages img = sample("skopeo");
    Path file = tmp.resolve("symlinked.tar");
    img.writeDockerArchive(file, "example/app:3", TestImages.DockerFormat.SYMLINKED);
    try (DockerArchiveSource src = DockerArchiveSource.open(file, "example/app:3")) {
      Image image = src.image(Platform.LINUX_AMD64);
      assertSameContent(image, img);
      assertThat(readLayer(image.layers().get(1))).containsEntry("app/skopeo", "skopeo");
    }
  }

  @Test
  void docker25BlobsFormatWithGzipLayers() throws IOException {
    TestImages img = sample("blobs");
    Path file = tmp.resolve("blobs.tar");
    img.writeDockerArchive(file, "example/app:2", TestImages.DockerFormat.BLOBS);
    try (DockerArchiveSource src = DockerArchiveSource.open(file, "example/app:2")) {
      Image image = src.image(Platform.LINUX_AMD64);
      assertSameContent(image, img);
      assertThat(image.layers().stream().map(l -> l.digest().toString()).toList())
          .isEqualTo(img.layerDigests());
      assertThat(image.layers())
          .allSatisfy(l -> assertThat(l.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP));
      assertThat(readLayer(image.layers().get(1))).containsEntry("app/blobs", "blobs");
    }
  }

  @Test
  void synthesizedManifestIsStable() throws IOException {
    Path file = tmp.resolve("a.tar");
    sample("s").writeDockerArchive(file, "a:1");
    try (DockerArchiveSource one = DockerArchiveSource.open(file, null);
        DockerArchiveSource two = DockerArchiveSource.open(file, "a:1")) {
      assertThat(one.root()).isEqualTo(two.root());
      assertThat(one.root().digest()).isEqualTo(io.drydock.oci.Digest.sha256(one.root().bytes()));
    }
  }

  @Test
  void selectsAmongSeveralImages() throws IOException {
    Map<String, TestImages> images = new LinkedHashMap<>();
    images.put("example/one:1", sample("one"));
    images.put("library/two:2", sample("two"));
    Path file = tmp.resolve("multi.tar");
    TestImages.writeDockerArchive(file, TestImages.DockerFormat.LEGACY, images);
    assertThatThrownBy(() -> DockerArchiveSource.open(file, null))
        .isInstanceOf(OciFormatException.class)
        .hasMessageContaining("holds 2 images")
        .hasMessageContaining("@0 example/one:1, @1 library/two:2");
    try (DockerArchiveSource src = DockerArchiveSource.open(file, "@1")) {
      assertThat(src.repoTags()).containsExactly("library/two:2");
      assertSameContent(src.image(Platform.LINUX_AMD64), images.get("library/two:2"));
    }
    try (DockerArchiveSource src = DockerArchiveSource.open(file, "docker.io/library/two:2")) {
      assertThat(src.repoTags()).containsExactly("library/two:2");
    }
    try (DockerArchiveSource src = DockerArchiveSource.open(file, "example/one:1")) {
      assertSameContent(src.image(Platform.LINUX_AMD64), images.get("example/one:1"));
    }
    assertThatThrownBy(() -> DockerArchiveSource.open(file, "@7")).hasMessageContaining("@0 to @1");
    assertThatThrownBy(() -> DockerArchiveSource.open(file, "nope:1"))
        .hasMessageContaining("no image tagged \"nope:1\"");
  }

  @Test
  void configWhoseNameDoesNotMatchItsDigestIsRefused() throws IOException {
    TestImages img = sample("x");
    String hex = img.configDigest().substring(7);
    byte[] manifest =
        ("[{\"Config\":\"" + hex + ".json\",\"RepoTags\":[\"x:1\"],\"Layers\":[]}]")
            .getBytes(StandardCharsets.UTF_8);
    Path file = tmp.resolve("lying.tar");
    Files.write(
        file,
        HostileFixtures.tar(
            t -> {
              HostileFixtures.file(t, "manifest.json", manifest);
              HostileFixtures.file(
                  t,
                  hex + ".json",
                  "{\"rootfs\":{\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8));
            }));
    assertThatThrownBy(() -> DockerArchiveSource.open(file, null))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("does not match its name");
  }

  @Test
  void notADockerArchiveAndMissingLayer() throws IOException {
    Path oci = tmp.resolve("oci.tar");
    sample("o").writeOciArchive(oci, "x");
    assertThatThrownBy(() -> DockerArchiveSource.open(oci, null))
        .hasMessage(
            "docker-archive "
                + oci
                + " is not a docker archive (no manifest.json; is it an oci-archive?)");
    Path file = tmp.resolve("missing.tar");
    Files.write(
        file,
        HostileFixtures.tar(
            t ->
                HostileFixtures.file(
                    t,
                    "manifest.json",
                    "[{\"Config\":\"c.json\",\"Layers\":[\"../../etc/passwd\"]}]"
                        .getBytes(StandardCharsets.UTF_8))));
    assertThatThrownBy(() -> DockerArchiveSource.open(file, null))
        .hasMessageContaining("missing c.json");
    Files.write(
        file,
        HostileFixtures.tar(
            t -> {
              HostileFixtures.file(
                  t,
                  "manifest.json",
                  "[{\"Config\":\"c.json\",\"Layers\":[\"../../etc/passwd\"]}]"
                      .getBytes(StandardCharsets.UTF_8));
              HostileFixtures.file(
                  t,
                  "c.json",
                  ("{\"rootfs\":{\"diff_ids\":[\"sha256:" + "0".repeat(64) + "\"]}}")
                      .getBytes(StandardCharsets.UTF_8));
            }));
    assertThatThrownBy(() -> DockerArchiveSource.open(file, null))
        .hasMessageContaining("missing layer ../../etc/passwd");
  }

  @Test
  void invalidManifestJson() throws IOException {
    Path file = tmp.resolve("bad.tar");
    Files.write(
        file,
        HostileFixtures.tar(
            t ->
                HostileFixtures.file(
                    t, "manifest.json", "{oops".getBytes(StandardCharsets.UTF_8))));
    assertThatThrownBy(() -> DockerArchiveSource.open(file, null))
        .isInstanceOf(OciFormatException.class)
        .hasMessageStartingWith("manifest.json of docker-archive " + file + " is not valid JSON")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
