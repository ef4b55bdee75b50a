package io.drydock.oci.rootfs;

import static io.drydock.oci.testsupport.ImageChecks.readLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.DigestMismatchException;
import io.drydock.oci.Image;
import io.drydock.oci.Layer;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.Platform;
import io.drydock.oci.layout.OciLayoutSource;
import io.drydock.oci.layout.OciLayoutWriter;
import io.drydock.oci.tar.LayerTarReader;
import io.drydock.oci.tar.TarEntry;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsSourceTest {
  @TempDir Path tmp;
  Path root;

  @BeforeEach
  void tree() throws IOException {
    root = Files.createDirectories(tmp.resolve("rootfs"));
    Files.createDirectories(root.resolve("etc/apt"));
    Files.createDirectories(root.resolve("usr/bin"));
    Files.writeString(root.resolve("etc/os-release"), "ID=debian\n");
    Files.writeString(
        root.resolve("etc/apt/sources.list"), "deb http://deb.debian.org bookworm main\n");
    Path sh = Files.writeString(root.resolve("usr/bin/dash"), "#!ELF\n");
    Files.setAttribute(sh, "unix:mode", 04755);
    Files.createLink(root.resolve("usr/bin/dash.hard"), sh);
    Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
    Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../../etc"));
    Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc/passwd"));
  }

  @Test
  void oneDeterministicLayerWithSymlinksHardLinksAndModes() throws IOException {
    try (RootfsSource src = RootfsSource.open(root);
        RootfsSource again = RootfsSource.open(root)) {
      assertThat(src.describe()).isEqualTo("dir:" + root);
      assertThat(src.root()).isEqualTo(again.root());
      Image image = src.image(Platform.LINUX_AMD64);
      assertThat(image.layers()).hasSize(1);
      Layer layer = image.layers().get(0);
      assertThat(layer.digest()).isEqualTo(layer.diffId());
      assertThat(layer.mediaType()).isEqualTo(MediaTypes.OCI_LAYER);
      assertThat(image.config().os()).isEqualTo("linux");
      assertThat(image.config().architecture()).isEqualTo(RootfsSource.hostArchitecture());
      assertThat(image.config().history())
          .singleElement()
          .satisfies(h -> assertThat(h.createdBy()).isEqualTo("rootfs " + root));
      Map<String, String> content = readLayer(layer);
      assertThat(content)
          .containsEntry("etc/os-release", "ID=debian\n")
          .containsEntry("bin", "SYMLINK usr/bin")
          .containsEntry("escape", "SYMLINK ../../../../etc")
          .containsEntry("abs", "SYMLINK /etc/passwd")
          .containsEntry("usr/bin/dash", "#!ELF\n")
          .containsEntry("usr/bin/dash.hard", "HARDLINK usr/bin/dash");
      assertThat(new ArrayList<>(content.keySet()))
          .containsExactly(
              "abs",
              "bin",
              "escape",
              "etc",
              "etc/apt",
              "etc/apt/sources.list",
              "etc/os-release",
              "usr",
              "usr/bin",
              "usr/bin/dash",
              "usr/bin/dash.hard");
      assertThat(modes(layer)).containsEntry("usr/bin/dash", 04755);
      assertThat(src.diagnostics()).isEmpty();
    }
  }

  @Test
  void socketsAreSkippedAndCounted() throws IOException {
    Path sock = root.resolve("run.sock");
    try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.bind(UnixDomainSocketAddress.of(sock));
      try (RootfsSource src = RootfsSource.open(root)) {
        assertThat(src.skippedSpecialFiles()).isEqualTo(1);
        assertThat(readLayer(src.image(Platform.LINUX_AMD64).layers().get(0)))
            .doesNotContainKey("run.sock");
      }
    } finally {
      Files.deleteIfExists(sock);
    }
  }

  @Test
  void changedTreeIsDetectedOnRead() throws IOException {
    try (RootfsSource src = RootfsSource.open(root)) {
      Files.writeString(root.resolve("etc/os-release"), "ID=evil\n");
      Layer layer = src.image(Platform.LINUX_AMD64).layers().get(0);
      assertThatThrownBy(
              () -> {
                try (InputStream in = layer.openUncompressed()) {
                  in.transferTo(java.io.OutputStream.nullOutputStream());
                }
              })
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining("dir:" + root);
    }
  }

  @Test
  void unreadableFilesBecomeDiagnostics() throws IOException {
    Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")), "root reads every file");
    Path secret = Files.writeString(root.resolve("etc/shadow"), "x");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    try (RootfsSource src = RootfsSource.open(root)) {
      assertThat(src.diagnostics())
          .singleElement()
          .satisfies(d -> assertThat(d.path()).isEqualTo("etc/shadow"));
      assertThat(readLayer(src.image(Platform.LINUX_AMD64).layers().get(0)))
          .doesNotContainKey("etc/shadow");
    }
  }

  @Test
  void writesToLayoutAndReadsBack() throws IOException {
    Path out = tmp.resolve("layout");
    try (RootfsSource src = RootfsSource.open(root)) {
      Image image = src.image(Platform.LINUX_AMD64);
      OciLayoutWriter.open(out).write(image, "rootfs");
      try (OciLayoutSource copy = OciLayoutSource.open(out, "rootfs")) {
        assertThat(copy.root().digest()).isEqualTo(image.digest());
        assertThat(readLayer(copy.image(Platform.LINUX_AMD64).layers().get(0)))
            .containsEntry("etc/os-release", "ID=debian\n");
      }
    }
  }

  @Test
  void notADirectory() {
    assertThatThrownBy(() -> RootfsSource.open(tmp.resolve("missing")))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("is not a directory");
  }

  private static Map<String, Integer> modes(Layer layer) throws IOException {
    Map<String, Integer> out = new java.util.HashMap<>();
    try (InputStream in = layer.openUncompressed();
        LayerTarReader r = new LayerTarReader(in, "rootfs")) {
      TarEntry e;
      List<TarEntry> all = new ArrayList<>();
      while ((e = r.next()) != null) {
        all.add(e);
        out.put(e.path(), e.mode());
      }
    }
    return out;
  }
}
