package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.version.JsonlVectors.Row;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OSV's NuGet fixtures (the only vectors for NuGet), every row. */
class NuGetVersionSchemeTest {
  private static final NuGetVersionScheme NUGET = new NuGetVersionScheme();

  static Stream<Arguments> osv() {
    return OrderAssertions.rows("osv-scalibr/nuget-versions.jsonl");
  }

  @ParameterizedTest
  @MethodSource("osv")
  void osvScalibr(Row row) {
    OrderAssertions.assertOrder(NUGET, row.text("a"), row.text("b"), row.integer("cmp"));
  }

  @Test
  void fourPartsLabelsCaseInsensitiveBuildIgnored() {
    NuGetVersionScheme.NuGetVersion v = NUGET.parse("1.2-Beta.01+Build.5");
    assertThat(v.parts())
        .containsExactly(BigInteger.ONE, BigInteger.TWO, BigInteger.ZERO, BigInteger.ZERO);
    assertThat(v.releaseLabels()).isEqualTo(List.of("BETA", BigInteger.ONE));
    assertThat(v.prerelease()).isTrue();
    assertThat(NUGET.compare("1.0.0-rc.1", "1.0.0-RC.1+x")).isZero();
    assertThat(NUGET.compare("1.0.0-alpha.2", "1.0.0-alpha.10")).isNegative();
    assertThat(NUGET.compare("1.0.0-1", "1.0.0-a")).isNegative();
    assertThat(NUGET.compare("1.0.0.1-alpha", "1.0.0")).isPositive();
    assertThat(NUGET.compare("1", "1.0.0.0")).isZero();
  }

  @Test
  void refusesWhatNuGetRefuses() {
    for (String bad :
        new String[] {
          "",
          "v1.0.0",
          "1.0.0.0.0",
          "1.0.0-",
          "1.0.0-a..b",
          "1.0.0+",
          "1.0.0-a_b",
          " 1.0",
          "1..0",
          "1.0.0-beta+a+b",
          "a.b"
        }) {
      OrderAssertions.assertRefused(NUGET, bad);
    }
  }
}
