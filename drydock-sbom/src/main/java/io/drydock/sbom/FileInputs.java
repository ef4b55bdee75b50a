package io.drydock.sbom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/** {@link FileInput}s over content already at hand: a file on disk, or bytes in memory. */
public final class FileInputs {
  private FileInputs() {}

  /**
   * A file on disk (a root filesystem's file, or a spooled copy) seen as {@code imagePath}. The
   * file must not change while it is read.
   */
  public static FileInput ofFile(String imagePath, Path file) throws IOException {
    long size = Files.size(file);
    int mode = 0644;
    try {
      mode =
          (Integer) Files.getAttribute(file, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // not a POSIX file system: keep the default
    }
    return ofFile(new FileInfo(imagePath, size, mode & 07777), file);
  }

  /** A file on disk described by {@code info}. */
  public static FileInput ofFile(FileInfo info, Path file) {
    Objects.requireNonNull(file, "file");
    return new FileInput() {
      @Override
      public FileInfo info() {
        return info;
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }

      @Override
      public Path file() {
        return file;
      }
    };
  }

  /**
   * Bytes in memory seen as {@code imagePath}; {@link FileInput#file()} writes them to a temp file
   * in {@code spoolDir} on first use (deleted by whoever owns {@code spoolDir}).
   */
  public static FileInput ofBytes(String imagePath, byte[] content, Path spoolDir) {
    return ofBytes(new FileInfo(imagePath, content.length, 0644), content, spoolDir);
  }

  /** Bytes in memory described by {@code info} (its mode, say, as the layer recorded it). */
  public static FileInput ofBytes(FileInfo info, byte[] content, Path spoolDir) {
    return new FileInput() {
      private Path spooled;

      @Override
      public FileInfo info() {
        return info;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(content);
      }

      @Override
      public SeekableByteChannel channel() {
        return new SeekableInMemoryByteChannel(content);
      }

      @Override
      public synchronized Path file() throws IOException {
        if (spooled == null) {
          Files.createDirectories(spoolDir);
          spooled = Files.createTempFile(spoolDir, "spool-", "-" + info.name());
          Files.write(spooled, content);
        }
        return spooled;
      }
    };
  }
}
