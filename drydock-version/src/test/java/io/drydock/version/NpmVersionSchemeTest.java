package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.version.JsonlVectors.Row;
import io.drydock.version.NpmVersionScheme.NpmVersion;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * node-semver's fixtures (npm-semver.jsonl, .ranges.jsonl, .validity.jsonl) and OSV's SemVer
 * fixtures, with node-semver's {@code loose} and {@code includePrerelease} options where a row
 * gives them.
 *
 * <p>Choices:
 *
 * <ul>
 *   <li>node-semver's {@code satisfies} answers {@code false} when the version is not a version;
 *       Drydock throws instead (a scanner must report garbage, not call it "not affected"). The
 *       three range rows in {@link #INVALID_VERSION_RANGE_ROWS} (expected {@code false}) assert
 *       that {@code satisfies} throws; the JSON {@code false} version is passed as {@code null}.
 *   <li>OSV orders versions node-semver rejects (numbers past 2^53-1, a bare number, five parts).
 *       Drydock follows node-semver: for the three rows in {@link #OSV_REJECTED} the test asserts
 *       that {@code parse} throws for both sides.
 * </ul>
 */
class NpmVersionSchemeTest {
  private static final NpmVersionScheme NPM = new NpmVersionScheme();

  /** Range rows (range|version) where node-semver returns false because the version is invalid. */
  static final Set<String> INVALID_VERSION_RANGE_ROWS =
      Set.of("*|not a version", ">=2|glorp", ">=2|null");

  /** osv-scalibr/semver-versions.jsonl rows (a|b) node-semver rejects. */
  static final Set<String> OSV_REJECTED =
      Set.of(
          "999999999999999999999999999991|999999999999999999999999999999",
          "999999999999999999999999999991.999999999999999999999999999991.999999999999999999999999999991"
              + "|999999999999999999999999999999.999999999999999999999999999991.999999999999999999999999999991",
          "1.1.3.4.5|1.1.3.4.5");

  static Stream<Arguments> ordering() {
    return JsonlVectors.read("npm-semver.jsonl").stream()
        .map(r -> Arguments.of(Named.of(r.comparisonName(), r)));
  }

  static Stream<Arguments> osv() {
    return JsonlVectors.read("osv-scalibr/semver-versions.jsonl").stream()
        .map(r -> Arguments.of(Named.of(r.comparisonName(), r)));
  }

  static Stream<Arguments> ranges() {
    return JsonlVectors.read("npm-semver.ranges.jsonl").stream()
        .map(
            r ->
                Arguments.of(
                    Named.of(
                        "\""
                            + r.text("version")
                            + "\" "
                            + (r.bool("satisfies") ? "satisfies" : "does not satisfy")
                            + " \""
                            + r.text("range")
                            + "\""
                            + r.options()
                            + r.where(),
                        r)));
  }

  static Stream<Arguments> validity() {
    return JsonlVectors.read("npm-semver.validity.jsonl").stream()
        .map(
            r ->
                Arguments.of(
                    Named.of(
                        "\""
                            + abbreviate(r.text("version"))
                            + "\" valid="
                            + r.bool("valid")
                            + r.options()
                            + r.where(),
                        r)));
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + " chars)" : s;
  }

  @ParameterizedTest
  @MethodSource("ordering")
  void npmSemverJsonl(Row row) {
    boolean loose = row.option("loose");
    String a = row.text("a");
    String b = row.text("b");
    int cmp = row.integer("cmp");
    NpmVersion va = NPM.parse(a, loose);
    NpmVersion vb = NPM.parse(b, loose);
    assertThat(va.compareTo(vb)).as("compare(a, b)").isEqualTo(cmp);
    assertThat(vb.compareTo(va)).as("compare(b, a)").isEqualTo(-cmp);
    assertThat(va.equals(vb)).isEqualTo(cmp == 0);
    if (cmp == 0) {
      assertThat(va.hashCode()).isEqualTo(vb.hashCode());
    }
    if (row.note().startsWith("a is only valid with loose")) {
      assertThatThrownBy(() -> NPM.parse(a)).isInstanceOf(InvalidVersionException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("ranges")
  void npmSemverRanges(Row row) {
    String range = row.text("range");
    String version = row.text("version");
    boolean loose = row.option("loose");
    boolean includePrerelease = row.option("includePrerelease");
    if (INVALID_VERSION_RANGE_ROWS.contains(range + "|" + version)) {
      assertThat(row.bool("satisfies")).isFalse();
      assertThatThrownBy(() -> NPM.satisfies(range, version, loose, includePrerelease))
          .isInstanceOf(InvalidVersionException.class)
          .hasMessageContaining("npm");
      return;
    }
    assertThat(NPM.satisfies(range, version, loose, includePrerelease))
        .isEqualTo(row.bool("satisfies"));
  }

  @ParameterizedTest
  @MethodSource("validity")
  void npmSemverValidity(Row row) {
    String v = row.text("version");
    boolean loose = row.option("loose");
    if (row.bool("valid")) {
      assertThat(NPM.parse(v, loose).raw()).isEqualTo(v);
    } else {
      assertThatThrownBy(() -> NPM.parse(v, loose)).isInstanceOf(InvalidVersionException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("osv")
  void osvScalibrSemver(Row row) {
    String a = row.text("a");
    String b = row.text("b");
    if (OSV_REJECTED.contains(a + "|" + b)) {
      assertThatThrownBy(() -> NPM.parse(a)).isInstanceOf(InvalidVersionException.class);
      assertThatThrownBy(() -> NPM.parse(b)).isInstanceOf(InvalidVersionException.class);
      return;
    }
    int cmp = row.integer("cmp");
    assertThat(NPM.compare(a, b)).as("compare(a, b)").isEqualTo(cmp);
    assertThat(NPM.compare(b, a)).as("compare(b, a)").isEqualTo(-cmp);
  }

  /** The override lists are exactly the rows the vectors mark, so nothing is skipped silently. */
  @Test
  void overriddenRowsAreExactlyTheNotedOnes() {
    assertThat(
            JsonlVectors.read("osv-scalibr/semver-versions.jsonl").stream()
                .filter(r -> r.note().startsWith("node-semver rejects"))
                .map(r -> r.text("a") + "|" + r.text("b"))
                .collect(Collectors.toSet()))
        .isEqualTo(OSV_REJECTED);
  }

  @Test
  void rangeShapes() {
    assertThat(NPM.satisfies("^1.2.3", "1.9.0")).isTrue();
    assertThat(NPM.satisfies("^0.2.3", "0.3.0")).isFalse();
    assertThat(NPM.satisfies("~1.2.3", "1.2.9")).isTrue();
    assertThat(NPM.satisfies("~1.2.3", "1.3.0")).isFalse();
    assertThat(NPM.satisfies("1.2.x || >=3.0.0 <3.1.0", "3.0.5")).isTrue();
    assertThat(NPM.satisfies("1.2 - 2.3.4", "2.3.4")).isTrue();
    assertThat(NPM.satisfies("1.2 - 2.3.4", "2.3.5")).isFalse();
    assertThat(NPM.satisfies(">=1.0.0 <2.0.0", "1.5.0-beta")).isFalse();
    assertThat(NPM.satisfies(">=1.5.0-alpha <2.0.0", "1.5.0-beta")).isTrue();
    assertThatThrownBy(() -> NPM.satisfies("not a range", "1.0.0"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("not a range");
  }

  @Test
  void boundsInput() {
    assertThatThrownBy(() -> NPM.parse("1.2.3-" + "a".repeat(300)))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer than 256");
    assertThatThrownBy(() -> NPM.parse("9007199254740992.0.0"))
        .isInstanceOf(InvalidVersionException.class);
    assertThat(NPM.parse("9007199254740991.0.0").major()).isEqualTo(9007199254740991L);
  }
}
