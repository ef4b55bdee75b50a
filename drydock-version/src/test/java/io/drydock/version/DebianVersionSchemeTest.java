package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DebianVersionSchemeTest {
  private static final DebianVersionScheme SCHEME = DebianVersionScheme.INSTANCE;

  /**
   * Rows of deb.jsonl that Drydock rejects although {@code dpkg --compare-versions} orders them.
   * dpkg's {@code parseversion()} flags these strings as bad syntax (a warning, not an error) and
   * compares them anyway; the brief asks for dpkg's validity, and Drydock reports bad syntax as a
   * diagnostic instead of ordering it. dpkg's own test data (t-version.c) marks {@code a-0} and
   * {@code b-0} as invalid; the three go-deb-version rows have {@code _} in the revision, which
   * dpkg refuses ("invalid character in revision number").
   */
  static final Set<String> REJECTED_ROWS =
      Set.of(
          "deb.jsonl:49\ta-0 < b-0",
          "deb.jsonl:50\tb-0 > a-0",
          "deb.jsonl:138\t6.0-4.el6.x86_64 < 6.0-5.el6.x86_64",
          "deb.jsonl:139\t6.0-4.el6.x86_64 < 6.1-3.el6.x86_64",
          "deb.jsonl:140\t7.0-4.el6.x86_64 > 6.1-3.el6.x86_64");

  static Stream<Arguments> deb() {
    return OsPackageVectors.cases("deb.jsonl");
  }

  static Stream<Arguments> scalibr() {
    return OsPackageVectors.cases(
        "osv-scalibr/debian-versions.jsonl", "osv-scalibr/debian-versions-generated.jsonl");
  }

  @ParameterizedTest
  @MethodSource("deb")
  void debJsonl(OsPackageVectors.Row row) {
    OsPackageVectors.check(SCHEME, row, REJECTED_ROWS);
  }

  @ParameterizedTest
  @MethodSource("scalibr")
  void osvScalibrDebian(OsPackageVectors.Row row) {
    OsPackageVectors.check(SCHEME, row, Set.of());
  }

  @Test
  void rejectedRowsExist() {
    OsPackageVectors.assertAllListed(REJECTED_ROWS, "deb.jsonl");
  }

  @Test
  void equalsAndHashCodeFollowTheOrder() {
    OsPackageVectors.assertHashConsistent(SCHEME, "deb.jsonl", "osv-scalibr/debian-versions.jsonl");
  }

  @Test
  void parsesTheParts() {
    var v = SCHEME.parse(" 2:1.2-3:4-5+deb12u1 ");
    assertThat(v.epoch()).isEqualTo(2);
    assertThat(v.upstream()).isEqualTo("1.2-3:4");
    assertThat(v.revision()).isEqualTo("5+deb12u1");
    assertThat(v.raw()).isEqualTo(" 2:1.2-3:4-5+deb12u1 ");
    assertThat(SCHEME.parse("1.0").revision()).isEmpty();
    assertThat(SCHEME.parse("\t1.0\r\n").upstream()).isEqualTo("1.0");
  }

  @Test
  void tildeSortsBeforeTheEnd() {
    assertThat(SCHEME.compare("1.0~rc1", "1.0")).isNegative();
    assertThat(SCHEME.compare("1.0~~", "1.0~")).isNegative();
    assertThat(SCHEME.compare("1.0+deb12u1", "1.0")).isPositive();
    assertThat(SCHEME.compare("1.0a", "1.0+")).isNegative();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "1.0 1",
        ":1.0",
        "a:1.0",
        "-1:1.0",
        "1:",
        "99999999999:1.0",
        "2147483648:1.0",
        "1.0-",
        "-1",
        "a1.0",
        "1.0_1",
        "1.0-1:2",
        "1.0-1_2",
        "1.0é",
        "\u20031.0"
      })
  void rejectsWhatDpkgRejects(String raw) {
    assertThatThrownBy(() -> SCHEME.parse(raw))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageStartingWith("invalid deb version \"" + VersionText.display(raw) + "\"");
  }

  @Test
  void boundsTheLength() {
    String longest = "1." + "0".repeat(DebianVersionScheme.MAX_LENGTH - 2);
    assertThat(SCHEME.parse(longest).upstream()).hasSize(DebianVersionScheme.MAX_LENGTH);
    assertThatThrownBy(() -> SCHEME.parse(longest + "1"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer than 256");
  }

  @Test
  void refusesToCompareWithAnotherScheme() {
    assertThatThrownBy(() -> SCHEME.parse("1.0").compareTo(RpmVersionScheme.INSTANCE.parse("1.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rpm");
  }
}
