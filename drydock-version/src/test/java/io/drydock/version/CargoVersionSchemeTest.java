package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.version.JsonlVectors.Row;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OSV's SemVer fixtures (osv-scalibr/semver-versions.jsonl, what OSV uses for crates.io) and
 * node-semver's ordering fixtures without loose options (SemVer 2.0 precedence is the same; the one
 * with surrounding whitespace, which node-semver trims, is refused as Cargo refuses it).
 *
 * <p>Choice: OSV orders three pairs Cargo refuses (a bare number, numbers past 2^64-1, five parts;
 * the rows the vectors note "node-semver rejects"). Drydock follows Cargo: for those rows the test
 * asserts that {@code parse} throws for both sides ({@link NpmVersionSchemeTest#OSV_REJECTED} is
 * the same list and checks it against the notes). Every other row must pass.
 */
class CargoVersionSchemeTest {
  private static final CargoVersionScheme CARGO = new CargoVersionScheme();

  static Stream<Arguments> osv() {
    return OrderAssertions.rows("osv-scalibr/semver-versions.jsonl");
  }

  static Stream<Arguments> npmStrict() {
    return JsonlVectors.read("npm-semver.jsonl").stream()
        .filter(r -> r.json().get("options") == null)
        .map(r -> Arguments.of(Named.of(r.comparisonName(), r)));
  }

  @ParameterizedTest
  @MethodSource("osv")
  void osvScalibrSemver(Row row) {
    String a = row.text("a");
    String b = row.text("b");
    if (NpmVersionSchemeTest.OSV_REJECTED.contains(a + "|" + b)) {
      OrderAssertions.assertRefused(CARGO, a);
      OrderAssertions.assertRefused(CARGO, b);
      return;
    }
    OrderAssertions.assertOrder(CARGO, a, b, row.integer("cmp"));
  }

  @ParameterizedTest
  @MethodSource("npmStrict")
  void nodeSemverStrictRows(Row row) {
    String a = row.text("a");
    String b = row.text("b");
    if (!a.equals(a.strip()) || !b.equals(b.strip())) {
      // node-semver trims; Cargo refuses whitespace (one row: "  v1.2.3+build")
      OrderAssertions.assertRefused(CARGO, a.equals(a.strip()) ? b : a);
      return;
    }
    int cmp = row.integer("cmp");
    assertThat(CARGO.compare(a, b)).as("compare(a, b)").isEqualTo(cmp);
    assertThat(CARGO.compare(b, a)).as("compare(b, a)").isEqualTo(-cmp);
  }

  @Test
  void semverPrecedence() {
    assertThat(CARGO.compare("1.0.0-alpha.1", "1.0.0-alpha.beta")).isNegative();
    assertThat(CARGO.compare("1.0.0-rc.1", "1.0.0")).isNegative();
    assertThat(CARGO.compare("1.0.0+a", "1.0.0+b")).isZero();
    assertThat(CARGO.parse("1.0.0+a")).isEqualTo(CARGO.parse("1.0.0"));
    assertThat(CARGO.compare("18446744073709551615.0.0", "18446744073709551614.0.0")).isPositive();
  }

  @Test
  void refusesWhatCargoRefuses() {
    for (String bad :
        new String[] {
          "",
          "1",
          "1.2",
          "1.2.3.4",
          "01.2.3",
          "1.2.3-01",
          "1.2.3-",
          "1.2.3+",
          " 1.2.3",
          "1.2.3 ",
          "=1.2.3",
          "1.2.3-a..b",
          "18446744073709551616.0.0",
          "1.2.3-a_b"
        }) {
      OrderAssertions.assertRefused(CARGO, bad);
    }
  }
}
