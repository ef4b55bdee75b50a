package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.version.JsonlVectors.Row;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OSV's Pub fixtures (the only vectors for Pub).
 *
 * <p>Choice: OSV orders two pairs whose versions pub_semver refuses (a bare number {@code
 * 999999999999999999999999999991}, and five parts {@code 1.1.3.4.5}); pub.dev cannot publish them.
 * Drydock follows pub_semver: for the two rows in {@link #REFUSED} the test asserts that {@code
 * parse} throws for both sides. Every other row must pass.
 */
class PubVersionSchemeTest {
  private static final PubVersionScheme PUB = new PubVersionScheme();

  /** Rows (a|b) of osv-scalibr/pub-versions.jsonl whose versions pub_semver refuses. */
  static final Set<String> REFUSED =
      Set.of(
          "999999999999999999999999999991|999999999999999999999999999999", "1.1.3.4.5|1.1.3.4.5");

  static Stream<Arguments> osv() {
    return OrderAssertions.rows("osv-scalibr/pub-versions.jsonl");
  }

  @ParameterizedTest
  @MethodSource("osv")
  void osvScalibr(Row row) {
    String a = row.text("a");
    String b = row.text("b");
    if (REFUSED.contains(a + "|" + b)) {
      OrderAssertions.assertRefused(PUB, a);
      OrderAssertions.assertRefused(PUB, b);
      return;
    }
    OrderAssertions.assertOrder(PUB, a, b, row.integer("cmp"));
  }

  /** The refused rows exist in the file, so the list cannot go stale silently. */
  @Test
  void refusedRowsAreInTheFile() {
    assertThat(
            JsonlVectors.read("osv-scalibr/pub-versions.jsonl").stream()
                .map(r -> r.text("a") + "|" + r.text("b"))
                .filter(REFUSED::contains)
                .collect(Collectors.toSet()))
        .isEqualTo(REFUSED);
  }

  @Test
  void buildTakesPartInTheOrder() {
    assertThat(PUB.compare("1.2.3", "1.2.3+1")).isNegative();
    assertThat(PUB.compare("1.2.3+1", "1.2.3+a")).isNegative();
    assertThat(PUB.compare("1.2.3-beta+1", "1.2.3")).isNegative();
    assertThat(PUB.compare("1.2.3+01", "1.2.3+1")).isZero();
    assertThat(PUB.compare("1.2.3-Alpha", "1.2.3-alpha")).isNegative();
    assertThat(PUB.compare("v1.2.3", "1.2.3")).isZero();
  }

  @Test
  void refusesWhatPubRefuses() {
    for (String bad :
        new String[] {
          "",
          "1",
          "1.2",
          "1.2.3.4",
          "1.2.3-",
          "1.2.3+",
          "1.2.3-a..b",
          "V1.2.3",
          "=1.2.3",
          " 1.2.3",
          "1.2.3-a_b"
        }) {
      OrderAssertions.assertRefused(PUB, bad);
    }
  }
}
