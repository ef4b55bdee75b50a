package io.drydock.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Drydock keeps its layer cache and temp files. */
final class CacheDirOptions {
  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Cache directory (default: $DRYDOCK_CACHE_DIR, else ~/.cache/drydock).")
  Path cacheDir;

  @Option(
      names = "--no-cache",
      description = "Do not read or write the layer cache (analyse every layer again).")
  boolean noCache;

  /** {@code --cache-dir}, else {@code $DRYDOCK_CACHE_DIR}, else {@code ~/.cache/drydock}. */
  Path dir() {
    if (cacheDir != null) {
      return cacheDir;
    }
    return defaultDir();
  }

  static Path defaultDir() {
    String cache = System.getenv("DRYDOCK_CACHE_DIR");
    return cache != null && !cache.isBlank()
        ? Path.of(cache)
        : Path.of(System.getProperty("user.home"), ".cache", "drydock");
  }
}
