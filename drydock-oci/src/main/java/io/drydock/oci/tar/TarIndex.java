package io.drydock.oci.tar;

import io.drydock.oci.content.ChunkInputStream;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Random access to the members of an uncompressed tar file without extracting it: the file is
 * scanned once (headers only; data is skipped by seeking) and each member's data offset and size
 * recorded; {@link #open(String)} then reads the file at that offset. Used by oci-archive and
 * docker-archive sources.
 *
 * <p>Member names are normalised with {@link TarPaths#normalise}; refused names (absolute, {@code
 * ..} escapes, NUL) are not addressable and are listed in {@link #diagnostics()}. Symlinks and hard
 * links between members are followed inside the archive only. Thread-safe after {@link #open}:
 * reads are positional. Closing closes the file; streams opened before fail afterwards.
 */
public final class TarIndex implements Closeable {
  /** Most members an archive may have (bounds the index's memory). */
  public static final int MAX_ENTRIES = 1_000_000;

  /** One member: where its data lies in the file. */
  public record Member(
      String path, TarEntry.Type type, long offset, long size, String linkTarget) {}

  private final Path file;
  private final String what;
  private final FileChannel channel;
  private final Map<String, Member> members;
  private final List<TarDiagnostic> diagnostics;

  private TarIndex(
      Path file,
      String what,
      FileChannel channel,
      Map<String, Member> members,
      List<TarDiagnostic> diagnostics) {
    this.file = file;
    this.what = what;
    this.channel = channel;
    this.members = members;
    this.diagnostics = diagnostics;
  }

  /**
   * Scans {@code file}. {@code what} names it in messages ("docker-archive /x.tar").
   *
   * @throws IOException one line naming the file when it is missing, compressed or not a tar
   */
  public static TarIndex open(Path file, String what) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException(what + ": no such file " + file);
    }
    try {
      byte[] head = new byte[4];
      int n = channel.read(ByteBuffer.wrap(head), 0);
      if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
        throw new IOException(what + " is gzip-compressed; decompress it first (gunzip)");
      }
      Map<String, Member> members = new HashMap<>();
      List<TarDiagnostic> diagnostics = new ArrayList<>();
      CountingInputStream counted =
          new CountingInputStream(
              new BufferedInputStream(new Slice(channel, what, 0, channel.size()), 64 * 1024));
      // Counting above the buffer counts what the tar reader consumed, so offsets stay exact.
      TarArchiveInputStream tar = new TarArchiveInputStream(counted, "UTF-8");
      String last = null;
      try {
        TarArchiveEntry e;
        while (true) {
          if (last != null) {
            tar.skip(Long.MAX_VALUE); // seek past the data, so the budget covers headers only
          }
          counted.limit(
              LayerTarReader.MAX_HEADER_BYTES + 512L,
              what
                  + " has a tar header over "
                  + LayerTarReader.MAX_HEADER_BYTES
                  + " bytes (hostile long name or PAX header?)");
          e = tar.getNextEntry();
          counted.unlimited();
          if (e == null) {
            break;
          }
          last = e.getName();
          if (members.size() >= MAX_ENTRIES) {
            throw new IOException(what + " has more than " + MAX_ENTRIES + " members");
          }
          Optional<String> path = TarPaths.normalise(e.getName());
          if (path.isEmpty() || path.get().isEmpty()) {
            if (path.isEmpty()) {
              diagnostics.add(
                  new TarDiagnostic(
                      LayerTarReader.printable(e.getName()), LayerTarReader.refusal(e.getName())));
            }
            continue;
          }
          if (e.isSparse()) {
            diagnostics.add(
                new TarDiagnostic(
                    path.get(), "sparse member not supported in an archive; skipped"));
            continue;
          }
          TarEntry.Type type =
              e.isSymbolicLink()
                  ? TarEntry.Type.SYMLINK
                  : e.isLink()
                      ? TarEntry.Type.HARDLINK
                      : e.isDirectory()
                          ? TarEntry.Type.DIRECTORY
                          : e.isFile() ? TarEntry.Type.FILE : TarEntry.Type.SPECIAL;
          long size = type == TarEntry.Type.FILE ? e.getSize() : 0;
          members.put(
              path.get(),
              new Member(
                  path.get(),
                  type,
                  counted.count(),
                  size,
                  type == TarEntry.Type.SYMLINK || type == TarEntry.Type.HARDLINK
                      ? e.getLinkName()
                      : null));
        }
      } catch (CountingInputStream.HeaderTooLargeException e) {
        throw new IOException(e.getMessage(), e);
      } catch (IOException | RuntimeException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        throw new IOException(
            what
                + " is not a readable tar"
                + (last == null ? "" : " (after member \"" + LayerTarReader.printable(last) + "\")")
                + ": "
                + detail.lines().findFirst().orElse(detail),
            e);
      }
      long fileSize = channel.size();
      for (Member m : members.values()) {
        if (m.offset() + m.size() > fileSize) {
          throw new IOException(
              what + " is truncated: member \"" + m.path() + "\" extends past the end of the file");
        }
      }
      return new TarIndex(file, what, channel, members, Collections.unmodifiableList(diagnostics));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The archive file. */
  public Path file() {
    return file;
  }

  /** Refused member names. */
  public List<TarDiagnostic> diagnostics() {
    return diagnostics;
  }

  /** Normalised member paths, sorted. */
  public List<String> paths() {
    return List.copyOf(new TreeSet<>(members.keySet()));
  }

  /**
   * The regular-file member at {@code path} (normalised first), following symlinks and hard links
   * inside the archive; empty when there is none or the chain escapes or loops.
   */
  public Optional<Member> find(String path) {
    Optional<String> norm = TarPaths.normalise(path);
    if (norm.isEmpty()) {
      return Optional.empty();
    }
    String p = norm.get();
    for (int hops = 0; hops <= TarPaths.MAX_SYMLINK_HOPS; hops++) {
      Optional<String> resolved =
          TarPaths.resolveInRoot(
              p,
              q -> {
                Member m = members.get(q);
                return m != null && m.type() == TarEntry.Type.SYMLINK ? m.linkTarget() : null;
              });
      if (resolved.isEmpty()) {
        return Optional.empty();
      }
      Member m = members.get(resolved.get());
      if (m == null) {
        return Optional.empty();
      }
      if (m.type() == TarEntry.Type.FILE) {
        return Optional.of(m);
      }
      if (m.type() != TarEntry.Type.HARDLINK) {
        return Optional.empty();
      }
      Optional<String> target = TarPaths.normalise(m.linkTarget());
      if (target.isEmpty()) {
        return Optional.empty();
      }
      p = target.get();
    }
    return Optional.empty();
  }

  /**
   * Opens the data of the regular-file member at {@code path}; a {@link FileNotFoundException}
   * naming the archive when there is none. The caller closes the stream (closing it leaves the
   * index open).
   */
  public InputStream open(String path) throws IOException {
    Member m =
        find(path)
            .orElseThrow(() -> new FileNotFoundException(what + " has no file \"" + path + "\""));
    return open(m);
  }

  /** Opens the data of {@code m}. */
  public InputStream open(Member m) {
    return new BufferedInputStream(new Slice(channel, what, m.offset(), m.size()), 64 * 1024);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** A positional, bounded view of the file; no shared channel position, so thread-safe. */
  private static final class Slice extends ChunkInputStream {
    private final FileChannel channel;
    private final String what;
    private long pos;
    private final long end;

    Slice(FileChannel channel, String what, long offset, long size) {
      this.channel = channel;
      this.what = what;
      this.pos = offset;
      this.end = offset + size;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos >= end) {
        return -1;
      }
      int want = (int) Math.min(len, end - pos);
      int n = channel.read(ByteBuffer.wrap(b, off, want), pos);
      if (n < 0) {
        throw new IOException(what + " ended early (was the file changed while reading?)");
      }
      pos += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long s = Math.max(0, Math.min(n, end - pos));
      pos += s;
      return s;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - pos);
    }
  }
}
