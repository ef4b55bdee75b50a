package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.version.JsonlVectors.Row;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * go.jsonl and go.validity.jsonl (golang.org/x/mod/semver's test table).
 *
 * <p>Choice: x/mod orders every invalid string as equal to the others and below every valid
 * version. Drydock never orders garbage, so for the 220 go.jsonl rows noted "invalid semver
 * involved" the test asserts instead that {@code parse} throws for each side go.validity.jsonl
 * marks invalid and succeeds for each valid side. Every valid pair is also checked without the
 * {@code v} prefix, the form OSV's Go ranges use.
 */
class GoVersionSchemeTest {
  private static final GoVersionScheme GO = new GoVersionScheme();

  private static final Map<String, Boolean> VALID =
      JsonlVectors.read("go.validity.jsonl").stream()
          .collect(Collectors.toMap(r -> r.text("version"), r -> r.bool("valid")));

  static Stream<Arguments> ordering() {
    return JsonlVectors.read("go.jsonl").stream()
        .map(r -> Arguments.of(Named.of(r.comparisonName(), r)));
  }

  static Stream<Arguments> validity() {
    return JsonlVectors.read("go.validity.jsonl").stream()
        .map(
            r ->
                Arguments.of(
                    Named.of(
                        "\"" + r.text("version") + "\" valid=" + r.bool("valid") + r.where(), r)));
  }

  @ParameterizedTest
  @MethodSource("ordering")
  void goJsonl(Row row) {
    String a = row.text("a");
    String b = row.text("b");
    boolean validA = VALID.get(a);
    boolean validB = VALID.get(b);
    if (row.note().startsWith("invalid semver involved")) {
      assertThat(validA && validB).as("row noted invalid has an invalid side").isFalse();
      for (String v : new String[] {a, b}) {
        if (VALID.get(v)) {
          assertThat(GO.parse(v).raw()).isEqualTo(v);
        } else {
          assertThatThrownBy(() -> GO.parse(v))
              .isInstanceOf(InvalidVersionException.class)
              .hasMessageContaining("go")
              .hasMessageContaining(v);
        }
      }
      return;
    }
    assertThat(validA && validB).as("both sides valid").isTrue();
    int cmp = row.integer("cmp");
    assertOrder(a, b, cmp);
    assertOrder(strip(a), strip(b), cmp);
    assertOrder(a, strip(b), cmp);
  }

  private static String strip(String v) {
    return v.startsWith("v") ? v.substring(1) : v;
  }

  private static void assertOrder(String a, String b, int cmp) {
    assertThat(GO.compare(a, b)).as("compare(%s, %s)", a, b).isEqualTo(cmp);
    assertThat(GO.compare(b, a)).as("compare(%s, %s)", b, a).isEqualTo(-cmp);
    assertThat(GO.parse(a).equals(GO.parse(b))).isEqualTo(cmp == 0);
  }

  @ParameterizedTest
  @MethodSource("validity")
  void goValidity(Row row) {
    String v = row.text("version");
    if (row.bool("valid")) {
      assertThat(GO.parse(v).canonical()).isEqualTo(row.text("canonical"));
      assertThat(GO.parse(strip(v)).canonical()).isEqualTo(row.text("canonical"));
    } else {
      assertThatThrownBy(() -> GO.parse(v)).isInstanceOf(InvalidVersionException.class);
      assertThatThrownBy(() -> GO.parse(strip(v))).isInstanceOf(InvalidVersionException.class);
    }
  }

  @Test
  void incompatibleAndPseudoVersions() {
    // +incompatible is build metadata: ignored for order
    assertThat(GO.compare("v2.0.0+incompatible", "v2.0.0")).isZero();
    assertThat(GO.compare("2.0.1+incompatible", "v2.0.0+incompatible")).isPositive();
    assertThat(GO.parse("v2.0.0+incompatible")).isEqualTo(GO.parse("2.0.0"));
    // pseudo-versions are prereleases: before the release they precede, after the one they follow
    assertThat(GO.compare("v0.0.0-20191109021931-daa7c04131f5", "v0.0.0")).isNegative();
    assertThat(GO.compare("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3")).isPositive();
    assertThat(GO.compare("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4")).isNegative();
    assertThat(GO.compare("v1.2.4-pre.0.20191109021931-daa7c04131f5", "v1.2.4-pre")).isPositive();
    assertThat(
            GO.compare("v0.0.0-20191109021931-daa7c04131f5", "0.0.0-20200101000000-0123456789ab"))
        .isNegative();
    assertThat(GO.compare("v1.10.0", "v1.9.9")).isPositive();
  }

  @Test
  void refusesGarbage() {
    for (String bad :
        new String[] {"", "v", "vv1.0.0", "v01.0.0", "v1.0.0-", "v1.0.0-01", "v1.0.0+", "1.0.0 "}) {
      assertThatThrownBy(() -> GO.parse(bad)).isInstanceOf(InvalidVersionException.class);
    }
    assertThatThrownBy(() -> GO.parse("v1.0.0-" + "a".repeat(300)))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer than 256");
  }
}
