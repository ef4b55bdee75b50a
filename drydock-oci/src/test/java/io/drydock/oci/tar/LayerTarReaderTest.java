package io.drydock.oci.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.testing.HostileFixtures;
import io.drydock.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class LayerTarReaderTest {
  record Read(List<TarEntry> entries, Map<String, String> contents, List<TarDiagnostic> diags) {}

  static Read read(byte[] tar) throws IOException {
    return read(new ByteArrayInputStream(tar));
  }

  static Read read(InputStream in) throws IOException {
    List<TarEntry> entries = new ArrayList<>();
    Map<String, String> contents = new LinkedHashMap<>();
    try (LayerTarReader r = new LayerTarReader(in, "layer under test")) {
      TarEntry e;
      while ((e = r.next()) != null) {
        entries.add(e);
        if (e.type() == TarEntry.Type.FILE) {
          contents.put(e.path(), new String(r.content().readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      return new Read(entries, contents, r.diagnostics());
    }
  }

  @Test
  void yieldsNormalisedEntriesAndWhiteouts() throws IOException {
    String longName = "usr/share/" + "x".repeat(150) + "/file.txt";
    byte[] tar =
        TestImages.image()
            .layer(
                l ->
                    l.dir("./etc/")
                        .file("./etc/os-release", "ID=debian\n")
                        .file(longName, "long")
                        .symlink("bin", "usr/bin")
                        .symlink("etc/alt", "/etc/os-release")
                        .hardlink("etc/os-release.hard", "./etc/os-release")
                        .whiteout("etc/motd")
                        .opaque("var/cache/")
                        .file("setuid", "s".getBytes(StandardCharsets.UTF_8), 04755))
            .layerTar(0);
    Read r = read(tar);
    assertThat(r.diags()).isEmpty();
    assertThat(r.entries())
        .extracting(TarEntry::path, TarEntry::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("etc", TarEntry.Type.DIRECTORY),
            org.assertj.core.groups.Tuple.tuple("etc/os-release", TarEntry.Type.FILE),
            org.assertj.core.groups.Tuple.tuple(longName, TarEntry.Type.FILE),
            org.assertj.core.groups.Tuple.tuple("bin", TarEntry.Type.SYMLINK),
            org.assertj.core.groups.Tuple.tuple("etc/alt", TarEntry.Type.SYMLINK),
            org.assertj.core.groups.Tuple.tuple("etc/os-release.hard", TarEntry.Type.HARDLINK),
            org.assertj.core.groups.Tuple.tuple("etc/motd", TarEntry.Type.WHITEOUT),
            org.assertj.core.groups.Tuple.tuple("var/cache", TarEntry.Type.OPAQUE),
            org.assertj.core.groups.Tuple.tuple("setuid", TarEntry.Type.FILE));
    assertThat(r.contents())
        .containsEntry("etc/os-release", "ID=debian\n")
        .containsEntry(longName, "long");
    assertThat(r.entries().get(3).linkTarget()).isEqualTo("usr/bin");
    assertThat(r.entries().get(4).linkTarget()).isEqualTo("/etc/os-release");
    assertThat(r.entries().get(5).linkTarget()).isEqualTo("etc/os-release");
    assertThat(r.entries().get(8).mode()).isEqualTo(04755);
    assertThat(r.entries().get(1).size()).isEqualTo(10);
  }

  @Test
  void skipsEscapingAndAbsoluteEntriesWithDiagnostics() throws IOException {
    Read dotdot = read(HostileFixtures.tarWithEntry("../../etc/cron.d/x", "boom"));
    assertThat(dotdot.entries()).isEmpty();
    assertThat(dotdot.diags())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path()).isEqualTo("../../etc/cron.d/x");
              assertThat(d.message()).contains("escapes");
            });
    Read abs = read(HostileFixtures.tarWithEntry("/etc/passwd", "boom"));
    assertThat(abs.entries()).isEmpty();
    assertThat(abs.diags())
        .singleElement()
        .satisfies(d -> assertThat(d.message()).contains("absolute"));
  }

  @Test
  void refusesHardLinkOutOfTheRoot() throws IOException {
    Read r = read(HostileFixtures.hardlinkEscape());
    assertThat(r.entries()).extracting(TarEntry::path).containsExactly("ok.txt");
    assertThat(r.diags())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path()).isEqualTo("passwd");
              assertThat(d.message()).contains("../../etc/passwd").contains("escapes");
            });
  }

  @Test
  void recordsEscapingSymlinksWhichResolveInsideTheRoot() throws IOException {
    Read r = read(HostileFixtures.symlinkEscape());
    Map<String, String> links = new LinkedHashMap<>();
    r.entries().stream()
        .filter(e -> e.type() == TarEntry.Type.SYMLINK)
        .forEach(e -> links.put(e.path(), e.linkTarget()));
    assertThat(links).containsEntry("evil", "../../../../tmp").containsEntry("abs", "/etc");
    assertThat(TarPaths.resolveInRoot("evil/pwned", links::get)).contains("tmp/pwned");
    assertThat(TarPaths.resolveInRoot("abs/passwd", links::get)).contains("etc/passwd");
  }

  @Test
  void toleratesMissingEndOfArchiveMarkerWithDiagnostic() throws IOException {
    Read r = read(HostileFixtures.tarWithoutEndBlocks());
    assertThat(r.contents()).containsEntry("a.txt", "alpha\n");
    assertThat(r.diags())
        .extracting(TarDiagnostic::message)
        .containsExactly("layer ended without end-of-archive marker");
    assertThat(read(HostileFixtures.smallTar()).diags()).isEmpty();
  }

  @Test
  void truncatedEntryIsAnErrorNamingTheEntry() {
    assertThatThrownBy(() -> read(HostileFixtures.truncatedTarEntry()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("layer under test")
        .hasMessageContaining("big.bin")
        .hasMessageContaining("truncated")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void truncatedEntryIsAnErrorAlsoWhenTheContentIsSkipped() {
    assertThatThrownBy(
            () -> {
              try (LayerTarReader r =
                  new LayerTarReader(
                      new ByteArrayInputStream(HostileFixtures.truncatedTarEntry()), "layer 1")) {
                while (r.next() != null) {
                  // skip content
                }
              }
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("big.bin");
  }

  @Test
  void corruptHeaderIsAnError() {
    byte[] garbage = new byte[2048];
    java.util.Arrays.fill(garbage, (byte) 'x');
    assertThatThrownBy(() -> read(garbage))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("layer under test");
  }

  @Test
  void contentIsUnreadableAfterNext() throws IOException {
    byte[] tar = TestImages.image().layer(l -> l.file("a", "1").file("b", "2")).layerTar(0);
    try (LayerTarReader r = new LayerTarReader(new ByteArrayInputStream(tar), "layer")) {
      r.next();
      InputStream first = r.content();
      r.next();
      assertThatThrownBy(first::read).hasMessageContaining("read after next()");
      assertThat(new String(r.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2");
    }
  }

  @Test
  void devicesAreSpecialEntries() throws IOException {
    byte[] tar =
        HostileFixtures.tar(
            t -> {
              TarArchiveEntry e = new TarArchiveEntry("dev/null", TarConstants.LF_CHR);
              e.setDevMajor(1);
              e.setDevMinor(3);
              t.putArchiveEntry(e);
              t.closeArchiveEntry();
            });
    assertThat(read(tar).entries())
        .singleElement()
        .extracting(TarEntry::type)
        .isEqualTo(TarEntry.Type.SPECIAL);
  }

  /** 1.5 GiB of file content streamed through a 1 GiB heap: the reader must not buffer entries. */
  @Test
  void memoryStaysBoundedForHugeEntries() throws IOException {
    long size = 3L << 29;
    InputStream huge = new HugeTar(size);
    try (LayerTarReader r = new LayerTarReader(huge, "huge layer")) {
      TarEntry e = r.next();
      assertThat(e.size()).isEqualTo(size);
      long n = r.content().transferTo(java.io.OutputStream.nullOutputStream());
      assertThat(n).isEqualTo(size);
      assertThat(r.next()).isNull();
      assertThat(r.diagnostics()).isEmpty();
    }
  }

  @Test
  void hugeGnuLongNameIsRefusedNotBuffered() {
    TarArchiveEntry longName =
        new TarArchiveEntry("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME);
    InputStream hostile = new HugeTar(longName, 64L << 20, (byte) 'a');
    assertThatThrownBy(() -> read(hostile))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("layer under test has a tar header over 1048576 bytes");
  }

  /** A tar with one entry of {@code size} zero bytes, generated on the fly. */
  static final class HugeTar extends InputStream {
    private final byte[] header;
    private final long total;
    private long pos;

    private final byte fill;

    HugeTar(long size) {
      this(new TarArchiveEntry("zeros"), size, (byte) 0);
    }

    HugeTar(TarArchiveEntry e, long size, byte fill) {
      e.setSize(size);
      header = new byte[512];
      e.writeEntryHeader(header);
      total = 512 + size + 1024;
      this.fill = fill;
    }

    @Override
    public int read() {
      byte[] b = new byte[1];
      return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= total) {
        return -1;
      }
      int n = (int) Math.min(len, total - pos);
      for (int i = 0; i < n; i++) {
        long p = pos + i;
        b[off + i] = p < 512 ? header[(int) p] : p < total - 1024 ? fill : 0;
      }
      pos += n;
      return n;
    }
  }
}
