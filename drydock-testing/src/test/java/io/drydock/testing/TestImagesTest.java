package io.drydock.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestImagesTest {
  @TempDir Path tmp;

  static TestImages sample() {
    return TestImages.image()
        .layer(
            l -> l.dir("etc/").file("etc/os-release", "ID=x\n").whiteout("etc/motd").opaque("var/"))
        .config(c -> c.user("1000").env("A=1"));
  }

  @Test
  void buildsAreDeterministic() {
    assertThat(sample().manifestDigest()).isEqualTo(sample().manifestDigest());
    assertThat(sample().blobs())
        .containsKeys(sample().layerDigests().get(0), sample().configDigest());
    assertThat(TestImages.sha256(sample().manifestBytes())).isEqualTo(sample().manifestDigest());
  }

  @Test
  void layerTarHasWhiteoutsAndGzipMatchesDiffId() throws IOException {
    TestImages img = sample();
    byte[] gz = img.blobs().get(img.layerDigests().get(0));
    byte[] tar = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
    assertThat(TestImages.sha256(tar)).isEqualTo(img.diffIds().get(0));
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    assertThat(names).containsExactly("etc/", "etc/os-release", "etc/.wh.motd", "var/.wh..wh..opq");
  }

  @Test
  void writesALayout() throws IOException {
    TestImages img = sample();
    String digest = img.writeLayout(tmp, "v1");
    assertThat(tmp.resolve("oci-layout")).hasContent("{\"imageLayoutVersion\":\"1.0.0\"}");
    assertThat(Files.readString(tmp.resolve("index.json"))).contains(digest).contains("\"v1\"");
    assertThat(tmp.resolve("blobs/sha256/" + digest.substring(7)))
        .hasBinaryContent(img.manifestBytes());
  }
}
