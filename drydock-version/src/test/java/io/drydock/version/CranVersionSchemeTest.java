package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.version.JsonlVectors.Row;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OSV's CRAN fixtures, hand-written and generated (the only vectors for CRAN), every row. */
class CranVersionSchemeTest {
  private static final CranVersionScheme CRAN = new CranVersionScheme();

  static Stream<Arguments> osv() {
    return OrderAssertions.rows(
        "osv-scalibr/cran-versions.jsonl", "osv-scalibr/cran-versions-generated.jsonl");
  }

  @ParameterizedTest
  @MethodSource("osv")
  void osvScalibr(Row row) {
    OrderAssertions.assertOrder(CRAN, row.text("a"), row.text("b"), row.integer("cmp"));
  }

  @Test
  void dashAndDotSeparateAlike() {
    assertThat(CRAN.compare("1.0-3", "1.0.3")).isZero();
    assertThat(CRAN.compare("0.9", "0.75")).isNegative();
    assertThat(CRAN.compare("0.3.2", "0.3.2.0")).isNegative();
    assertThat(((NumericParts.NumericVersion) CRAN.parse("1.2-10")).parts()).hasSize(3);
    assertThatThrownBy(() -> CRAN.parse("1.2").compareTo(new HackageVersionScheme().parse("1.2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cran version with hackage");
    assertThat(CRAN.parse("1.2")).isNotEqualTo(new HackageVersionScheme().parse("1.2"));
  }

  @Test
  void refusesSingleNumbersAndGarbage() {
    for (String bad : new String[] {"", "1", "1.", "1..0", "1.0-", "v1.0", "1.0a", "1.0 ", "1_0"}) {
      OrderAssertions.assertRefused(CRAN, bad);
    }
  }
}
