package io.drydock.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The content of one file an extractor asked for. Valid only during the {@link Extractor#extract}
 * call it is passed to.
 *
 * <p>{@link #open()} streams the content; it may be called more than once (the engine buffers or
 * spools the file when several extractors want it). {@link #file()} gives random access through a
 * copy in Drydock's temp dir, which the engine deletes after the call; it fails with {@link
 * FileTooLargeException} when the file is larger than {@link Limits#maxSpoolBytes()}. Streams are
 * closed by the caller.
 */
public interface FileInput {
  FileInfo info();

  /** The content from its first byte. */
  InputStream open() throws IOException;

  /** The content as a file on disk (a spooled copy, or the file itself for a root filesystem). */
  Path file() throws IOException;

  /**
   * Random access to the content without forcing a copy to disk: over the bytes when the engine
   * holds the file in memory, else over {@link #file()}. Read-only; the caller closes it.
   */
  default SeekableByteChannel channel() throws IOException {
    return Files.newByteChannel(file(), StandardOpenOption.READ);
  }

  /**
   * The whole content in memory.
   *
   * @throws FileTooLargeException when the file holds more than {@code max} bytes
   */
  default byte[] readAll(long max) throws IOException {
    if (info().size() > max) {
      throw new FileTooLargeException(info().path(), info().size(), max);
    }
    try (InputStream in = open()) {
      byte[] b = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
      if (b.length > max) {
        throw new FileTooLargeException(info().path(), b.length, max);
      }
      return b;
    }
  }
}
