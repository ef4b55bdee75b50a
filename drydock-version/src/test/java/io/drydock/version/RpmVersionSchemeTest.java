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

/**
 * rpm.jsonl and osv-scalibr/redhat-versions.jsonl go through EVR parsing and compare; all rows
 * pass, none is rejected. rpm-vercmp.jsonl goes through the raw {@link RpmVersionScheme#rpmvercmp}
 * as its README asks (its strings contain {@code -} and {@code :} that an EVR parser would split,
 * and 133 rows use the empty string, which rpm's own EVR parser refuses but rpmvercmp orders).
 *
 * <p>One choice where rpm's two comparisons differ: {@code rpm.ver(a) <=> rpm.ver(b)} ignores the
 * release when either side has none, {@code labelCompare} sorts a missing release first. Drydock
 * follows labelCompare (so does OSV; redhat-versions.jsonl rows {@code 1 < 1-0}, {@code 1 < 1-1},
 * {@code 1 < 1-} need it) because ignoring the release makes "equal" non-transitive. No row of
 * rpm.jsonl depends on the difference.
 */
class RpmVersionSchemeTest {
  private static final RpmVersionScheme SCHEME = RpmVersionScheme.INSTANCE;

  static Stream<Arguments> rpm() {
    return OsPackageVectors.cases("rpm.jsonl");
  }

  static Stream<Arguments> rpmvercmp() {
    return OsPackageVectors.cases("rpm-vercmp.jsonl");
  }

  static Stream<Arguments> scalibr() {
    return OsPackageVectors.cases("osv-scalibr/redhat-versions.jsonl");
  }

  @ParameterizedTest
  @MethodSource("rpm")
  void rpmJsonl(OsPackageVectors.Row row) {
    OsPackageVectors.check(SCHEME, row, Set.of());
  }

  @ParameterizedTest
  @MethodSource("rpmvercmp")
  void rpmVercmpJsonl(OsPackageVectors.Row row) {
    assertThat(RpmVersionScheme.rpmvercmp(row.a(), row.b()))
        .as("rpmvercmp(a, b)")
        .isEqualTo(row.cmp());
    assertThat(RpmVersionScheme.rpmvercmp(row.b(), row.a()))
        .as("rpmvercmp(b, a)")
        .isEqualTo(-row.cmp());
  }

  @ParameterizedTest
  @MethodSource("scalibr")
  void osvScalibrRedHat(OsPackageVectors.Row row) {
    OsPackageVectors.check(SCHEME, row, Set.of());
  }

  @Test
  void equalsAndHashCodeFollowTheOrder() {
    OsPackageVectors.assertHashConsistent(SCHEME, "rpm.jsonl", "osv-scalibr/redhat-versions.jsonl");
  }

  @Test
  void parsesTheParts() {
    var v = SCHEME.parse("1:2.9.1-6.el7_2.3");
    assertThat(v.epoch()).isEqualTo("1");
    assertThat(v.version()).isEqualTo("2.9.1");
    assertThat(v.release()).isEqualTo("6.el7_2.3");
    var noEpoch = SCHEME.parse("1.0-1-2");
    assertThat(noEpoch.epoch()).isEqualTo("0");
    assertThat(noEpoch.version()).isEqualTo("1.0-1");
    assertThat(noEpoch.release()).isEqualTo("2");
    assertThat(SCHEME.parse("1.0").release()).isNull();
    assertThat(SCHEME.parse(":1.0").epoch()).isEqualTo("0");
  }

  @Test
  void tildeAndCaret() {
    assertThat(SCHEME.compare("1.0~rc1-1", "1.0-1")).isNegative();
    assertThat(SCHEME.compare("1.0^git1-1", "1.0-1")).isPositive();
    assertThat(SCHEME.compare("1.0^git1-1", "1.0.1-1")).isNegative();
    assertThat(SCHEME.compare("1.0-1", "1.0-1.el9")).isNegative();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "1:", "2:-1", "1.0 -1", "1.0\n", "1\u00002"})
  void rejectsEmptyVersionsAndWhitespace(String raw) {
    assertThatThrownBy(() -> SCHEME.parse(raw))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageStartingWith("invalid rpm version \"" + VersionText.display(raw) + "\"");
  }

  @Test
  void boundsTheLength() {
    String longest = "1." + "0".repeat(RpmVersionScheme.MAX_LENGTH - 2);
    assertThat(SCHEME.parse(longest).version()).hasSize(RpmVersionScheme.MAX_LENGTH);
    assertThatThrownBy(() -> SCHEME.parse(longest + "1"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer than 256");
  }
}
