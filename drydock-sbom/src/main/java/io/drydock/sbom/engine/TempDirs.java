package io.drydock.sbom.engine;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Recursive delete of the engine's own temp dirs (never follows symlinks). */
final class TempDirs {
  private TempDirs() {}

  static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              Files.deleteIfExists(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              try {
                Files.deleteIfExists(d);
              } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException ignored) {
                // best effort
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ignored) {
      // best effort: a leftover temp file is not worth failing a scan for
    }
  }
}
