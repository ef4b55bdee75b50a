package io.drydock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile inputs for parser tests, built in code: broken compression, tar entries that try to
 * escape the extraction root, decompression bombs, truncated tars, and OCI layouts with missing or
 * lying content. Each method documents what a correct reader must do with it.
 */
public final class HostileFixtures {
  private HostileFixtures() {}

  /** A small valid tar with one file {@code hello.txt}. */
  public static byte[] smallTar() {
    return tar(
        t -> {
          TarArchiveEntry e = TestImages.LayerBuilder.entry("hello.txt", TarConstants.LF_NORMAL);
          byte[] b = "hello, world\n".repeat(100).getBytes(StandardCharsets.UTF_8);
          e.setSize(b.length);
          t.putArchiveEntry(e);
          t.write(b);
          t.closeArchiveEntry();
        });
  }

  /**
   * The gzip of {@code data} cut in the middle: readers must fail, not hang or return short data.
   */
  public static byte[] truncatedGzip(byte[] data) {
    byte[] gz = TestImages.gzip(data);
    return Arrays.copyOf(gz, gz.length / 2);
  }

  /**
   * The gzip of {@code data} with bytes of the deflate body flipped (header intact): readers must
   * fail with a data or CRC error.
   */
  public static byte[] corruptGzip(byte[] data) {
    byte[] gz = TestImages.gzip(data);
    for (int i = 12; i < gz.length - 8; i += 7) {
      gz[i] = (byte) ~gz[i];
    }
    return gz;
  }

  /**
   * A tar whose single file entry has the raw name {@code rawName} (e.g. {@code ../x}, {@code
   * /etc/x}).
   */
  public static byte[] tarWithEntry(String rawName, String content) {
    return tar(t -> file(t, rawName, content.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A symlink {@code evil → ../../../../tmp} followed by a file {@code evil/pwned} written through
   * it, then a symlink {@code abs → /etc} and {@code abs/passwd}: an extractor that follows links
   * writes outside its root.
   */
  public static byte[] symlinkEscape() {
    return tar(
        t -> {
          symlink(t, "evil", "../../../../tmp");
          file(t, "evil/pwned", "owned\n".getBytes(StandardCharsets.UTF_8));
          symlink(t, "abs", "/etc");
          file(t, "abs/passwd", "root::0:0::/:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        });
  }

  /**
   * A hard link {@code passwd → ../../etc/passwd} plus a harmless file: the link must be refused.
   */
  public static byte[] hardlinkEscape() {
    return tar(
        t -> {
          TarArchiveEntry e = TestImages.LayerBuilder.entry("passwd", TarConstants.LF_LINK);
          e.setLinkName("../../etc/passwd");
          t.putArchiveEntry(e);
          t.closeArchiveEntry();
          file(t, "ok.txt", "ok\n".getBytes(StandardCharsets.UTF_8));
        });
  }

  /** A valid tar without its two zero end-of-archive blocks (some real layers are like this). */
  public static byte[] tarWithoutEndBlocks() {
    byte[] full = tar(t -> file(t, "a.txt", "alpha\n".getBytes(StandardCharsets.UTF_8)));
    for (int i = full.length - 1024; i < full.length; i++) {
      if (full[i] != 0) {
        throw new IllegalStateException("unexpected tar trailer");
      }
    }
    return Arrays.copyOf(full, full.length - 1024);
  }

  /** A tar cut inside the data of entry {@code big.bin} (10000 bytes, 3000 present). */
  public static byte[] truncatedTarEntry() {
    byte[] full = tar(t -> file(t, "big.bin", new byte[10000]));
    return Arrays.copyOf(full, 512 + 3000);
  }

  /** A gzip-compressed layer and its digests, written to a file. */
  public record Blob(Path file, String digest, long size, String diffId) {}

  /**
   * Writes a decompression bomb: a gzip'd tar holding one file of {@code uncompressedBytes} zeros
   * (about 1000:1), streamed to {@code file} without holding it in memory. Readers must stop at
   * their decompressed-size cap.
   */
  public static Blob gzipBomb(Path file, long uncompressedBytes) {
    MessageDigest compressed = TestImages.md();
    MessageDigest tarDigest = TestImages.md();
    try (OutputStream fos = Files.newOutputStream(file);
        DigestOutputStream c = new DigestOutputStream(fos, compressed);
        GZIPOutputStream gz = new GZIPOutputStream(c, 64 * 1024);
        DigestOutputStream u = new DigestOutputStream(gz, tarDigest);
        TarArchiveOutputStream t = TestImages.tarOut(u)) {
      TarArchiveEntry e = TestImages.LayerBuilder.entry("zeros", TarConstants.LF_NORMAL);
      e.setSize(uncompressedBytes);
      t.putArchiveEntry(e);
      byte[] zeros = new byte[1 << 20];
      for (long left = uncompressedBytes; left > 0; left -= zeros.length) {
        t.write(zeros, 0, (int) Math.min(zeros.length, left));
      }
      t.closeArchiveEntry();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return new Blob(
        file,
        "sha256:" + HexFormat.of().formatHex(compressed.digest()),
        TestImages.size(file),
        "sha256:" + HexFormat.of().formatHex(tarDigest.digest()));
  }

  /** Deletes blob {@code digest} from the layout: readers must name the digest and the layout. */
  public static void deleteBlob(Path layout, String digest) {
    try {
      Files.delete(blob(layout, digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flips a byte of blob {@code digest}: its content no longer matches its digest. */
  public static void corruptBlob(Path layout, String digest) {
    try {
      Path p = blob(layout, digest);
      byte[] b = Files.readAllBytes(p);
      b[b.length / 2] ^= 0x01;
      Files.write(p, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces {@code index.json} with text that is not JSON. */
  public static void invalidIndexJson(Path layout) {
    try {
      Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\": 2, \"manifests\": [");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets the {@code size} of every {@code index.json} entry to {@code size} (a lie). */
  public static void indexEntrySize(Path layout, long size) {
    try {
      Path f = layout.resolve("index.json");
      ObjectNode idx = (ObjectNode) TestImages.JSON.readTree(Files.readAllBytes(f));
      idx.path("manifests").forEach(m -> ((ObjectNode) m).put("size", size));
      Files.write(f, TestImages.JSON.writeValueAsBytes(idx));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(TestImages.hex(digest));
  }

  /** Writes tar entries with names stored exactly as given (absolute paths preserved). */
  public interface TarWriter {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  /** A tar written by {@code writer}, ended properly. */
  public static byte[] tar(TarWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = TestImages.tarOut(out)) {
      writer.write(t);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static void file(TarArchiveOutputStream t, String rawName, byte[] content)
      throws IOException {
    TarArchiveEntry e = TestImages.LayerBuilder.entry(rawName, TarConstants.LF_NORMAL);
    e.setSize(content.length);
    t.putArchiveEntry(e);
    t.write(content);
    t.closeArchiveEntry();
  }

  public static void symlink(TarArchiveOutputStream t, String rawName, String target)
      throws IOException {
    TarArchiveEntry e = TestImages.LayerBuilder.entry(rawName, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    t.putArchiveEntry(e);
    t.closeArchiveEntry();
  }
}
