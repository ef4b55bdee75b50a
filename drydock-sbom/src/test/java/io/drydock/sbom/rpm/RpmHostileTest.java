package io.drydock.sbom.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged and hostile rpm databases: each gives one-line diagnostics or one IOException naming the
 * file, and the undamaged packages still count where the format allows.
 */
class RpmHostileTest {
  private static final String SQLITE = "var/lib/rpm/rpmdb.sqlite";
  private static final String BDB = "var/lib/rpm/Packages";
  private static final String NDB = "usr/lib/sysimage/rpm/Packages.db";

  @TempDir Path temp;

  // --- sqlite

  @Test
  void sqlite_header_with_index_count_2_pow_31_is_a_diagnostic_beside_good_packages()
      throws Exception {
    List<byte[]> blobs = new ArrayList<>(RpmFixtures.sqliteBlobs());
    blobs.add(ByteBuffer.allocate(64).putInt(0x80000000).putInt(16).array());
    Path db = RpmFixtures.sqliteDb(temp.resolve("rpmdb.sqlite"), blobs);

    ExtractResult r = RpmFixtures.extract(SQLITE, db, temp);

    assertThat(r.packages()).hasSize(3);
    assertThat(r.diagnostics())
        .singleElement()
        .asString()
        .startsWith(SQLITE + ": header 5: ")
        .contains("index count 2147483648")
        .doesNotContain("\n");
  }

  @Test
  void sqlite_header_with_name_offset_past_the_end_is_a_diagnostic() throws Exception {
    List<byte[]> blobs = new ArrayList<>(RpmFixtures.sqliteBlobs());
    byte[] bad = RpmHeaderTest.blob("hello-tools");
    ByteBuffer.wrap(bad).putInt(RpmFixtures.entryOffset(bad, RpmHeader.TAG_NAME) + 8, 1 << 30);
    blobs.add(bad);
    Path db = RpmFixtures.sqliteDb(temp.resolve("rpmdb.sqlite"), blobs);

    ExtractResult r = RpmFixtures.extract(SQLITE, db, temp);

    assertThat(r.packages()).hasSize(3);
    assertThat(r.diagnostics()).singleElement().asString().contains("tag 1000 points outside");
  }

  @Test
  void header_with_dot_dot_file_paths_keeps_the_package_without_those_paths() throws Exception {
    byte[] b = RpmHeaderTest.blob("hello-tools-libs");
    // the one DIRNAMES string is "/usr/lib64/": rewrite it to "/usr/../../" of the same length
    int at = RpmFixtures.entryOffset(b, RpmHeader.TAG_DIRNAMES);
    int il = ByteBuffer.wrap(b).getInt(0);
    int off = 8 + 16 * il + ByteBuffer.wrap(b).getInt(at + 8);
    assertThat(new String(b, off, 11, StandardCharsets.US_ASCII)).isEqualTo("/usr/lib64/");
    System.arraycopy("/usr/../../".getBytes(StandardCharsets.US_ASCII), 0, b, off, 11);
    Path db = RpmFixtures.sqliteDb(temp.resolve("rpmdb.sqlite"), List.of(b));

    ExtractResult r = RpmFixtures.extract(SQLITE, db, temp);

    assertThat(r.packages()).singleElement().extracting(Package::files).asList().isEmpty();
    assertThat(r.diagnostics()).singleElement().asString().contains("1 file paths with . or ..");
  }

  @Test
  void sqlite_file_that_is_not_a_database_fails_with_one_line() throws IOException {
    byte[] junk = new byte[8192];
    new Random(1).nextBytes(junk);
    System.arraycopy("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), 0, junk, 0, 16);
    Path f = Files.write(temp.resolve("rpmdb.sqlite"), junk);

    assertThatThrownBy(() -> RpmFixtures.extract(SQLITE, f, temp))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(SQLITE + ": not a readable rpm sqlite database")
        .hasMessageNotContaining("\n");
  }

  @Test
  void sqlite_database_without_packages_table_fails_with_one_line() throws Exception {
    Path f = temp.resolve("rpmdb.sqlite");
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + f);
        var st = c.createStatement()) {
      st.execute("CREATE TABLE Other (x)");
    }

    assertThatThrownBy(() -> RpmFixtures.extract(SQLITE, f, temp))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no such table: Packages")
        .hasMessageNotContaining("\n");
  }

  @Test
  void truncated_sqlite_database_fails_or_reports_without_crashing() throws IOException {
    Path f = RpmFixtures.copy("sqlite/rpmdb.sqlite", temp, "rpmdb.sqlite");
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length / 3));

    assertThatThrownBy(() -> RpmFixtures.extract(SQLITE, f, temp))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(SQLITE + ": ")
        .hasMessageNotContaining("\n");
  }

  // --- Berkeley DB

  @Test
  void bdb_overflow_chain_cycle_is_cut_and_reported() throws IOException {
    Path f = RpmFixtures.copy("bdb-be/Packages", temp, "Packages");
    ByteBuffer db = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.BIG_ENDIAN);
    int pageSize = db.getInt(20);
    int pages = db.capacity() / pageSize;
    int looped = 0;
    for (int pg = 1; pg < pages; pg++) {
      int base = pg * pageSize;
      if (db.get(base + 25) == 7 && db.getInt(base + 16) != 0) {
        db.putInt(base + 16, pg); // next page: itself
        looped++;
        break;
      }
    }
    assertThat(looped).as("fixture has a multi-page overflow chain").isEqualTo(1);
    Files.write(f, db.array());

    ExtractResult r = RpmFixtures.extract(BDB, f, temp);

    assertThat(r.packages()).hasSize(2);
    assertThat(r.diagnostics()).singleElement().asString().contains("loops back to page");
  }

  @Test
  void bdb_overflow_item_claiming_4_gib_is_reported_without_allocating() throws IOException {
    Path f = RpmFixtures.copy("bdb-le/Packages", temp, "Packages");
    ByteBuffer db = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    int pageSize = db.getInt(20);
    int changed = 0;
    for (int pg = 1; pg < db.capacity() / pageSize && changed == 0; pg++) {
      int base = pg * pageSize;
      if (db.get(base + 25) != 13) {
        continue;
      }
      int n = Short.toUnsignedInt(db.getShort(base + 20));
      for (int i = 1; i < n; i += 2) {
        int item = base + Short.toUnsignedInt(db.getShort(base + 26 + 2 * i));
        if (db.get(item) == 3) {
          db.putInt(item + 8, 0xffffffff);
          changed++;
          break;
        }
      }
    }
    assertThat(changed).isEqualTo(1);
    Files.write(f, db.array());

    ExtractResult r = RpmFixtures.extract(BDB, f, temp);

    assertThat(r.packages()).hasSize(2);
    assertThat(r.diagnostics()).singleElement().asString().contains("4294967295 bytes");
  }

  @Test
  void truncated_bdb_keeps_what_it_can_and_says_so() throws IOException {
    Path f = RpmFixtures.copy("bdb-be/Packages", temp, "Packages");
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, 512 * 8 + 100));

    ExtractResult r = RpmFixtures.extract(BDB, f, temp);

    assertThat(r.diagnostics()).isNotEmpty().allMatch(d -> d.startsWith(BDB + ": "));
    assertThat(r.diagnostics()).anyMatch(d -> d.contains("truncated"));
    assertThat(r.packages().size()).isLessThan(3);
  }

  @Test
  void bdb_with_impossible_page_size_fails_with_one_line() throws IOException {
    Path f = RpmFixtures.copy("bdb-le/Packages", temp, "Packages");
    byte[] all = Files.readAllBytes(f);
    ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 3);
    Files.write(f, all);

    assertThatThrownBy(() -> RpmFixtures.extract(BDB, f, temp))
        .isInstanceOf(IOException.class)
        .hasMessage(BDB + ": Berkeley DB page size 3");
  }

  // --- NDB

  @Test
  void ndb_slot_pointing_outside_the_file_is_reported_and_skipped() throws IOException {
    Path f = RpmFixtures.copy("ndb/Packages.db", temp, "Packages.db");
    byte[] all = Files.readAllBytes(f);
    ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(32 + 8, 0x7fffffff);
    Files.write(f, all);

    ExtractResult r = RpmFixtures.extract(NDB, f, temp);

    assertThat(r.packages().size()).isEqualTo(2);
    assertThat(r.diagnostics())
        .singleElement()
        .asString()
        .startsWith(NDB + ": package 1 (slot 2) points at blocks 2147483647+");
  }

  @Test
  void ndb_blob_with_a_flipped_byte_fails_its_checksum() throws IOException {
    Path f = RpmFixtures.copy("ndb/Packages.db", temp, "Packages.db");
    byte[] all = Files.readAllBytes(f);
    all[4096 + 16 + 200] ^= 0x55;
    Files.write(f, all);

    ExtractResult r = RpmFixtures.extract(NDB, f, temp);

    assertThat(r.diagnostics()).singleElement().asString().contains("checksum mismatch");
  }

  @Test
  void ndb_header_naming_more_slot_pages_than_the_file_holds_fails() throws IOException {
    Path f = RpmFixtures.copy("ndb/Packages.db", temp, "Packages.db");
    byte[] all = Files.readAllBytes(f);
    ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 0xffffffff);
    Files.write(f, all);

    assertThatThrownBy(() -> RpmFixtures.extract(NDB, f, temp))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(NDB + ": NDB header names 4294967295 slot pages");
  }

  @Test
  void truncated_ndb_header_fails_with_one_line() throws IOException {
    Path f = Files.write(temp.resolve("Packages.db"), "RpmP\0\0\0\0".getBytes());

    assertThatThrownBy(() -> RpmFixtures.extract(NDB, f, temp))
        .isInstanceOf(IOException.class)
        .hasMessage(NDB + ": NDB file of 8 bytes is shorter than its 32-byte header");
  }

  // --- limits and random damage in every format

  static Stream<Arguments> fixtures() {
    return RpmExtractorTest.fixtures();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void nested_limits_skip_headers_larger_than_the_metadata_limit(String fixture, String imagePath)
      throws IOException {
    Limits small = new Limits(1L << 30, 1000, 4, 1000, 1L << 30);

    ExtractResult r = RpmFixtures.extract(imagePath, RpmFixtures.resource(fixture), temp, small);

    assertThat(r.packages()).isEmpty();
    assertThat(r.diagnostics())
        .hasSize(4)
        .allMatch(d -> d.startsWith(imagePath + ": ") && d.contains("exceeds the limit of 1000"));
  }

  /**
   * Garbage: seeded random damage (overwritten bytes, truncation) of every fixture. Whatever the
   * damage, the extractor returns or throws an IOException; its messages are single lines naming
   * the file.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void random_damage_never_escapes_as_anything_but_io_exception(String fixture, String imagePath)
      throws IOException {
    byte[] original = Files.readAllBytes(RpmFixtures.resource(fixture));
    Random random = new Random(fixture.hashCode());
    Path f = temp.resolve("db");
    int outcomes = 0;
    for (int round = 0; round < 150; round++) {
      byte[] damaged = original.clone();
      if (round % 5 == 4) {
        damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
      } else {
        for (int k = 1 + random.nextInt(8); k > 0; k--) {
          // mostly the first pages, where the structure is
          int limit = random.nextBoolean() ? Math.min(damaged.length, 8192) : damaged.length;
          damaged[random.nextInt(limit)] = (byte) random.nextInt(256);
        }
      }
      Files.write(f, damaged);
      try {
        ExtractResult r = RpmFixtures.extract(imagePath, f, temp);
        assertThat(r.diagnostics()).allMatch(d -> d.startsWith(imagePath) && !d.contains("\n"));
      } catch (IOException e) {
        assertThat(e.getMessage()).startsWith(imagePath).doesNotContain("\n");
      }
      outcomes++;
    }
    assertThat(outcomes).isEqualTo(150);
  }
}
