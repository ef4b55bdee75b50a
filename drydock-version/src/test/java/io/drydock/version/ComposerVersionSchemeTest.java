package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.version.JsonlVectors.Row;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OSV's Packagist fixtures, hand-written and generated (the only vectors for Packagist).
 *
 * <p>Choice: six hand-written rows use a {@code #} part ({@code 1.2.3.#}). PHP's {@code
 * version_compare} and OSV treat {@code #} as equal to any number, so OSV asserts {@code 1.2.3.# ==
 * 1.2.3} and {@code 1.2.3.# == 1.2.3.1} although {@code 1.2.3 < 1.2.3.1}: that is no equality at
 * all (no {@code equals}/{@code hashCode} can follow it), and Composer refuses such versions.
 * Drydock refuses them too: for every row with a {@code #} the test asserts that {@code parse}
 * throws for that side and accepts the other. Every other row must pass.
 */
class ComposerVersionSchemeTest {
  private static final ComposerVersionScheme COMPOSER = new ComposerVersionScheme();

  static Stream<Arguments> osv() {
    return OrderAssertions.rows(
        "osv-scalibr/packagist-versions.jsonl", "osv-scalibr/packagist-versions-generated.jsonl");
  }

  @ParameterizedTest
  @MethodSource("osv")
  void osvScalibr(Row row) {
    String a = row.text("a");
    String b = row.text("b");
    if (a.contains("#") || b.contains("#")) {
      for (String v : new String[] {a, b}) {
        if (v.contains("#")) {
          OrderAssertions.assertRefused(COMPOSER, v);
        } else {
          assertThat(COMPOSER.parse(v).raw()).isEqualTo(v);
        }
      }
      return;
    }
    OrderAssertions.assertOrder(COMPOSER, a, b, row.integer("cmp"));
  }

  /** Exactly the six documented rows are refused. */
  @Test
  void sixHashRows() {
    assertThat(
            JsonlVectors.read("osv-scalibr/packagist-versions.jsonl").stream()
                .filter(r -> r.text("a").contains("#") || r.text("b").contains("#"))
                .count())
        .isEqualTo(6);
    assertThat(
            JsonlVectors.read("osv-scalibr/packagist-versions-generated.jsonl").stream()
                .filter(r -> r.text("a").contains("#") || r.text("b").contains("#"))
                .count())
        .isZero();
  }

  @Test
  void specialFormsAndTails() {
    assertThat(COMPOSER.compare("1.0-dev", "1.0-alpha1")).isNegative();
    assertThat(COMPOSER.compare("1.0-alpha1", "1.0-beta1")).isNegative();
    assertThat(COMPOSER.compare("1.0-beta1", "1.0-RC1")).isNegative();
    assertThat(COMPOSER.compare("1.0-RC1", "1.0")).isNegative();
    assertThat(COMPOSER.compare("1.0", "1.0-patch1")).isNegative();
    assertThat(COMPOSER.compare("1.0", "1.0.0")).isNegative();
    assertThat(COMPOSER.compare("1.0-rc1", "1.0.RC.1")).isZero();
    assertThat(COMPOSER.compare("v2.0", "V2.0")).isZero();
    assertThat(COMPOSER.compare("dev-main", "0.0.1")).isNegative();
    // an unknown word weighs what dev weighs, as in OSV: "+bedrock-…" is not a later release
    assertThat(COMPOSER.compare("1.0.0+bedrock-1.17.10", "1.0.0")).isNegative();
    assertThat(COMPOSER.compare("1.0-stable", "1.0-dev")).isZero();
  }

  @Test
  void refusesGarbage() {
    for (String bad :
        new String[] {"", "v", "1..0", "1.0-", ".1", "1.0 beta", "1.2.3.#", "1,2", "1.0\n"}) {
      OrderAssertions.assertRefused(COMPOSER, bad);
    }
  }
}
