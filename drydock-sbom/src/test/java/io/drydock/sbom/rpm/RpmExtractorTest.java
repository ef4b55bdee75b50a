package io.drydock.sbom.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractors;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The extractor on real rpm databases in each format (valid and empty cases). */
class RpmExtractorTest {
  @TempDir Path temp;

  private final RpmExtractor extractor = new RpmExtractor();

  /** Every committed fixture with the image path it would have in an image. */
  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("sqlite/rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite"),
        Arguments.of("bdb-le/Packages", "var/lib/rpm/Packages"),
        Arguments.of("bdb-be/Packages", "var/lib/rpm/Packages"),
        Arguments.of("bdb-inline/Packages", "var/lib/rpm/Packages"),
        Arguments.of("ndb/Packages.db", "usr/lib/sysimage/rpm/Packages.db"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void valid_database_yields_every_package_except_gpg_pubkey(String fixture, String imagePath)
      throws IOException {
    ExtractResult r = RpmFixtures.extract(imagePath, RpmFixtures.resource(fixture), temp);

    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.packages())
        .extracting(
            Package::type,
            Package::name,
            Package::epoch,
            Package::version,
            Package::arch,
            Package::sourceName,
            Package::sourceVersion,
            Package::location)
        .containsExactlyInAnyOrder(
            tuple(
                "rpm",
                "hello-tools",
                2,
                "1.4-3.el9",
                "x86_64",
                "hello-tools",
                "1.4-3.el9",
                imagePath),
            tuple(
                "rpm",
                "hello-tools-libs",
                2,
                "1.4-3.el9",
                "x86_64",
                "hello-tools",
                "1.4-3.el9",
                imagePath),
            tuple(
                "rpm",
                "drydock-data",
                null,
                "2023.1-1",
                "noarch",
                "drydock-data",
                "2023.1-1",
                imagePath));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void valid_database_yields_owned_files_and_properties(String fixture, String imagePath)
      throws IOException {
    List<Package> ps =
        RpmFixtures.extract(imagePath, RpmFixtures.resource(fixture), temp).packages();

    assertThat(byName(ps, "hello-tools").files())
        .containsExactlyInAnyOrder("etc/hello-tools.conf", "usr/bin/hello-tool");
    assertThat(byName(ps, "hello-tools-libs").files()).containsExactly("usr/lib64/libhello.so.1");
    assertThat(byName(ps, "drydock-data").files())
        .containsExactlyInAnyOrder(
            "usr/share/drydock-data",
            "usr/share/drydock-data/a.txt",
            "usr/share/drydock-data/sub",
            "usr/share/drydock-data/sub/c.txt",
            "usr/share/drydock-data/with space.txt");
    assertThat(byName(ps, "hello-tools").properties())
        .containsEntry("rpm:vendor", "Drydock Test Vendor")
        .containsEntry("license", "MIT");
    assertThat(byName(ps, "hello-tools-libs").properties())
        .containsEntry("license", "MIT AND BSD-3-Clause");
    assertThat(byName(ps, "drydock-data").properties())
        .containsEntry("license", "GPL-2.0-or-later")
        .doesNotContainKey("rpm:vendor");
  }

  @Test
  void sqlite_database_in_wal_mode_is_read_without_creating_files_beside_it() throws Exception {
    Path dir = temp.resolve("rootfs/var/lib/rpm");
    Path db = RpmFixtures.copy("sqlite/rpmdb.sqlite", dir, "rpmdb.sqlite");
    // WAL mode, as rpm leaves it on RHEL 9: a plain read-only open would create -shm beside it
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
    }
    assertThat(Files.readAllBytes(db)[18]).as("WAL read version").isEqualTo((byte) 2);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }

    ExtractResult r = RpmFixtures.extract("var/lib/rpm/rpmdb.sqlite", db, temp.resolve("tmp"));

    assertThat(r.packages()).hasSize(3);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("rpmdb.sqlite");
    }
  }

  @Test
  void empty_sqlite_database_has_no_packages() throws Exception {
    Path db = RpmFixtures.sqliteDb(temp.resolve("rpmdb.sqlite"), List.of());

    ExtractResult r = RpmFixtures.extract("var/lib/rpm/rpmdb.sqlite", db, temp);

    assertThat(r.packages()).isEmpty();
    assertThat(r.diagnostics()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"var/lib/rpm/rpmdb.sqlite", "var/lib/rpm/Packages", "var/lib/rpm/Packages.db"})
  void empty_file_is_an_empty_database(String imagePath) throws IOException {
    Path f = Files.createFile(temp.resolve("empty"));

    ExtractResult r = RpmFixtures.extract(imagePath, f, temp);

    assertThat(r.isEmpty()).isTrue();
  }

  @Test
  void required_takes_the_rpm_database_paths_only() {
    assertThat(
            Stream.of(
                "var/lib/rpm/rpmdb.sqlite",
                "usr/lib/sysimage/rpm/rpmdb.sqlite",
                "var/lib/rpm/Packages",
                "usr/lib/sysimage/rpm/Packages",
                "var/lib/rpm/Packages.db",
                "usr/lib/sysimage/rpm/Packages.db"))
        .allMatch(p -> extractor.required(new FileInfo(p, 1, 0644)));
    assertThat(
            Stream.of(
                "var/lib/rpm/rpmdb.sqlite-wal",
                "var/lib/rpm/Name",
                "var/lib/rpm/Basenames",
                "opt/var/lib/rpm/Packages",
                "rpmdb.sqlite",
                "var/lib/dpkg/status"))
        .noneMatch(p -> extractor.required(new FileInfo(p, 1, 0644)));
  }

  @Test
  void extractor_is_in_the_catalogue() {
    assertThat(Extractors.all()).anyMatch(e -> e instanceof RpmExtractor);
    assertThat(extractor.name()).isEqualTo("os/rpm");
  }

  @Test
  void source_rpm_names_split_into_name_and_version_release() {
    assertThat(RpmExtractor.parseSourceRpm("openssl-3.0.7-27.el9.src.rpm"))
        .containsExactly("openssl", "3.0.7-27.el9");
    assertThat(RpmExtractor.parseSourceRpm("python3.11-pip-22.3.1-4.el9.nosrc.rpm"))
        .containsExactly("python3.11-pip", "22.3.1-4.el9");
    assertThat(RpmExtractor.parseSourceRpm("noversion.src.rpm")).isNull();
    assertThat(RpmExtractor.parseSourceRpm("a-1.src.rpm")).isNull();
    assertThat(RpmExtractor.parseSourceRpm("a--1.src.rpm")).isNull();
    assertThat(RpmExtractor.parseSourceRpm("a-1-2.x86_64.rpm")).isNull();
    assertThat(RpmExtractor.parseSourceRpm(null)).isNull();
  }

  @Test
  void file_paths_become_image_relative_and_dot_segments_are_refused() {
    assertThat(RpmExtractor.imagePath("/usr/bin/ls")).isEqualTo("usr/bin/ls");
    assertThat(RpmExtractor.imagePath("//usr//lib/")).isEqualTo("usr/lib");
    assertThat(RpmExtractor.imagePath("/")).isEmpty();
    assertThat(RpmExtractor.imagePath("/usr/../etc/shadow")).isNull();
    assertThat(RpmExtractor.imagePath("/usr/./bin")).isNull();
  }

  @Test
  void garbage_file_fails_with_one_line_naming_it() throws IOException {
    Path f = Files.write(temp.resolve("Packages"), "this is not a database at all".getBytes());

    assertThatThrownBy(() -> RpmFixtures.extract("var/lib/rpm/Packages", f, temp))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("var/lib/rpm/Packages: not an rpm database")
        .hasMessageNotContaining("\n");
  }

  private static Package byName(List<Package> ps, String name) {
    return ps.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }
}
