package io.drydock.oci.tar;

import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Iterates a layer's uncompressed tar stream (PAX, GNU long names, hard links, symlinks, sparse
 * files: parsing is commons-compress's {@link TarArchiveInputStream}) and yields {@link TarEntry}s
 * with normalised paths and whiteouts recognised.
 *
 * <p>Entries that must not be applied (absolute paths, {@code ..} escapes, NUL bytes, hard links
 * whose target escapes, unknown entry types) are skipped and recorded in {@link #diagnostics()}. A
 * tar that ends without its end-of-archive blocks is tolerated with a diagnostic; an entry whose
 * data is cut short is an {@link IOException} naming the entry. Memory stays bounded (one record
 * buffer plus the current header) whatever the layer size.
 *
 * <p>Not thread-safe. Closing closes the underlying stream.
 */
public final class LayerTarReader implements Closeable {
  private static final String WHITEOUT_PREFIX = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";

  /**
   * Most bytes the headers of one entry may take (PAX extended headers and GNU long names are read
   * into memory by commons-compress): 1 MiB, far above real headers, bounds memory on hostile ones.
   */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  private final CountingInputStream counted;
  private final TarArchiveInputStream tar;
  private final String what;
  private final List<TarDiagnostic> diagnostics = new ArrayList<>();
  private String currentName;
  private long dataEnd;
  private int generation;
  private boolean finished;

  /**
   * @param in the uncompressed tar; closed by {@link #close()}
   * @param what names the layer in messages ("layer 2 of oci:/x:latest")
   */
  public LayerTarReader(InputStream in, String what) {
    this.counted = new CountingInputStream(in);
    this.tar = new TarArchiveInputStream(counted, "UTF-8");
    this.what = what;
  }

  /**
   * The next entry, or {@code null} at the end. Unread content of the previous entry is skipped.
   *
   * @throws IOException naming the layer and entry when the tar is truncated or a header is corrupt
   */
  public TarEntry next() throws IOException {
    if (finished) {
      return null;
    }
    generation++;
    while (true) {
      TarArchiveEntry e;
      try {
        if (currentName != null) {
          // Drain unread data first, so the header budget below covers headers only.
          tar.transferTo(OutputStream.nullOutputStream());
        }
        counted.limit(
            MAX_HEADER_BYTES + 512L,
            what
                + " has a tar header over "
                + MAX_HEADER_BYTES
                + " bytes (hostile long name or PAX header?)"
                + (currentName == null ? "" : " after entry \"" + currentName + "\""));
        e = tar.getNextEntry();
      } catch (CountingInputStream.HeaderTooLargeException ex) {
        throw new IOException(ex.getMessage(), ex);
      } catch (IOException | RuntimeException ex) {
        throw failure(ex);
      } finally {
        counted.unlimited();
      }
      if (e == null) {
        finished = true;
        if (counted.count() < dataEnd + 512) {
          diagnostics.add(new TarDiagnostic(null, "layer ended without end-of-archive marker"));
        }
        return null;
      }
      currentName = e.getName();
      dataEnd = counted.count() + ((e.getSize() + 511) / 512) * 512;
      TarEntry entry = convert(e);
      if (entry != null) {
        return entry;
      }
    }
  }

  /**
   * The content of the entry last returned by {@link #next()}: a stream bounded by the entry's
   * size, valid until the next call to {@link #next()}. Closing it does not close the reader. A
   * truncated layer surfaces as an {@link IOException} naming the entry.
   */
  public InputStream content() {
    int gen = generation;
    String name = currentName;
    return new FilterInputStream(tar) {
      @Override
      public int read() throws IOException {
        check();
        try {
          return super.read();
        } catch (IOException | RuntimeException ex) {
          throw failure(ex);
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        check();
        try {
          return super.read(b, off, len);
        } catch (IOException | RuntimeException ex) {
          throw failure(ex);
        }
      }

      private void check() throws IOException {
        if (gen != generation) {
          throw new IOException("content of " + name + " in " + what + " read after next()");
        }
      }

      @Override
      public void close() {}
    };
  }

  /** Skipped and tolerated entries so far, in order. */
  public List<TarDiagnostic> diagnostics() {
    return List.copyOf(diagnostics);
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }

  private IOException failure(Exception ex) {
    String detail = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    detail = detail.lines().findFirst().orElse(detail);
    if (ex instanceof EOFException
        || (currentName != null && counted.count() < dataEnd)
        || detail.toLowerCase(java.util.Locale.ROOT).contains("truncated")) {
      if (currentName != null) {
        return new IOException(
            what + " is truncated inside entry \"" + currentName + "\" (" + detail + ")", ex);
      }
    }
    return new IOException(
        what
            + " has a corrupt tar header"
            + (currentName == null ? " at the start" : " after entry \"" + currentName + "\"")
            + " ("
            + detail
            + ")",
        ex);
  }

  private TarEntry convert(TarArchiveEntry e) {
    String raw = e.getName();
    Optional<String> norm = TarPaths.normalise(raw);
    if (norm.isEmpty()) {
      skip(raw, refusal(raw));
      return null;
    }
    String path = norm.get();
    int mode = e.getMode() & 07777;
    long uid = e.getLongUserId();
    long gid = e.getLongGroupId();
    Instant mtime = e.getLastModifiedTime() == null ? null : e.getLastModifiedTime().toInstant();
    int slash = path.lastIndexOf('/');
    String base = path.substring(slash + 1);
    String parent = slash < 0 ? "" : path.substring(0, slash);
    if (base.startsWith(WHITEOUT_PREFIX)) {
      if (base.equals(OPAQUE)) {
        return new TarEntry(parent, TarEntry.Type.OPAQUE, 0, mode, uid, gid, null, mtime);
      }
      String hidden = base.substring(WHITEOUT_PREFIX.length());
      if (hidden.isEmpty() || hidden.startsWith(WHITEOUT_PREFIX) || hidden.equals("..")) {
        skip(raw, "unsupported whiteout entry skipped");
        return null;
      }
      String target = parent.isEmpty() ? hidden : parent + "/" + hidden;
      return new TarEntry(target, TarEntry.Type.WHITEOUT, 0, mode, uid, gid, null, mtime);
    }
    if (path.isEmpty()) {
      return null; // the root directory itself ("./"): nothing to apply
    }
    if (e.isSymbolicLink()) {
      String target = e.getLinkName();
      if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
        skip(raw, "symlink with an empty or NUL-containing target skipped");
        return null;
      }
      return new TarEntry(path, TarEntry.Type.SYMLINK, 0, mode, uid, gid, target, mtime);
    }
    if (e.isLink()) {
      Optional<String> target = TarPaths.normalise(e.getLinkName());
      if (target.isEmpty() || target.get().isEmpty()) {
        skip(raw, "hard link to \"" + e.getLinkName() + "\" escapes the layer root; skipped");
        return null;
      }
      return new TarEntry(path, TarEntry.Type.HARDLINK, 0, mode, uid, gid, target.get(), mtime);
    }
    if (e.isDirectory()) {
      return new TarEntry(path, TarEntry.Type.DIRECTORY, 0, mode, uid, gid, null, mtime);
    }
    if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      return new TarEntry(path, TarEntry.Type.SPECIAL, 0, mode, uid, gid, null, mtime);
    }
    if (e.isFile()) {
      long size = e.isSparse() ? e.getRealSize() : e.getSize();
      return new TarEntry(path, TarEntry.Type.FILE, size, mode, uid, gid, null, mtime);
    }
    skip(raw, "unsupported tar entry type '" + (char) e.getLinkFlag() + "' skipped");
    return null;
  }

  private void skip(String raw, String message) {
    diagnostics.add(new TarDiagnostic(printable(raw), message));
  }

  static String refusal(String raw) {
    if (raw.indexOf('\0') >= 0) {
      return "entry name contains a NUL byte; skipped";
    }
    if (raw.startsWith("/")) {
      return "absolute entry path refused; skipped";
    }
    if (raw.length() > TarPaths.MAX_PATH) {
      return "entry path longer than " + TarPaths.MAX_PATH + " characters; skipped";
    }
    return "entry path escapes the layer root with \"..\"; skipped";
  }

  static String printable(String raw) {
    String s = raw.replace("\0", "\\0");
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
