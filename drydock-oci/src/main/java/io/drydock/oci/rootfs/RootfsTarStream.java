package io.drydock.oci.rootfs;

import io.drydock.oci.content.ChunkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Generates the tar of a walked rootfs lazily: each {@link #read} produces just enough (one header
 * or up to 64 KiB of one file) into a small buffer, so memory stays bounded whatever the tree's
 * size. A file whose size changed since the walk is padded or cut to the walked size (the digest
 * check then reports the change). Not thread-safe; closing closes the open file.
 */
final class RootfsTarStream extends ChunkInputStream {
  private static final int CHUNK = 64 * 1024;

  private final Path root;
  private final List<RootfsSource.Node> nodes;
  private final Buffer buffer = new Buffer();
  private final TarArchiveOutputStream tar;
  private final byte[] chunk = new byte[CHUNK];
  private int next;
  private InputStream file;
  private RootfsSource.Node current;
  private long remaining;
  private boolean finished;

  RootfsTarStream(Path root, List<RootfsSource.Node> nodes) {
    this.root = root;
    this.nodes = nodes;
    this.tar = new TarArchiveOutputStream(buffer, 512, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (buffer.available() == 0) {
      if (!produce()) {
        return -1;
      }
    }
    return buffer.drain(b, off, len);
  }

  private boolean produce() throws IOException {
    if (file != null) {
      int n = file.read(chunk, 0, (int) Math.min(CHUNK, remaining));
      if (n < 0) { // the file shrank: pad to the walked size
        n = (int) Math.min(CHUNK, remaining);
        Arrays.fill(chunk, 0, n, (byte) 0);
      }
      tar.write(chunk, 0, n);
      remaining -= n;
      if (remaining == 0) {
        file.close();
        file = null;
        tar.closeArchiveEntry();
      }
      return true;
    }
    if (next < nodes.size()) {
      current = nodes.get(next++);
      TarArchiveEntry e;
      switch (current.type()) {
        case RootfsSource.Node.SYMLINK -> {
          e = new TarArchiveEntry(current.name(), TarConstants.LF_SYMLINK);
          e.setLinkName(current.linkTarget());
          e.setMode(0120000 | current.mode());
        }
        case RootfsSource.Node.HARDLINK -> {
          e = new TarArchiveEntry(current.name(), TarConstants.LF_LINK);
          e.setLinkName(current.linkTarget());
          e.setMode(0100000 | current.mode());
        }
        case RootfsSource.Node.DIR -> {
          e = new TarArchiveEntry(current.name(), TarConstants.LF_DIR);
          e.setMode(040000 | current.mode());
        }
        default -> {
          e = new TarArchiveEntry(current.name(), TarConstants.LF_NORMAL);
          e.setMode(0100000 | current.mode());
          e.setSize(current.size());
        }
      }
      e.setUserId(current.uid());
      e.setGroupId(current.gid());
      e.setUserName("");
      e.setGroupName("");
      e.setLastModifiedTime(current.mtime());
      tar.putArchiveEntry(e);
      if (current.type() == RootfsSource.Node.FILE && current.size() > 0) {
        try {
          file = Files.newInputStream(current.file(), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException ex) {
          throw new IOException(
              "dir:" + root + ": cannot read " + current.name() + " (" + ex.getMessage() + ")", ex);
        }
        remaining = current.size();
      } else {
        tar.closeArchiveEntry();
      }
      return true;
    }
    if (!finished) {
      finished = true;
      tar.finish();
      return true;
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    if (file != null) {
      file.close();
      file = null;
    }
  }

  /**
   * A byte queue the tar writer fills and {@link #read} drains; it grows to one chunk plus headers.
   */
  private static final class Buffer extends OutputStream {
    private byte[] data = new byte[CHUNK + 4096];
    private int start;
    private int end;

    int available() {
      return end - start;
    }

    int drain(byte[] b, int off, int len) {
      int n = Math.min(len, end - start);
      System.arraycopy(data, start, b, off, n);
      start += n;
      if (start == end) {
        start = 0;
        end = 0;
      }
      return n;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (end + len > data.length) {
        if (start > 0) {
          System.arraycopy(data, start, data, 0, end - start);
          end -= start;
          start = 0;
        }
        if (end + len > data.length) {
          data = Arrays.copyOf(data, Math.max(data.length * 2, end + len));
        }
      }
      System.arraycopy(b, off, data, end, len);
      end += len;
    }
  }
}
