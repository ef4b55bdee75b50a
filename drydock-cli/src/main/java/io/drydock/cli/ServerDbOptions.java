package io.drydock.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the server keeps its data: {@code --data-dir}, {@code --db-url} and credentials. */
final class ServerDbOptions {
  @Option(
      names = "--db-url",
      paramLabel = "URL",
      description =
          "jdbc:sqlite:FILE (default: server.db in --data-dir) or jdbc:postgresql://HOST[:PORT]/DB"
              + " (several replicas share one PostgreSQL).")
  String dbUrl;

  @Option(names = "--db-user", paramLabel = "U", description = "PostgreSQL user.")
  String dbUser;

  @Option(
      names = "--db-password-file",
      paramLabel = "F",
      description = "File holding the PostgreSQL password (e.g. a mounted Kubernetes Secret).")
  Path dbPasswordFile;

  @Option(
      names = "--data-dir",
      paramLabel = "D",
      description =
          "The server's own files (default: $DRYDOCK_CACHE_DIR/server or ~/.cache/drydock/server).")
  Path dataDir;

  Path dataDir() {
    return dataDir != null ? dataDir : CacheDirOptions.defaultDir().resolve("server");
  }

  String url() {
    return dbUrl != null ? dbUrl : "jdbc:sqlite:" + dataDir().resolve("server.db").toAbsolutePath();
  }

  /** The password from {@code --db-password-file} (trailing newline dropped), or null. */
  String password() throws IOException {
    if (dbPasswordFile == null) {
      return null;
    }
    return Files.readString(dbPasswordFile, StandardCharsets.UTF_8).strip();
  }
}
