package io.drydock.vuln.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.util.OSInfo;

/**
 * Keeps sqlite-jdbc's native library extracted once, beside the database, instead of letting the
 * driver unpack it into the temp dir on every process start (about 0.13 s of opening the store,
 * measured with {@code -Xlog:class+load}; BENCHMARKS.md). The copy lives in {@code <db
 * dir>/.lib/sqlite-jdbc-<version>/}, is written to a temp name and moved into place, and is only
 * used when its size matches the library in the jar. Any problem (read-only directory, unknown
 * platform, a user's own {@code org.sqlite.lib.path}) leaves the driver's default behaviour alone:
 * this is an optimisation, never a failure.
 */
final class SqliteNative {
  private SqliteNative() {}

  private static volatile boolean done;

  /** Points sqlite-jdbc at a cached copy of its native library under {@code dbDir}, once. */
  static synchronized void useCachedLibrary(Path dbDir) {
    if (done || System.getProperty("org.sqlite.lib.path") != null) {
      return;
    }
    done = true;
    extract(dbDir)
        .ifPresent(
            lib -> {
              System.setProperty("org.sqlite.lib.path", lib.getParent().toString());
              System.setProperty("org.sqlite.lib.name", lib.getFileName().toString());
            });
  }

  /**
   * The cached library under {@code dbDir}, extracted from the driver's jar when absent; empty when
   * that is not possible here (no library for this platform, read-only directory).
   */
  static java.util.Optional<Path> extract(Path dbDir) {
    try {
      String name = System.mapLibraryName("sqlitejdbc");
      String resource =
          "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
      String version = org.sqlite.SQLiteJDBCLoader.getVersion();
      Path dir = dbDir.resolve(".lib").resolve("sqlite-jdbc-" + version);
      Path lib = dir.resolve(name);
      // Written under a temp name and moved into place: when the file exists it is complete.
      if (!Files.isRegularFile(lib)) {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        try {
          try (InputStream in = SqliteNative.class.getResourceAsStream(resource)) {
            if (in == null) {
              return java.util.Optional.empty();
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          }
          try {
            Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING);
          }
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      return java.util.Optional.of(lib);
    } catch (IOException | RuntimeException | LinkageError e) {
      return java.util.Optional.empty(); // keep the driver's own extraction
    }
  }
}
