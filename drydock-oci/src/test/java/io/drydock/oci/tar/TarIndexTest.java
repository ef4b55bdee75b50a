package io.drydock.oci.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.testing.HostileFixtures;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarIndexTest {
  @TempDir Path tmp;

  private Path archive() throws IOException {
    Path f = tmp.resolve("a.tar");
    Files.write(
        f,
        HostileFixtures.tar(
            t -> {
              HostileFixtures.file(t, "./data/one", "first".getBytes(StandardCharsets.UTF_8));
              HostileFixtures.file(t, "data/big", new byte[70_000]);
              HostileFixtures.symlink(t, "id/layer.tar", "../data/one");
              HostileFixtures.symlink(t, "escape", "../../../etc/passwd");
              HostileFixtures.file(t, "../outside", "x".getBytes(StandardCharsets.UTF_8));
              TarArchiveEntry hard = new TarArchiveEntry("hard", TarConstants.LF_LINK);
              hard.setLinkName("data/one");
              t.putArchiveEntry(hard);
              t.closeArchiveEntry();
              HostileFixtures.file(t, "dup", "old".getBytes(StandardCharsets.UTF_8));
              HostileFixtures.file(t, "dup", "new".getBytes(StandardCharsets.UTF_8));
            }));
    return f;
  }

  private static String read(TarIndex idx, String path) throws IOException {
    try (InputStream in = idx.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void servesMembersAtTheirOffsetsFollowingLinksInside() throws IOException {
    try (TarIndex idx = TarIndex.open(archive(), "archive a.tar")) {
      assertThat(read(idx, "data/one")).isEqualTo("first");
      assertThat(read(idx, "id/layer.tar")).isEqualTo("first");
      assertThat(read(idx, "hard")).isEqualTo("first");
      assertThat(read(idx, "dup")).isEqualTo("new");
      try (InputStream in = idx.open("data/big")) {
        assertThat(in.readAllBytes()).hasSize(70_000).containsOnly(0);
      }
      assertThat(idx.paths()).doesNotContain("outside", "../outside");
      assertThat(idx.diagnostics())
          .singleElement()
          .satisfies(d -> assertThat(d.path()).isEqualTo("../outside"));
    }
  }

  @Test
  void escapingSymlinkStaysInsideTheArchive() throws IOException {
    try (TarIndex idx = TarIndex.open(archive(), "archive a.tar")) {
      assertThat(idx.find("escape")).isEmpty();
      assertThatThrownBy(() -> idx.open("escape"))
          .isInstanceOf(FileNotFoundException.class)
          .hasMessage("archive a.tar has no file \"escape\"");
      assertThat(idx.find("../outside")).isEmpty();
    }
  }

  @Test
  void memberCutShortIsAnError() throws IOException {
    byte[] full = Files.readAllBytes(archive());
    Path cut = tmp.resolve("cut.tar");
    Files.write(cut, java.util.Arrays.copyOf(full, 512 * 4 + 100)); // inside data/big
    assertThatThrownBy(() -> TarIndex.open(cut, "archive cut.tar"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("archive cut.tar")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
