package io.drydock.oci.layout;

import static io.drydock.oci.testsupport.ImageChecks.assertSameContent;
import static io.drydock.oci.testsupport.ImageChecks.readLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Image;
import io.drydock.oci.Platform;
import io.drydock.testing.HostileFixtures;
import io.drydock.testing.TestImages;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciArchiveSourceTest {
  @TempDir Path tmp;

  @Test
  void readsLayoutInsideTarWithoutExtracting() throws IOException {
    TestImages img = OciLayoutSourceTest.sample();
    Path file = tmp.resolve("img.oci.tar");
    String digest = img.writeOciArchive(file, "1.0");
    try (OciArchiveSource src = OciArchiveSource.open(file, "1.0")) {
      assertThat(src.describe()).isEqualTo("oci-archive:" + file + ":1.0");
      assertThat(src.root().digest().toString()).isEqualTo(digest);
      Image image = src.image(Platform.LINUX_AMD64);
      assertSameContent(image, img);
      assertThat(readLayer(image.layers().get(0)))
          .containsEntry("etc/os-release", "ID=debian\nVERSION_ID=12\n");
      readLayer(image.layers().get(1));
    }
    try (Stream s = new Stream(tmp)) {
      assertThat(s.count()).isEqualTo(1); // nothing extracted next to the archive
    }
    try (OciArchiveSource src = OciArchiveSource.open(file, null)) {
      assertThat(src.root().digest().toString()).isEqualTo(digest);
    }
  }

  @Test
  void multiPlatformIndexInsideArchive() throws IOException {
    TestImages amd = TestImages.image().platform("linux/amd64").layer(l -> l.file("arch", "amd64"));
    TestImages arm = TestImages.image().platform("linux/arm64").layer(l -> l.file("arch", "arm64"));
    Path file = tmp.resolve("multi.tar");
    String digest = TestImages.index(amd, arm).writeOciArchive(file, "multi");
    try (OciArchiveSource src = OciArchiveSource.open(file, "multi")) {
      assertThat(src.root().digest().toString()).isEqualTo(digest);
      Image image = src.image(Platform.parse("linux/arm64"));
      assertThat(image.digest().toString()).isEqualTo(arm.manifestDigest());
      assertThat(readLayer(image.layers().get(0))).containsEntry("arch", "arm64");
    }
  }

  @Test
  void escapingMemberNamesAreNotAddressable() throws IOException {
    Path file = tmp.resolve("evil.tar");
    Files.write(
        file,
        HostileFixtures.tar(
            t -> {
              HostileFixtures.file(t, "../oci-layout", "{}".getBytes(StandardCharsets.UTF_8));
              HostileFixtures.file(t, "/index.json", "{}".getBytes(StandardCharsets.UTF_8));
            }));
    assertThatThrownBy(() -> OciArchiveSource.open(file, null))
        .hasMessageContaining("is not an OCI layout");
  }

  @Test
  void missingFileGzipAndGarbageAreOneLineErrors() throws IOException {
    assertThatThrownBy(() -> OciArchiveSource.open(tmp.resolve("none.tar"), null))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("none.tar");
    Path gz = tmp.resolve("img.tar.gz");
    Files.write(gz, TestImages.gzip(HostileFixtures.smallTar()));
    assertThatThrownBy(() -> OciArchiveSource.open(gz, null))
        .hasMessage("oci-archive " + gz + " is gzip-compressed; decompress it first (gunzip)");
    Path junk = tmp.resolve("junk.tar");
    byte[] bytes = new byte[4096];
    java.util.Arrays.fill(bytes, (byte) 'z');
    Files.write(junk, bytes);
    assertThatThrownBy(() -> OciArchiveSource.open(junk, null))
        .hasMessageStartingWith("oci-archive " + junk + " is not a readable tar")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    Path truncated = tmp.resolve("truncated.tar");
    byte[] archive = Files.readAllBytes(writeArchive());
    Files.write(truncated, java.util.Arrays.copyOf(archive, archive.length - 3000));
    assertThatThrownBy(() -> OciArchiveSource.open(truncated, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(truncated.toString());
  }

  private Path writeArchive() {
    Path f = tmp.resolve("ok.tar");
    TestImages.image()
        .layer(l -> l.file("x", "y".repeat(5000)))
        .compression(TestImages.Compression.NONE)
        .writeOciArchive(f, "x");
    return f;
  }

  /** Counts the entries of a directory. */
  private static final class Stream implements AutoCloseable {
    private final java.util.stream.Stream<Path> s;

    Stream(Path dir) throws IOException {
      s = Files.list(dir);
    }

    long count() {
      return s.count();
    }

    @Override
    public void close() {
      s.close();
    }
  }
}
