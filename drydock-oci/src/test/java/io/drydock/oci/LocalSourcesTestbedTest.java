package io.drydock.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.archive.DockerArchiveSource;
import io.drydock.oci.layout.OciArchiveSource;
import io.drydock.oci.layout.OciLayoutSource;
import io.drydock.oci.layout.OciLayoutWriter;
import io.drydock.oci.rootfs.RootfsSource;
import io.drydock.oci.tar.LayerTarReader;
import io.drydock.oci.tar.TarEntry;
import io.drydock.oci.testsupport.ImageChecks;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The local sources against the real Debian images the testbed exported in every format. */
class LocalSourcesTestbedTest {
  @TempDir Path tmp;
  Testbed tb;
  JsonNode images;

  @BeforeEach
  void testbed() throws IOException {
    tb = Testbed.require();
    images = Json.MAPPER.readTree(Files.readAllBytes(tb.imagesJson())).path("images");
  }

  /** The images.json entry of {@code img}, found by its manifest digest. */
  JsonNode meta(Img img) {
    for (JsonNode n : images) {
      if (n.path("manifest_digest").asString("").equals(tb.digest(img))) {
        return n;
      }
    }
    throw new AssertionError("images.json has no " + img);
  }

  List<String> diffIds(Img img) {
    List<String> out = new ArrayList<>();
    meta(img).path("layers").forEach(l -> out.add(l.path("diff_id").asString()));
    return out;
  }

  @Test
  void sharedLayoutByRefNameReadsEveryLayerVerified() throws IOException {
    Set<Digest> read = new HashSet<>();
    for (Img img : Img.values()) {
      String ref = meta(img).path("ref_name").asString();
      try (OciLayoutSource src = OciLayoutSource.open(tb.ociLayout(), ref)) {
        assertThat(src.root().digest().toString()).as(ref).isEqualTo(tb.digest(img));
        Image image = src.image(Platform.LINUX_AMD64);
        assertThat(image.layers()).hasSize(tb.layerCount(img));
        assertThat(image.manifest().config().digest().toString())
            .isEqualTo(meta(img).path("config_digest").asString());
        for (Layer l : image.layers()) {
          if (read.add(l.digest())) { // the images share their base layer: read each once
            try (InputStream in = l.openUncompressed()) {
              in.transferTo(java.io.OutputStream.nullOutputStream());
            }
          }
        }
      }
    }
  }

  @Test
  void perImageLayoutsAndOciArchivesHaveThePushedDigests() throws IOException {
    for (Img img : Img.values()) {
      try (OciLayoutSource dir = OciLayoutSource.open(tb.ociDir(img), null);
          OciArchiveSource tar = OciArchiveSource.open(tb.ociArchive(img), null)) {
        assertThat(dir.root().digest().toString()).as(img.name()).isEqualTo(tb.digest(img));
        assertThat(tar.root().digest().toString()).as(img.name()).isEqualTo(tb.digest(img));
        assertThat(
                tar.image(Platform.LINUX_AMD64).config().diffIds().stream().map(Digest::toString))
            .containsExactlyElementsOf(diffIds(img));
      }
    }
    // the per-image layout names its entry with the full reference
    try (OciLayoutSource dir =
        OciLayoutSource.open(tb.ociDir(Img.APP_1_0_BASE_V1), tb.repoTag(Img.APP_1_0_BASE_V1))) {
      assertThat(dir.root().digest().toString()).isEqualTo(tb.digest(Img.APP_1_0_BASE_V1));
    }
    try (OciArchiveSource tar = OciArchiveSource.open(tb.ociArchive(Img.APP_1_0_BASE_V1), null)) {
      ImageChecks.readAllLayers(tar.image(Platform.LINUX_AMD64));
    }
  }

  @Test
  void dockerArchivesHaveTheConfigAndDiffIds() throws IOException {
    for (Img img : Img.values()) {
      try (DockerArchiveSource src = DockerArchiveSource.open(tb.dockerArchive(img), null)) {
        Image image = src.image(Platform.LINUX_AMD64);
        assertThat(image.manifest().config().digest().toString())
            .as(img.name())
            .isEqualTo(meta(img).path("config_digest").asString());
        assertThat(image.layers().stream().map(l -> l.diffId().toString()))
            .containsExactlyElementsOf(diffIds(img));
        assertThat(src.repoTags()).anySatisfy(t -> assertThat(t).endsWith(tb.repoTag(img)));
      }
    }
    try (DockerArchiveSource src =
        DockerArchiveSource.open(
            tb.dockerArchive(Img.APP_1_0_BASE_V2), tb.repoTag(Img.APP_1_0_BASE_V2))) {
      ImageChecks.readAllLayers(src.image(Platform.LINUX_AMD64));
    }
  }

  @Test
  void rootfsIsOneVerifiedLayer() throws IOException {
    Path rootfs = tb.rootfs(Img.APP_1_0_BASE_V1);
    try (RootfsSource src = RootfsSource.open(rootfs)) {
      Image image = src.image(Platform.LINUX_AMD64);
      assertThat(image.layers()).hasSize(1);
      Set<String> paths = new HashSet<>();
      try (InputStream in = image.layers().get(0).openUncompressed();
          LayerTarReader r = new LayerTarReader(in, "rootfs")) {
        TarEntry e;
        while ((e = r.next()) != null) {
          paths.add(e.path());
        }
        assertThat(r.diagnostics()).isEmpty();
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      assertThat(paths).contains("etc/os-release", "var/lib/dpkg/status", "usr/bin/dpkg");
      assertThat(src.diagnostics()).isEmpty();
    }
  }

  @Test
  void copiesTheAppImageByteExact() throws IOException {
    Path out = tmp.resolve("copy");
    Img img = Img.APP_1_0_BASE_V1;
    try (OciLayoutSource src =
        OciLayoutSource.open(tb.ociLayout(), meta(img).path("ref_name").asString())) {
      Image image = src.image(Platform.LINUX_AMD64);
      Digest written = OciLayoutWriter.open(out).write(image, "app");
      assertThat(written.toString()).isEqualTo(tb.digest(img));
      for (Descriptor d : image.manifest().layers()) {
        Path blob = out.resolve(d.digest().blobPath());
        assertThat(Files.size(blob)).isEqualTo(d.size());
        assertThat(Files.mismatch(blob, tb.ociLayout().resolve(d.digest().blobPath())))
            .isEqualTo(-1L);
      }
    }
    try (OciLayoutSource copy = OciLayoutSource.open(out, "app")) {
      assertThat(copy.root().digest().toString()).isEqualTo(tb.digest(img));
      assertThat(copy.root().bytes())
          .isEqualTo(
              Files.readAllBytes(tb.ociLayout().resolve(Digest.parse(tb.digest(img)).blobPath())));
      ImageChecks.readAllLayers(copy.image(Platform.LINUX_AMD64));
    }
  }
}
