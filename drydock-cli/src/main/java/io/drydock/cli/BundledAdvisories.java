package io.drydock.cli;

import io.drydock.vuln.store.AdvisoryImporter;
import io.drydock.vuln.store.AdvisoryStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The example advisories bundled in the jar (real GHSA and PyPA records, CC-BY 4.0: see {@code
 * advisories/NOTICE.md}), imported once into {@code <cache>/bundled-db/} so that a scan works on a
 * fresh machine with no database and no network. A scan that falls back to them says so on stderr:
 * they are a sample, not coverage.
 */
final class BundledAdvisories {
  private static final String ROOT = "/io/drydock/cli/advisories/";

  private BundledAdvisories() {}

  /** How many records are bundled. */
  static int count() throws IOException {
    return index().size();
  }

  /** The store of bundled advisories under {@code cacheDir}, imported on first use. */
  static Path database(Path cacheDir) throws IOException {
    Path dir = cacheDir.resolve("bundled-db").resolve(VersionProvider.version());
    Path db = dir.resolve(AdvisoryStore.FILE_NAME);
    if (Files.isRegularFile(db)) {
      return db;
    }
    Files.createDirectories(dir);
    Path unpacked =
        Files.createTempDirectory(Files.createDirectories(cacheDir.resolve("tmp")), "advisories-");
    try {
      for (String name : index()) {
        Path file = unpacked.resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = BundledAdvisories.class.getResourceAsStream(ROOT + name)) {
          if (in == null) {
            throw new IOException("bundled advisory " + name + " is missing from the jar");
          }
          Files.copy(in, file);
        }
      }
      new AdvisoryImporter(db).importPaths(List.of(unpacked));
    } finally {
      TempFiles.deleteTree(unpacked);
    }
    return db;
  }

  private static List<String> index() throws IOException {
    List<String> names = new ArrayList<>();
    try (InputStream in = BundledAdvisories.class.getResourceAsStream(ROOT + "index.txt")) {
      if (in == null) {
        throw new IOException("the bundled advisories' index is missing from the jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.contains("..")) {
          names.add(line.strip());
        }
      }
    }
    return names;
  }
}
