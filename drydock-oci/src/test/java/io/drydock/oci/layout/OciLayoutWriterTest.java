package io.drydock.oci.layout;

import static io.drydock.oci.testsupport.ImageChecks.readLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Digest;
import io.drydock.oci.DigestMismatchException;
import io.drydock.oci.Image;
import io.drydock.oci.Json;
import io.drydock.oci.Platform;
import io.drydock.testing.HostileFixtures;
import io.drydock.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class OciLayoutWriterTest {
  @TempDir Path tmp;

  private static TestImages manyLayers() {
    TestImages img = TestImages.image();
    for (int i = 0; i < 6; i++) {
      int n = i;
      img.layer(l -> l.file("layer" + n + ".txt", "content " + n + "\n".repeat(n * 1000)));
    }
    return img.config(c -> c.label("k", "v"));
  }

  @Test
  void copiesByteExactAndTheCopyReadsBack() throws IOException {
    TestImages img = manyLayers();
    Path src = tmp.resolve("src");
    img.writeLayout(src, "v1");
    Path dst = tmp.resolve("dst");
    try (OciLayoutSource in = OciLayoutSource.open(src, "v1")) {
      Digest written = OciLayoutWriter.open(dst).write(in.image(Platform.LINUX_AMD64), "copy");
      assertThat(written.toString()).isEqualTo(img.manifestDigest());
    }
    for (var blob : img.blobs().entrySet()) {
      Path p = dst.resolve("blobs/sha256").resolve(blob.getKey().substring(7));
      assertThat(Files.readAllBytes(p)).as(blob.getKey()).isEqualTo(blob.getValue());
    }
    assertThat(tempFiles(dst)).isEmpty();
    try (OciLayoutSource out = OciLayoutSource.open(dst, "copy")) {
      Image copy = out.image(Platform.LINUX_AMD64);
      assertThat(copy.digest().toString()).isEqualTo(img.manifestDigest());
      assertThat(readLayer(copy.layers().get(5))).containsKey("layer5.txt");
    }
  }

  @Test
  void replacesSameRefKeepsOthersAndSkipsPresentBlobs() throws IOException {
    Path src = tmp.resolve("src");
    TestImages a = manyLayers();
    TestImages b = TestImages.image().layer(l -> l.file("b", "b"));
    a.writeLayout(src, "a");
    b.writeLayout(src, "b");
    Path dst = tmp.resolve("dst");
    OciLayoutWriter w = OciLayoutWriter.open(dst);
    try (OciLayoutSource sa = OciLayoutSource.open(src, "a");
        OciLayoutSource sb = OciLayoutSource.open(src, "b")) {
      w.write(sa.image(Platform.LINUX_AMD64), "latest");
      w.write(sa.image(Platform.LINUX_AMD64), "keep");
      w.write(sb.image(Platform.LINUX_AMD64), "latest");
    }
    JsonNode index = Json.MAPPER.readTree(Files.readAllBytes(dst.resolve("index.json")));
    assertThat(index.path("manifests").size()).isEqualTo(2);
    try (OciLayoutSource latest = OciLayoutSource.open(dst, "latest");
        OciLayoutSource keep = OciLayoutSource.open(OciLayoutWriter.open(dst).dir(), "keep")) {
      assertThat(latest.root().digest().toString()).isEqualTo(b.manifestDigest());
      assertThat(keep.root().digest().toString()).isEqualTo(a.manifestDigest());
    }
  }

  @Test
  void corruptSourceLayerLeavesNothingUnderItsName() throws IOException {
    TestImages img = manyLayers();
    Path src = tmp.resolve("src");
    img.writeLayout(src, "x");
    String bad = img.layerDigests().get(3);
    HostileFixtures.corruptBlob(src, bad);
    Path dst = tmp.resolve("dst");
    try (OciLayoutSource in = OciLayoutSource.open(src, "x")) {
      assertThatThrownBy(() -> OciLayoutWriter.open(dst).write(in.image(Platform.LINUX_AMD64), "x"))
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining(bad);
    }
    assertThat(dst.resolve("blobs/sha256").resolve(bad.substring(7))).doesNotExist();
    assertThat(dst.resolve("blobs/sha256").resolve(img.manifestDigest().substring(7)))
        .doesNotExist();
    assertThat(tempFiles(dst)).isEmpty();
    assertThat(Files.readString(dst.resolve("index.json"))).doesNotContain(img.manifestDigest());
  }

  @Test
  void refusesToWriteThroughSymlinkedBlobsDirectory() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path dst = Files.createDirectories(tmp.resolve("dst"));
    Files.createSymbolicLink(dst.resolve("blobs"), outside);
    TestImages img = TestImages.image().layer(l -> l.file("a", "a"));
    Path src = tmp.resolve("src");
    img.writeLayout(src, "x");
    try (OciLayoutSource in = OciLayoutSource.open(src, "x")) {
      assertThatThrownBy(() -> OciLayoutWriter.open(dst).write(in.image(Platform.LINUX_AMD64), "x"))
          .hasMessageContaining("is a symlink");
    }
    try (Stream<Path> s = Files.walk(outside)) {
      assertThat(s.skip(1).toList()).isEmpty();
    }
  }

  @Test
  void copiesAWholeMultiPlatformIndex() throws IOException {
    TestImages amd = TestImages.image().platform("linux/amd64").layer(l -> l.file("arch", "amd64"));
    TestImages arm = TestImages.image().platform("linux/arm64").layer(l -> l.file("arch", "arm64"));
    TestImages.IndexBuilder index = TestImages.index(amd, arm);
    Path src = tmp.resolve("src");
    String digest = index.writeLayout(src, "multi");
    Path dst = tmp.resolve("dst");
    try (OciLayoutSource in = OciLayoutSource.open(src, "multi")) {
      Digest written = OciLayoutWriter.open(dst).write(in.root(), in.blobStore(), "copy");
      assertThat(written.toString()).isEqualTo(digest);
    }
    for (var blob : index.blobs().entrySet()) {
      assertThat(
              Files.readAllBytes(dst.resolve("blobs/sha256").resolve(blob.getKey().substring(7))))
          .isEqualTo(blob.getValue());
    }
    try (OciLayoutSource out = OciLayoutSource.open(dst, "copy")) {
      assertThat(readLayer(out.image(Platform.parse("linux/arm64")).layers().get(0)))
          .containsEntry("arch", "arm64");
      assertThat(readLayer(out.image(Platform.LINUX_AMD64).layers().get(0)))
          .containsEntry("arch", "amd64");
    }
  }

  @Test
  void wholeIndexCopyFailsOnAMissingChildBlob() throws IOException {
    TestImages amd = TestImages.image().platform("linux/amd64").layer(l -> l.file("a", "a"));
    TestImages arm = TestImages.image().platform("linux/arm64").layer(l -> l.file("b", "b"));
    Path src = tmp.resolve("src");
    TestImages.index(amd, arm).writeLayout(src, "multi");
    HostileFixtures.deleteBlob(src, arm.layerDigests().get(0));
    Path dst = tmp.resolve("dst");
    try (OciLayoutSource in = OciLayoutSource.open(src, "multi")) {
      assertThatThrownBy(() -> OciLayoutWriter.open(dst).write(in.root(), in.blobStore(), "copy"))
          .isInstanceOf(java.io.FileNotFoundException.class)
          .hasMessageContaining(arm.layerDigests().get(0));
    }
    assertThat(Files.readString(dst.resolve("index.json"))).doesNotContain("copy");
    assertThat(tempFiles(dst)).isEmpty();
  }

  @Test
  void refusesAFileAndAnotherLayoutVersion() throws IOException {
    Path file = Files.writeString(tmp.resolve("f"), "x");
    assertThatThrownBy(() -> OciLayoutWriter.open(file)).hasMessageContaining("is not a directory");
    Path dir = Files.createDirectories(tmp.resolve("v2"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
    assertThatThrownBy(() -> OciLayoutWriter.open(dir)).hasMessageContaining("\"2.0.0\"");
  }

  private static List<Path> tempFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
