package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.version.JsonlVectors.Row;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OSV's Hackage fixtures (the only vectors for Hackage), every row. */
class HackageVersionSchemeTest {
  private static final HackageVersionScheme HACKAGE = new HackageVersionScheme();

  static Stream<Arguments> osv() {
    return OrderAssertions.rows("osv-scalibr/hackage-versions.jsonl");
  }

  @ParameterizedTest
  @MethodSource("osv")
  void osvScalibr(Row row) {
    OrderAssertions.assertOrder(HACKAGE, row.text("a"), row.text("b"), row.integer("cmp"));
  }

  @Test
  void prefixesComeFirstAndNumbersAreNumeric() {
    assertThat(HACKAGE.compare("1.0", "1.0.0")).isNegative();
    assertThat(HACKAGE.compare("1.0.0", "1.0.0.0")).isNegative();
    assertThat(HACKAGE.compare("0.10", "0.9")).isPositive();
    assertThat(HACKAGE.compare("01.2", "1.2")).isZero();
    assertThat(((NumericParts.NumericVersion) HACKAGE.parse("2.1.3")).parts()).hasSize(3);
  }

  @Test
  void refusesAnythingButDottedNumbers() {
    for (String bad :
        new String[] {"", "1.", ".1", "1..2", "1.0-foo", "v1.0", "1.a", " 1.0", "1-2"}) {
      OrderAssertions.assertRefused(HACKAGE, bad);
    }
    OrderAssertions.assertRefused(HACKAGE, "1." + "0".repeat(300));
  }
}
