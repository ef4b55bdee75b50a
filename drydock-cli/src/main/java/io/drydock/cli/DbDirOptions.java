package io.drydock.cli;

import io.drydock.vuln.store.AdvisoryStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db-dir D}, shared by the {@code db} subcommands. */
final class DbDirOptions {
  @Option(
      names = "--db-dir",
      paramLabel = "D",
      description =
          "Advisory database directory (default: $DRYDOCK_CACHE_DIR/db or ~/.cache/drydock/db).")
  Path dbDir;

  /** The directory: {@code --db-dir}, else {@code $DRYDOCK_CACHE_DIR/db}, else the home default. */
  Path dir() {
    if (dbDir != null) {
      return dbDir;
    }
    Path base = CacheDirOptions.defaultDir();
    return base.resolve("db");
  }

  Path dbFile() {
    return dir().resolve(AdvisoryStore.FILE_NAME);
  }
}
