package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * apk-tools 2 vs 3: Drydock follows apk-tools 3.x ({@code test/unit/version.data} on master, which
 * is where apk.jsonl and apk.validity.jsonl come from), plus apk-tools 2's letter followed by
 * digits ({@code 6.6.2p1-r0}), which real Alpine data uses. The five apk.jsonl rows noted "not in
 * apk-tools 2.14-stable's test data" (zero-prefixed parts compare as strings, {@code ~hash}) pass
 * as apk 3 orders them. Every other string apk 3 refuses is rejected, never ordered; the rows
 * concerned are listed exactly: {@link #REJECTED_ROWS} for apk.jsonl, {@link #APK2_VALID} for
 * apk.validity.jsonl (the one row apk 3 calls invalid that Drydock accepts), and {@code
 * alpine-scalibr-rejected.txt} (with the reasons) for OSV's scalibr fixtures, whose lenient
 * comparator orders them. Every other scalibr row passes in both directions, including the 62 rows
 * with {@code p1}-style versions.
 */
class AlpineVersionSchemeTest {
  private static final AlpineVersionScheme SCHEME = AlpineVersionScheme.INSTANCE;

  /**
   * apk.jsonl rows comparing a string apk-tools itself calls invalid: {@code 23_foo} (unknown
   * suffix, as {@code !0.1_foobar}) and {@code 1.0bc} (two letters, as {@code !0.1bc}; upstream's
   * own comment on that row is "invalid. do string sort").
   */
  static final Set<String> REJECTED_ROWS =
      Set.of("apk.jsonl:2\t23_foo > 4_beta", "apk.jsonl:3\t1.0 < 1.0bc");

  /**
   * apk.validity.jsonl rows that apk-tools 3 calls invalid but apk-tools 2 accepted and Drydock
   * accepts: a letter followed by digits ({@code !0.1a1} upstream).
   */
  static final Set<String> APK2_VALID = Set.of("apk.validity.jsonl:10\t0.1a1");

  static final Set<String> SCALIBR_REJECTED_ROWS =
      OsPackageVectors.listResource("alpine-scalibr-rejected.txt");

  static Stream<Arguments> apk() {
    return OsPackageVectors.cases("apk.jsonl");
  }

  static Stream<Arguments> validity() {
    return OsPackageVectors.validityCases("apk.validity.jsonl");
  }

  static Stream<Arguments> scalibr() {
    return OsPackageVectors.cases(
        "osv-scalibr/alpine-versions.jsonl", "osv-scalibr/alpine-versions-generated.jsonl");
  }

  @ParameterizedTest
  @MethodSource("apk")
  void apkJsonl(OsPackageVectors.Row row) {
    OsPackageVectors.check(SCHEME, row, REJECTED_ROWS);
  }

  @ParameterizedTest
  @MethodSource("validity")
  void apkValidityJsonl(OsPackageVectors.Validity v) {
    boolean expected =
        v.valid() || APK2_VALID.contains(v.file() + ":" + v.line() + "\t" + v.version());
    assertThat(OsPackageVectors.valid(SCHEME, v.version())).isEqualTo(expected);
  }

  @Test
  void apk2ValidRowsExistAndAreInvalidInApk3() {
    Set<String> invalidRows = new HashSet<>();
    for (OsPackageVectors.Validity v : OsPackageVectors.validity("apk.validity.jsonl")) {
      if (!v.valid()) {
        invalidRows.add(v.file() + ":" + v.line() + "\t" + v.version());
      }
    }
    assertThat(invalidRows).containsAll(APK2_VALID);
  }

  @ParameterizedTest
  @MethodSource("scalibr")
  void osvScalibrAlpine(OsPackageVectors.Row row) {
    OsPackageVectors.check(SCHEME, row, SCALIBR_REJECTED_ROWS);
  }

  @Test
  void rejectedRowsExist() {
    OsPackageVectors.assertAllListed(REJECTED_ROWS, "apk.jsonl");
    assertThat(SCALIBR_REJECTED_ROWS).hasSize(33);
    OsPackageVectors.assertAllListed(
        SCALIBR_REJECTED_ROWS,
        "osv-scalibr/alpine-versions.jsonl",
        "osv-scalibr/alpine-versions-generated.jsonl");
  }

  @Test
  void equalsAndHashCodeFollowTheOrder() {
    OsPackageVectors.assertHashConsistent(SCHEME, "apk.jsonl", "osv-scalibr/alpine-versions.jsonl");
  }

  @Test
  void suffixesAndRevisions() {
    assertThat(SCHEME.compare("1.2_rc1", "1.2")).isNegative();
    assertThat(SCHEME.compare("1.2_alpha", "1.2_beta")).isNegative();
    assertThat(SCHEME.compare("1.2_p1", "1.2")).isPositive();
    assertThat(SCHEME.compare("1.2_git20240101", "1.2_p1")).isNegative();
    assertThat(SCHEME.compare("1.2-r10", "1.2-r9")).isPositive();
    assertThat(SCHEME.compare("1.2-r01", "1.2-r1")).isZero();
    assertThat(SCHEME.compare("1.2a", "1.2.1")).isNegative();
    assertThat(SCHEME.compare("1.2." + "9".repeat(40), "1.2." + "9".repeat(39))).isPositive();
  }

  /** apk-tools 2's reading of a letter followed by digits: letter, then a new numeric token. */
  @Test
  void letterFollowedByDigitsOrdersAsApkTools2() {
    List<String> ascending =
        List.of(
            "6.6.2",
            "6.6.2_p1",
            "6.6.2p_rc1",
            "6.6.2p",
            "6.6.2p-r5",
            "6.6.2p~abc",
            "6.6.2p_p1",
            "6.6.2p1_rc1",
            "6.6.2p1-r0",
            "6.6.2p1-r1",
            "6.6.2p1_p1",
            "6.6.2p2-r0",
            "6.6.2p10",
            "6.6.2q",
            "6.6.2.1",
            "6.6.3");
    for (int i = 0; i < ascending.size(); i++) {
      for (int j = 0; j < ascending.size(); j++) {
        assertThat(Integer.signum(SCHEME.compare(ascending.get(i), ascending.get(j))))
            .as("%s vs %s", ascending.get(i), ascending.get(j))
            .isEqualTo(Integer.compare(i, j));
      }
    }
    assertThat(SCHEME.compare("1.9.5p02-r1", "1.9.5p2-r1")).isZero();
    assertThat(SCHEME.parse("1.9.5p02-r1")).hasSameHashCodeAs(SCHEME.parse("1.9.5p2-r1"));
    assertThat(SCHEME.parse("6.6.2p1-r0").tokens())
        .extracting(AlpineVersionScheme.Token::kind)
        .containsExactly(
            AlpineVersionScheme.Kind.INITIAL_DIGIT,
            AlpineVersionScheme.Kind.DIGIT,
            AlpineVersionScheme.Kind.DIGIT,
            AlpineVersionScheme.Kind.LETTER,
            AlpineVersionScheme.Kind.LETTER_NO,
            AlpineVersionScheme.Kind.REVISION_NO);
  }

  /** apk-tools 2 forms Drydock still refuses (see the class Javadoc for why). */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "1-r",
        "0.1-r",
        "1.2p1.3",
        "1a1b2",
        "0.1a1a",
        "1.2.0A",
        "1.2P1",
        "0..8",
        ".1",
        "a",
        "_pre1",
        "-r1",
        "",
        "2.7.16-33",
        "4.10-1-r1",
        "0.1bc1",
        "0.1a.1"
      })
  void apk2FormsStillRejected(String raw) {
    assertThat(OsPackageVectors.valid(SCHEME, raw)).as(raw).isFalse();
  }

  /**
   * Every version in Drydock's Alpine OSV advisories (range events and {@code versions} lists)
   * parses: a refused version would silently drop a vulnerability.
   */
  @Test
  void everyAlpineOsvAdvisoryVersionParses() throws IOException {
    Path dir = OsPackageVectors.dir().resolve("../../advisories/alpine/osv").normalize();
    assertThat(dir).isDirectory();
    JsonMapper json = JsonMapper.builder().build();
    Set<String> versions = new TreeSet<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(100);
    for (Path f : files) {
      JsonNode root = json.readTree(f.toFile());
      for (JsonNode affected : root.path("affected")) {
        for (JsonNode range : affected.path("ranges")) {
          for (JsonNode event : range.path("events")) {
            for (String key : List.of("introduced", "fixed", "last_affected", "limit")) {
              if (event.has(key)) {
                versions.add(event.get(key).asString());
              }
            }
          }
        }
        for (JsonNode v : affected.path("versions")) {
          versions.add(v.asString());
        }
      }
    }
    assertThat(versions).hasSizeGreaterThan(100);
    List<String> refused =
        versions.stream().filter(v -> !OsPackageVectors.valid(SCHEME, v)).toList();
    assertThat(refused).as("Alpine OSV versions Drydock refuses").isEmpty();
  }

  @Test
  void rejectsWithAMessageNamingSchemeAndInput() {
    assertThatThrownBy(() -> SCHEME.parse("1.9.5P2-r1"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessage("invalid apk version \"1.9.5P2-r1\": unexpected 'P' at index 5");
    assertThatThrownBy(() -> SCHEME.parse("1.2p1.3"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessage("invalid apk version \"1.2p1.3\": unexpected '.' at index 5");
    String tooLong = "1." + "1".repeat(AlpineVersionScheme.MAX_LENGTH);
    assertThatThrownBy(() -> SCHEME.parse(tooLong))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer than 256");
  }
}
