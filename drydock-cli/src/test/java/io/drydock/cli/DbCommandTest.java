package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DbCommandTest {
  static Path advisories() {
    for (Path p : List.of(Path.of("../../shared/advisories"), Path.of("/work/shared/advisories"))) {
      if (Files.isDirectory(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new AssertionError(
        "../../shared/advisories (or /work/shared/advisories) is missing: the tests need it");
  }

  @Test
  void importThenStatusAsJson(@TempDir Path dir) {
    String dbDir = dir.resolve("db").toString();
    CliRunner imp =
        CliRunner.run(
            "db",
            "import",
            "--db-dir",
            dbDir,
            advisories().resolve("ghsa").toString(),
            advisories().resolve("pypa").toString());
    assertThat(imp.code()).as(imp.err()).isZero();
    assertThat(imp.out())
        .contains("Imported 87 records")
        .contains("87 added")
        .contains("0 invalid");
    assertThat(imp.err()).isEmpty();

    CliRunner st = CliRunner.run("db", "status", "--db-dir", dbDir, "--format", "json");
    assertThat(st.code()).as(st.err()).isZero();
    JsonNode json = JsonMapper.builder().build().readTree(st.out());
    assertThat(json.get("total").asLong()).isEqualTo(87);
    assertThat(json.get("invalid").asLong()).isZero();
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(json.get("ecosystems").get("PyPI").asLong()).isEqualTo(49);
    assertThat(json.get("ecosystems").get("Maven").asLong()).isPositive();
    assertThat(json.get("sources")).hasSize(2);
    assertThat(json.get("sources").get(0).get("location").asString())
        .isEqualTo(advisories().resolve("ghsa").toString());
    assertThat(json.get("lastUpdate").asString()).isNotEmpty();
    assertThat(json.get("ageSeconds").asLong()).isNotNegative();

    CliRunner table = CliRunner.run("db", "status", "--db-dir", dbDir);
    assertThat(table.code()).isZero();
    assertThat(table.out())
        .contains("Advisories:")
        .contains("87")
        .contains("ECOSYSTEM")
        .contains("PyPI")
        .contains("SOURCE")
        .contains(" ago)");
  }

  @Test
  void invalidRecordsAreWarningsNotErrors(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"id\": ");
    String dbDir = dir.resolve("db").toString();
    CliRunner imp =
        CliRunner.run(
            "db",
            "import",
            "--db-dir",
            dbDir,
            advisories().resolve("pypa").toString(),
            bad.toString());
    assertThat(imp.code()).isZero();
    assertThat(imp.out()).contains("49 added").contains("1 invalid");
    assertThat(imp.out()).contains("warning: invalid record skipped: " + bad);
    CliRunner st = CliRunner.run("db", "status", "--db-dir", dbDir, "-f", "json");
    assertThat(st.out()).contains("\"invalid\" : 1");
  }

  @Test
  void errorsAreOneLine(@TempDir Path dir) throws IOException {
    String dbDir = dir.resolve("db").toString();
    CliRunner missing =
        CliRunner.run("db", "import", "--db-dir", dbDir, dir.resolve("nope.json").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.oneLineError()).as(missing.err()).isTrue();
    assertThat(missing.err()).contains("nope.json").contains("no such file");

    CliRunner noDb = CliRunner.run("db", "status", "--db-dir", dbDir);
    assertThat(noDb.code()).isEqualTo(1);
    assertThat(noDb.oneLineError()).isTrue();
    assertThat(noDb.err()).contains("no advisory database").contains("drydock db import");

    Files.createDirectories(dir.resolve("db"));
    Files.writeString(dir.resolve("db/advisories.db"), "garbage ".repeat(1000));
    CliRunner corrupt = CliRunner.run("db", "status", "--db-dir", dbDir);
    assertThat(corrupt.code()).isEqualTo(1);
    assertThat(corrupt.oneLineError()).as(corrupt.err()).isTrue();
    assertThat(corrupt.err()).contains("advisories.db").doesNotContain("internal error");

    CliRunner importOnCorrupt =
        CliRunner.run("db", "import", "--db-dir", dbDir, advisories().resolve("pypa").toString());
    assertThat(importOnCorrupt.code()).isEqualTo(1);
    assertThat(importOnCorrupt.oneLineError()).isTrue();
    assertThat(Files.readString(dir.resolve("db/advisories.db"))).startsWith("garbage");

    CliRunner notZip =
        CliRunner.run(
            "db",
            "import",
            "--db-dir",
            dir.resolve("db2").toString(),
            Files.writeString(dir.resolve("x.zip"), "nope").toString());
    assertThat(notZip.code()).isEqualTo(1);
    assertThat(notZip.oneLineError()).isTrue();
    assertThat(notZip.err()).contains("x.zip");
    assertThat(dir.resolve("db2/advisories.db")).doesNotExist();
  }

  @Test
  void updateFromALocalMirror(@TempDir Path dir) throws IOException {
    Path mirror = dir.resolve("mirror");
    Files.createDirectories(mirror.resolve("PyPI"));
    Files.writeString(mirror.resolve("ecosystems.txt"), "PyPI\n");
    try (java.util.zip.ZipOutputStream z =
            new java.util.zip.ZipOutputStream(
                Files.newOutputStream(mirror.resolve("PyPI/all.zip")));
        java.util.stream.Stream<Path> files = Files.list(advisories().resolve("pypa"))) {
      for (Path f : files.sorted().toList()) {
        z.putNextEntry(new java.util.zip.ZipEntry(f.getFileName().toString()));
        z.write(Files.readAllBytes(f));
        z.closeEntry();
      }
    }
    String dbDir = dir.resolve("db").toString();
    CliRunner up = CliRunner.run("db", "update", "--db-dir", dbDir, "--source", mirror.toString());
    assertThat(up.code()).as(up.err()).isZero();
    assertThat(up.out()).contains("PyPI").contains("full").contains("49 added");
    CliRunner st = CliRunner.run("db", "status", "--db-dir", dbDir, "--format", "json");
    assertThat(st.out()).contains("\"PyPI\" : 49");
    CliRunner again =
        CliRunner.run("db", "update", "--db-dir", dbDir, "--source", mirror.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("current (not modified)").contains("0 added");

    CliRunner missing =
        CliRunner.run(
            "db", "update", "--db-dir", dbDir, "--source", dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.oneLineError()).isTrue();
    assertThat(missing.err()).contains("nope");

    CliRunner noEco =
        CliRunner.run(
            "db",
            "update",
            "--db-dir",
            dbDir,
            "--source",
            mirror.toString(),
            "--ecosystems",
            "npm");
    assertThat(noEco.code()).isEqualTo(1);
    assertThat(noEco.oneLineError()).as(noEco.err()).isTrue();
    assertThat(noEco.err()).contains("npm");
  }

  @Test
  void usage() {
    assertThat(CliRunner.run("db").code()).isEqualTo(2);
    assertThat(CliRunner.run("db", "import").code()).isEqualTo(2);
    assertThat(CliRunner.run("db", "--help").out()).contains("import").contains("status");
  }
}
