package io.drydock.oci.layout;

import static io.drydock.oci.testsupport.ImageChecks.assertSameContent;
import static io.drydock.oci.testsupport.ImageChecks.readLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Descriptor;
import io.drydock.oci.DigestMismatchException;
import io.drydock.oci.Image;
import io.drydock.oci.Json;
import io.drydock.oci.OciFormatException;
import io.drydock.oci.Platform;
import io.drydock.oci.content.BlobLayer;
import io.drydock.oci.testsupport.ImageChecks;
import io.drydock.testing.HostileFixtures;
import io.drydock.testing.TestImages;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutSourceTest {
  @TempDir Path tmp;

  static TestImages sample() {
    return TestImages.image()
        .layer(
            l ->
                l.dir("etc/")
                    .file("etc/os-release", "ID=debian\nVERSION_ID=12\n")
                    .symlink("etc/alias", "os-release"))
        .layer(l -> l.file("app/run.sh", "#!/bin/sh\necho hi\n").whiteout("etc/alias"))
        .config(c -> c.user("1000").entrypoint("/app/run.sh").label("team", "dock").env("A=1"))
        .annotation("org.opencontainers.image.source", "https://example.org/app");
  }

  @Test
  void readsImageByRefName() throws IOException {
    TestImages img = sample();
    Path dir = tmp.resolve("layout");
    String digest = img.writeLayout(dir, "1.0");
    TestImages.image().layer(l -> l.file("other", "x")).writeLayout(dir, "other");
    try (OciLayoutSource src = OciLayoutSource.open(dir, "1.0")) {
      assertThat(src.root().digest().toString()).isEqualTo(digest);
      assertThat(src.root().bytes()).isEqualTo(img.manifestBytes());
      assertThat(src.describe()).isEqualTo("oci:" + dir + ":1.0");
      Image image = src.image(Platform.LINUX_AMD64);
      assertThat(image.digest().toString()).isEqualTo(digest);
      assertSameContent(image, img);
      assertThat(image.config().user()).isEqualTo("1000");
      assertThat(image.config().labels()).containsEntry("team", "dock");
      assertThat(image.manifest().annotations())
          .containsEntry("org.opencontainers.image.source", "https://example.org/app");
      assertThat(readLayer(image.layers().get(0)))
          .containsEntry("etc/os-release", "ID=debian\nVERSION_ID=12\n")
          .containsEntry("etc/alias", "SYMLINK os-release");
      assertThat(readLayer(image.layers().get(1))).containsEntry("etc/alias", "WHITEOUT");
    }
  }

  @Test
  void readsZstdAndUncompressedLayers() throws IOException {
    for (TestImages.Compression c :
        new TestImages.Compression[] {TestImages.Compression.ZSTD, TestImages.Compression.NONE}) {
      TestImages img = sample().compression(c);
      Path dir = tmp.resolve("layout-" + c);
      img.writeLayout(dir, "x");
      try (OciLayoutSource src = OciLayoutSource.open(dir, "x")) {
        Image image = src.image(Platform.LINUX_AMD64);
        assertSameContent(image, img);
        assertThat(readLayer(image.layers().get(1)))
            .as(c.name())
            .containsEntry("app/run.sh", "#!/bin/sh\necho hi\n");
      }
    }
  }

  @Test
  void singleImageNeedsNoRefAndSeveralImagesListRefs() throws IOException {
    Path dir = tmp.resolve("layout");
    String first = sample().writeLayout(dir, "a");
    try (OciLayoutSource src = OciLayoutSource.open(dir, null)) {
      assertThat(src.root().digest().toString()).isEqualTo(first);
    }
    TestImages.image().layer(l -> l.file("b", "b")).writeLayout(dir, "b");
    assertThatThrownBy(() -> OciLayoutSource.open(dir, null))
        .isInstanceOf(OciFormatException.class)
        .hasMessageContaining("holds 2 images")
        .hasMessageContaining("available: a, b");
    assertThatThrownBy(() -> OciLayoutSource.open(dir, "c"))
        .hasMessageContaining("no image named \"c\"")
        .hasMessageContaining("available: a, b");
  }

  @Test
  void matchesFullReferencesAndContainerdNames() throws IOException {
    Path dir = tmp.resolve("layout");
    String digest = sample().writeLayout(dir, "docker.io/library/app:1.0");
    for (String ref :
        new String[] {"docker.io/library/app:1.0", "app:1.0", "1.0", digest, "@" + digest}) {
      try (OciLayoutSource src = OciLayoutSource.open(dir, ref)) {
        assertThat(src.root().digest().toString()).as(ref).isEqualTo(digest);
      }
    }
    Path ctr = tmp.resolve("containerd");
    Files.createDirectories(ctr);
    sample().writeLayout(ctr, null);
    Path index = ctr.resolve("index.json");
    Files.writeString(
        index,
        Files.readString(index)
            .replace(
                "\"size\"",
                "\"annotations\":{\"io.containerd.image.name\":\"docker.io/library/app:2\"},\"size\""));
    try (OciLayoutSource src = OciLayoutSource.open(ctr, "app:2")) {
      assertThat(src.root().digest().toString()).isEqualTo(digest);
    }
  }

  @Test
  void resolvesMultiPlatformIndex() throws IOException {
    TestImages amd = TestImages.image().platform("linux/amd64").layer(l -> l.file("arch", "amd64"));
    TestImages arm =
        TestImages.image().platform("linux/arm64/v8").layer(l -> l.file("arch", "arm64"));
    TestImages.IndexBuilder index = TestImages.index(amd, arm);
    Path dir = tmp.resolve("layout");
    String indexDigest = index.writeLayout(dir, "multi");
    try (OciLayoutSource src = OciLayoutSource.open(dir, "multi")) {
      assertThat(src.root().digest().toString()).isEqualTo(indexDigest);
      Image a = src.image(Platform.parse("linux/arm64"));
      assertThat(a.digest().toString()).isEqualTo(arm.manifestDigest());
      assertThat(readLayer(a.layers().get(0))).containsEntry("arch", "arm64");
      assertThat(src.image(Platform.LINUX_AMD64).digest().toString())
          .isEqualTo(amd.manifestDigest());
      assertThatThrownBy(() -> src.image(Platform.parse("linux/s390x")))
          .hasMessageContaining("linux/amd64, linux/arm64/v8");
    }
  }

  @Test
  void missingBlobNamesDigestAndLayout() throws IOException {
    TestImages img = sample();
    Path dir = tmp.resolve("layout");
    img.writeLayout(dir, "x");
    HostileFixtures.deleteBlob(dir, img.layerDigests().get(1));
    try (OciLayoutSource src = OciLayoutSource.open(dir, "x")) {
      Image image = src.image(Platform.LINUX_AMD64);
      assertThatThrownBy(() -> image.layers().get(1).openCompressed())
          .isInstanceOf(FileNotFoundException.class)
          .hasMessage(
              "OCI layout "
                  + dir
                  + " is missing blob "
                  + img.layerDigests().get(1)
                  + " (blobs/sha256/"
                  + img.layerDigests().get(1).substring(7)
                  + ")");
    }
    HostileFixtures.deleteBlob(dir, img.manifestDigest());
    assertThatThrownBy(() -> OciLayoutSource.open(dir, "x"))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining(img.manifestDigest());
  }

  @Test
  void invalidIndexJsonIsOneLine() throws IOException {
    Path dir = tmp.resolve("layout");
    sample().writeLayout(dir, "x");
    HostileFixtures.invalidIndexJson(dir);
    assertThatThrownBy(() -> OciLayoutSource.open(dir, "x"))
        .isInstanceOf(OciFormatException.class)
        .hasMessageStartingWith("index.json of OCI layout " + dir + " is not valid JSON")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void notALayoutAndWrongVersion() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> OciLayoutSource.open(empty, null))
        .hasMessage("OCI layout " + empty + " is not an OCI layout (no oci-layout file)");
    assertThatThrownBy(() -> OciLayoutSource.open(tmp.resolve("nope"), null))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("is not a directory");
    Path dir = tmp.resolve("layout");
    sample().writeLayout(dir, "x");
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
    assertThatThrownBy(() -> OciLayoutSource.open(dir, "x"))
        .hasMessageContaining("unsupported imageLayoutVersion \"2.0.0\"");
  }

  @Test
  void manifestWithWrongSizeOrDigestIsRefused() throws IOException {
    TestImages img = sample();
    Path dir = tmp.resolve("size");
    img.writeLayout(dir, "x");
    HostileFixtures.indexEntrySize(dir, 10);
    assertThatThrownBy(() -> OciLayoutSource.open(dir, "x"))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining(img.manifestDigest())
        .hasMessageContaining("larger than its descriptor's size of 10 bytes");
    Path dir2 = tmp.resolve("digest");
    img.writeLayout(dir2, "x");
    HostileFixtures.corruptBlob(dir2, img.manifestDigest());
    assertThatThrownBy(() -> OciLayoutSource.open(dir2, "x"))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("expected " + img.manifestDigest());
  }

  @Test
  void corruptLayerFailsOnRead() throws IOException {
    TestImages img = sample();
    Path dir = tmp.resolve("layout");
    img.writeLayout(dir, "x");
    HostileFixtures.corruptBlob(dir, img.layerDigests().get(0));
    try (OciLayoutSource src = OciLayoutSource.open(dir, "x")) {
      Image image = src.image(Platform.LINUX_AMD64);
      assertThatThrownBy(() -> ImageChecks.readAllLayers(image)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void truncatedAndCorruptGzipLayersFailWithOneLine() throws IOException {
    byte[] tar = HostileFixtures.smallTar();
    for (byte[] bad :
        new byte[][] {HostileFixtures.truncatedGzip(tar), HostileFixtures.corruptGzip(tar)}) {
      Path blob = tmp.resolve("bad-" + bad.length + ".gz");
      Files.write(blob, bad);
      Path dir = tmp.resolve("layout-" + bad.length);
      TestImages.image()
          .layerFile(blob, TestImages.OCI_LAYER_GZIP, TestImages.sha256(tar))
          .writeLayout(dir, "x");
      try (OciLayoutSource src = OciLayoutSource.open(dir, "x")) {
        Image image = src.image(Platform.LINUX_AMD64);
        assertThatThrownBy(() -> ImageChecks.readAllLayers(image))
            .isInstanceOf(IOException.class)
            .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain("\n"));
      }
    }
  }

  @Test
  void decompressionBombIsStoppedByTheCap() throws IOException {
    HostileFixtures.Blob bomb = HostileFixtures.gzipBomb(tmp.resolve("bomb.gz"), 64L << 20);
    assertThat(bomb.size()).isLessThan(256L << 10);
    Path dir = tmp.resolve("layout");
    TestImages.image()
        .layerFile(bomb.file(), TestImages.OCI_LAYER_GZIP, bomb.diffId())
        .writeLayout(dir, "bomb");
    try (OciLayoutSource src = OciLayoutSource.open(dir, "bomb")) {
      Image image = src.image(Platform.LINUX_AMD64);
      BlobLayer layer = (BlobLayer) image.layers().get(0);
      Descriptor d = layer.descriptor();
      BlobLayer capped = new BlobLayer(src.blobStore(), d, layer.diffId(), "bomb layer", 4L << 20);
      assertThatThrownBy(
              () -> {
                try (InputStream in = capped.openUncompressed()) {
                  in.transferTo(java.io.OutputStream.nullOutputStream());
                }
              })
          .isInstanceOf(IOException.class)
          .hasMessageContaining("bomb layer")
          .hasMessageContaining("decompresses to more than 4194304 bytes");
      // Uncapped, the same layer is valid: the cap, not a corrupt file, stopped it.
      ImageChecks.readAllLayers(image);
    }
  }

  @Test
  void indexJsonIsBoundedAndMustBeAnIndex() throws IOException {
    Path dir = tmp.resolve("layout");
    sample().writeLayout(dir, "x");
    Files.writeString(dir.resolve("index.json"), "[1,2,3]");
    assertThatThrownBy(() -> OciLayoutSource.open(dir, "x"))
        .hasMessageContaining("index.json of OCI layout " + dir);
    Files.write(dir.resolve("index.json"), new byte[Json.MAX_DOCUMENT_BYTES + 10]);
    assertThatThrownBy(() -> OciLayoutSource.open(dir, "x")).hasMessageContaining("over the limit");
  }
}
