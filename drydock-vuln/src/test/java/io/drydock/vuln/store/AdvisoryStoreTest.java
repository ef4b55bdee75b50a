package io.drydock.vuln.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.vuln.Advisory;
import io.drydock.vuln.Ecosystem;
import io.drydock.vuln.KnownEcosystem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisoryStoreTest {
  /** Records in ../shared/advisories: ghsa 38 + pypa 49 + alpine/osv 292 (see its README). */
  static final int SHARED_RECORDS = 379;

  @TempDir static Path shared;
  static Path sharedDb;
  static ImportResult sharedImport;

  static Path advisories() {
    for (Path p : List.of(Path.of("../../shared/advisories"), Path.of("/work/shared/advisories"))) {
      if (Files.isDirectory(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new AssertionError(
        "../../shared/advisories (or /work/shared/advisories) is missing: the tests need it");
  }

  /** The secdb inputs under alpine/source are JSON but not OSV: each one is an invalid record. */
  static long secdbJsonFiles() throws IOException {
    try (Stream<Path> s = Files.walk(advisories().resolve("alpine/source"))) {
      return s.filter(p -> p.toString().endsWith(".json")).count();
    }
  }

  @BeforeAll
  static void importShared() throws IOException {
    sharedDb = shared.resolve("db").resolve(AdvisoryStore.FILE_NAME);
    sharedImport = new AdvisoryImporter(sharedDb).importPaths(List.of(advisories()));
  }

  @Test
  void importsEveryRealRecordAndCountsTheNonOsvFiles() throws IOException {
    assertThat(sharedImport.read()).isEqualTo(SHARED_RECORDS);
    assertThat(sharedImport.added()).isEqualTo(SHARED_RECORDS);
    assertThat(sharedImport.total()).isEqualTo(SHARED_RECORDS);
    assertThat(sharedImport.invalid()).isEqualTo(secdbJsonFiles()).isPositive();
    assertThat(sharedImport.invalidExamples()).allMatch(m -> m.contains("alpine/source"));
    try (AdvisoryStore store = AdvisoryStore.open(sharedDb)) {
      StoreStatus s = store.status();
      assertThat(s.schemaVersion()).isEqualTo(StoreSchema.VERSION);
      assertThat(s.total()).isEqualTo(SHARED_RECORDS);
      assertThat(s.invalid()).isEqualTo(secdbJsonFiles());
      assertThat(s.perEcosystem()).containsEntry("PyPI", 49L).containsKeys("Maven", "Alpine");
      assertThat(s.perEcosystem()).doesNotContainKey("Alpine:v3.19");
      assertThat(s.sources())
          .singleElement()
          .satisfies(
              src -> {
                assertThat(src.location()).isEqualTo(advisories().toString());
                assertThat(src.records()).isEqualTo(SHARED_RECORDS);
              });
      assertThat(s.lastUpdate()).isNotNull();
    }
  }

  @Test
  void findsLog4ShellByMavenCoordinates() throws IOException {
    try (AdvisoryStore store = AdvisoryStore.open(sharedDb)) {
      List<Advisory> found = store.lookup("Maven", "org.apache.logging.log4j:log4j-core");
      assertThat(found).extracting(Advisory::id).contains("GHSA-jfh8-c2jp-5v3q");
      Advisory log4shell =
          found.stream()
              .filter(a -> a.id().equals("GHSA-jfh8-c2jp-5v3q"))
              .findFirst()
              .orElseThrow();
      assertThat(log4shell.aliases()).contains("CVE-2021-44228");
      assertThat(
              log4shell
                  .affects(
                      Ecosystem.parse("Maven"), "org.apache.logging.log4j:log4j-core", "2.14.1")
                  .isAffected())
          .isTrue();
      assertThat(store.lookup(KnownEcosystem.MAVEN, "org.apache.logging.log4j:log4j-core"))
          .isEqualTo(found);
      assertThat(store.lookup("npm", "org.apache.logging.log4j:log4j-core")).isEmpty();
      assertThat(store.get("GHSA-jfh8-c2jp-5v3q")).contains(log4shell);
      assertThat(store.get("GHSA-none")).isEmpty();
    }
  }

  @Test
  void normalisesPyPiNames() throws IOException {
    try (AdvisoryStore store = AdvisoryStore.open(sharedDb)) {
      List<String> exact = ids(store.lookup("PyPI", "pyyaml"));
      assertThat(exact).contains("PYSEC-2020-176");
      assertThat(ids(store.lookup("PyPI", "PyYAML"))).isEqualTo(exact);
      assertThat(ids(store.lookup("PyPI", "Py_YAML"))).isEmpty(); // "py-yaml" is another project
      assertThat(ids(store.lookup("PyPI", "Jinja2"))).contains("PYSEC-2014-8");
      assertThat(ids(store.lookup("pypi", "jinja2"))).as("mis-spelt ecosystem").isEmpty();
    }
  }

  @Test
  void findsAlpineRecordsByOriginNameWhateverTheRelease() throws IOException {
    try (AdvisoryStore store = AdvisoryStore.open(sharedDb)) {
      List<Advisory> openssl = store.lookup("Alpine:v3.10", "openssl");
      assertThat(openssl).extracting(Advisory::id).contains("ALPINE-CVE-2018-0734");
      assertThat(ids(store.lookup(KnownEcosystem.ALPINE, "openssl"))).isEqualTo(ids(openssl));
      assertThat(store.lookup("Alpine:v3.19", "busybox"))
          .extracting(Advisory::id)
          .contains("ALPINE-13661");
      assertThat(store.lookup("Alpine", "libssl3")).as("binary package, not origin").isEmpty();
    }
  }

  @Test
  void reimportIsIdempotent(@TempDir Path dir) throws IOException {
    Path db = dir.resolve(AdvisoryStore.FILE_NAME);
    new AdvisoryImporter(db).importPaths(List.of(advisories().resolve("ghsa")));
    ImportResult again =
        new AdvisoryImporter(db).importPaths(List.of(advisories().resolve("ghsa")));
    assertThat(again.read()).isEqualTo(38);
    assertThat(again.added()).isZero();
    assertThat(again.replaced()).isZero();
    assertThat(again.unchanged()).isEqualTo(38);
    assertThat(again.total()).isEqualTo(38);
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.status().total()).isEqualTo(38);
      assertThat(store.status().sources()).hasSize(1);
      assertThat(store.lookup("Maven", "org.apache.logging.log4j:log4j-core"))
          .extracting(Advisory::id)
          .containsOnlyOnce("GHSA-jfh8-c2jp-5v3q");
    }
    assertThat(temporaries(dir)).isEmpty();
  }

  @Test
  void aNamedLinkToADirectoryIsFollowedLinksInsideAreNot(@TempDir Path dir) throws IOException {
    Path real = dir.resolve("real");
    write(real.resolve("A-1.json"), record("A-1", "2024-01-01T00:00:00Z", "a"));
    Path outside =
        write(dir.resolve("outside/B-1.json"), record("B-1", "2024-01-01T00:00:00Z", "b"));
    Files.createSymbolicLink(real.resolve("link.json"), outside);
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    Path db = dir.resolve("db").resolve(AdvisoryStore.FILE_NAME);
    ImportResult r = new AdvisoryImporter(db).importPaths(List.of(link));
    assertThat(r.read()).isEqualTo(1);
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.get("A-1")).isPresent();
      assertThat(store.get("B-1")).isEmpty();
    }
  }

  @Test
  void laterModifiedWinsAndOlderDoesNotReplace(@TempDir Path dir) throws IOException {
    Path older =
        write(dir.resolve("old/X-1.json"), record("X-1", "2024-01-01T00:00:00Z", "oldpkg"));
    Path newer =
        write(dir.resolve("new/X-1.json"), record("X-1", "2024-06-01T00:00:00.5Z", "newpkg"));
    Path db = dir.resolve("db").resolve(AdvisoryStore.FILE_NAME);
    new AdvisoryImporter(db).importPaths(List.of(older));
    ImportResult r = new AdvisoryImporter(db).importPaths(List.of(newer));
    assertThat(r.replaced()).isEqualTo(1);
    ImportResult back = new AdvisoryImporter(db).importPaths(List.of(older));
    assertThat(back.unchanged()).isEqualTo(1);
    // Both in one import, newer first: the newer still wins.
    Path db2 = dir.resolve("db2").resolve(AdvisoryStore.FILE_NAME);
    new AdvisoryImporter(db2).importPaths(List.of(newer, older));
    for (Path d : List.of(db, db2)) {
      try (AdvisoryStore store = AdvisoryStore.open(d)) {
        assertThat(ids(store.lookup("npm", "newpkg"))).containsExactly("X-1");
        assertThat(store.lookup("npm", "oldpkg")).isEmpty();
        assertThat(store.get("X-1").orElseThrow().modified())
            .hasToString("2024-06-01T00:00:00.500Z");
        assertThat(store.status().total()).isEqualTo(1);
      }
    }
  }

  @Test
  void invalidRecordsAreCountedAndTheRestImported(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    write(in.resolve("good.json"), record("GOOD-1", "2024-01-01T00:00:00Z", "left-pad"));
    write(in.resolve("malformed.json"), "{\"id\": \"BAD-1\", ");
    write(in.resolve("no-id.json"), "{\"modified\": \"2024-01-01T00:00:00Z\", \"affected\": []}");
    write(in.resolve("notes.txt"), "not a record");
    Path db = dir.resolve("db").resolve(AdvisoryStore.FILE_NAME);
    ImportResult r = new AdvisoryImporter(db).importPaths(List.of(in));
    assertThat(r.read()).isEqualTo(1);
    assertThat(r.invalid()).isEqualTo(2);
    assertThat(r.invalidExamples())
        .hasSize(2)
        .anySatisfy(m -> assertThat(m).contains("malformed.json").contains("not valid JSON"))
        .anySatisfy(m -> assertThat(m).contains("no-id.json").contains("missing id"))
        .allMatch(m -> !m.contains("\n"));
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.status().invalid()).isEqualTo(2);
      assertThat(ids(store.lookup("npm", "left-pad"))).containsExactly("GOOD-1");
    }
  }

  @Test
  void importsZips(@TempDir Path dir) throws IOException {
    Path zip = dir.resolve("all.zip");
    zip(
        zip,
        "A-1.json",
        record("A-1", "2024-01-01T00:00:00Z", "a"),
        "nested/A-2.json",
        record("A-2", "2024-01-01T00:00:00Z", "b"),
        "README.md",
        "ignored");
    Path db = dir.resolve("db").resolve(AdvisoryStore.FILE_NAME);
    ImportResult r = new AdvisoryImporter(db).importPaths(List.of(zip));
    assertThat(r.read()).isEqualTo(2);
    assertThat(r.invalid()).isZero();
  }

  @Test
  void refusesHostileZipsAndKeepsThePreviousStore(@TempDir Path dir) throws IOException {
    Path db = dir.resolve("db").resolve(AdvisoryStore.FILE_NAME);
    new AdvisoryImporter(db).importPaths(List.of(advisories().resolve("pypa")));
    byte[] before = Files.readAllBytes(db);

    Path escape = dir.resolve("escape.zip");
    zip(escape, "ok.json", record("Z-1", "2024-01-01T00:00:00Z", "z"), "../evil.json", "{}");
    assertThatThrownBy(() -> new AdvisoryImporter(db).importPaths(List.of(escape)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("escape.zip")
        .hasMessageContaining("../evil.json")
        .hasMessageNotContaining("\n");

    AdvisoryImporter.Limits small = new AdvisoryImporter.Limits(3, 1024, 1L << 20);
    Path many = dir.resolve("many.zip");
    zip(many, "1.json", "{}", "2.json", "{}", "3.json", "{}", "4.json", "{}");
    assertThatThrownBy(() -> importer(db, small).importPaths(List.of(many)))
        .hasMessageContaining("many.zip")
        .hasMessageContaining("4 entries");

    Path bomb = dir.resolve("bomb.zip");
    zip(bomb, "a.json", " ".repeat(900), "b.json", " ".repeat(900));
    AdvisoryImporter.Limits total = new AdvisoryImporter.Limits(10, 1024, 1500);
    assertThatThrownBy(() -> importer(db, total).importPaths(List.of(bomb)))
        .hasMessageContaining("bomb.zip")
        .hasMessageContaining("more than 1500 bytes");

    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    assertThat(temporaries(db.getParent())).isEmpty();

    // One oversized entry is an invalid record; the rest of the zip imports.
    Path big = dir.resolve("big.zip");
    zip(
        big,
        "big.json",
        record("BIG-1", "2024-01-01T00:00:00Z", "x" + " ".repeat(2000)),
        "small.json",
        record("SMALL-1", "2024-01-01T00:00:00Z", "s"));
    ImportResult r = importer(db, small).importPaths(List.of(big));
    assertThat(r.read()).isEqualTo(1);
    assertThat(r.invalid()).isEqualTo(1);
    assertThat(r.invalidExamples()).singleElement().asString().contains("big.zip!big.json");
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.get("SMALL-1")).isPresent();
      assertThat(store.get("BIG-1")).isEmpty();
      assertThat(store.status().total()).isEqualTo(50);
    }
  }

  @Test
  void failureMidwayLeavesThePreviousStoreAndNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path db = dir.resolve("db").resolve(AdvisoryStore.FILE_NAME);
    new AdvisoryImporter(db).importPaths(List.of(advisories().resolve("ghsa")));
    byte[] before = Files.readAllBytes(db);

    // A real failure after good input: a file named .zip that is not a zip.
    Path notZip = write(dir.resolve("broken.zip"), "this is not a zip");
    assertThatThrownBy(
            () ->
                new AdvisoryImporter(db).importPaths(List.of(advisories().resolve("pypa"), notZip)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("broken.zip");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    assertThat(temporaries(db.getParent())).isEmpty();

    // An exception thrown from the progress hook after 100 records.
    AdvisoryImporter failing =
        new AdvisoryImporter(
            db,
            AdvisoryImporter.Limits.DEFAULT,
            (source, n) -> {
              if (n == 100) {
                throw new IllegalStateException("injected after " + source);
              }
            },
            Clock.systemUTC());
    assertThatThrownBy(() -> failing.importPaths(List.of(advisories())))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    assertThat(temporaries(db.getParent())).isEmpty();
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.status().total()).isEqualTo(38);
    }

    // A temporary file left by a killed importer is never opened and is removed by the next one.
    Path stale = write(db.resolveSibling(AdvisoryStore.FILE_NAME + ".tmp-dead"), "partial");
    new AdvisoryImporter(db).importPaths(List.of(advisories().resolve("pypa")));
    assertThat(stale).doesNotExist();
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.status().total()).isEqualTo(38 + 49);
      assertThat(store.status().sources()).hasSize(2);
    }
  }

  @Test
  void missingInputWritesNothing(@TempDir Path dir) {
    Path db = dir.resolve("db").resolve(AdvisoryStore.FILE_NAME);
    assertThatThrownBy(
            () ->
                new AdvisoryImporter(db)
                    .importPaths(List.of(advisories().resolve("pypa"), dir.resolve("nope"))))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("nope");
    assertThat(db).doesNotExist();
  }

  @Test
  void corruptOrForeignDatabaseIsOneLineError(@TempDir Path dir) throws Exception {
    Path garbage = write(dir.resolve("garbage.db"), "x".repeat(4096));
    assertThatThrownBy(() -> AdvisoryStore.open(garbage))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(garbage.toString())
        .hasMessageNotContaining("\n");
    assertThatThrownBy(
            () -> new AdvisoryImporter(garbage).importPaths(List.of(advisories().resolve("pypa"))))
        .hasMessageStartingWith(garbage.toString());
    assertThat(temporaries(dir)).isEmpty();

    Path foreign = dir.resolve("foreign.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x)");
    }
    assertThatThrownBy(() -> AdvisoryStore.open(foreign))
        .hasMessage(foreign + ": not a Drydock advisory database (no metadata table)");

    assertThatThrownBy(() -> AdvisoryStore.open(dir.resolve("absent.db")))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(dir.resolve("absent.db")).doesNotExist();
  }

  @Test
  void refusesAnUnknownSchemaVersion(@TempDir Path dir) throws Exception {
    Path db = dir.resolve(AdvisoryStore.FILE_NAME);
    new AdvisoryImporter(db).importPaths(List.of(advisories().resolve("ghsa")));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    }
    assertThatThrownBy(() -> AdvisoryStore.open(db))
        .hasMessageContaining("schema version 99 is not supported")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(
            () -> new AdvisoryImporter(db).importPaths(List.of(advisories().resolve("pypa"))))
        .hasMessageContaining("schema version 99");
  }

  @Test
  void severalReadersAtOnceAndReadersSurviveAReplacement(@TempDir Path dir) throws IOException {
    Path db = dir.resolve(AdvisoryStore.FILE_NAME);
    new AdvisoryImporter(db).importPaths(List.of(advisories().resolve("ghsa")));
    try (AdvisoryStore a = AdvisoryStore.open(db);
        AdvisoryStore b = AdvisoryStore.open(db)) {
      assertThat(a.lookup("Maven", "org.apache.logging.log4j:log4j-core"))
          .isEqualTo(b.lookup("Maven", "org.apache.logging.log4j:log4j-core"))
          .isNotEmpty();
      new AdvisoryImporter(db).importPaths(List.of(advisories().resolve("pypa")));
      // Open readers keep the file they opened; a new reader sees the new one.
      assertThat(a.status().total()).isEqualTo(38);
      try (AdvisoryStore c = AdvisoryStore.open(db)) {
        assertThat(c.status().total()).isEqualTo(38 + 49);
      }
    }
    assertThat(db.resolveSibling(AdvisoryStore.FILE_NAME + "-journal")).doesNotExist();
  }

  static AdvisoryImporter importer(Path db, AdvisoryImporter.Limits limits) {
    return new AdvisoryImporter(db, limits, (s, n) -> {}, Clock.systemUTC());
  }

  static List<String> ids(List<Advisory> advisories) {
    return advisories.stream().map(Advisory::id).toList();
  }

  static String record(String id, String modified, String npmPackage) {
    return """
        {"id": "%s", "modified": "%s", "affected": [{"package": {"ecosystem": "npm", "name": "%s"},
         "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.0.0"}]}]}]}
        """
        .formatted(id, modified, npmPackage);
  }

  static Path write(Path p, String text) throws IOException {
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  static void zip(Path zip, String... namesAndContents) throws IOException {
    try (OutputStream os = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(os)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        z.putNextEntry(new ZipEntry(namesAndContents[i]));
        z.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
  }

  static List<Path> temporaries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
    }
  }
}
