package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * apk-tools 2 vs 3: Drydock follows apk-tools 3.x ({@code test/unit/version.data} on master, which
 * is where apk.jsonl and apk.validity.jsonl come from). The five apk.jsonl rows noted "not in
 * apk-tools 2.14-stable's test data" (zero-prefixed parts compare as strings, {@code ~hash}) pass
 * as apk 3 orders them. Strings apk 3 refuses are rejected, never ordered; the rows concerned are
 * listed exactly: {@link #REJECTED_ROWS} for apk.jsonl, and {@code alpine-scalibr-rejected.txt}
 * (with the reasons) for OSV's scalibr fixtures, whose lenient comparator orders them. Every other
 * scalibr row passes: where both sides are valid, OSV and apk 3 agree.
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
    assertThat(OsPackageVectors.valid(SCHEME, v.version())).isEqualTo(v.valid());
  }

  @ParameterizedTest
  @MethodSource("scalibr")
  void osvScalibrAlpine(OsPackageVectors.Row row) {
    OsPackageVectors.check(SCHEME, row, SCALIBR_REJECTED_ROWS);
  }

  @Test
  void rejectedRowsExist() {
    OsPackageVectors.assertAllListed(REJECTED_ROWS, "apk.jsonl");
    assertThat(SCALIBR_REJECTED_ROWS).hasSize(95);
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

  @Test
  void rejectsWithAMessageNamingSchemeAndInput() {
    assertThatThrownBy(() -> SCHEME.parse("1.9.5p2-r1"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessage("invalid apk version \"1.9.5p2-r1\": unexpected '2' at index 6");
    String tooLong = "1." + "1".repeat(AlpineVersionScheme.MAX_LENGTH);
    assertThatThrownBy(() -> SCHEME.parse(tooLong))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer than 256");
  }
}
