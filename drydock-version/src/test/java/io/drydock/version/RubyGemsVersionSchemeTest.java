package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.version.JsonlVectors.Row;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * rubygems.jsonl (RubyGems' own tests) and OSV's RubyGems fixtures.
 *
 * <p>Choice: OSV's fixtures order {@code 1beta} and {@code 1gamma}, which Gem::Version refuses
 * ("Malformed version number string"). Drydock follows Gem::Version: for the two rows in {@link
 * #MALFORMED} the test asserts that {@code parse} throws for that side and accepts the other.
 */
class RubyGemsVersionSchemeTest {
  private static final RubyGemsVersionScheme GEM = new RubyGemsVersionScheme();

  /** Versions OSV orders but Gem::Version rejects (osv-scalibr/rubygems-versions.jsonl). */
  static final Set<String> MALFORMED = Set.of("1beta", "1gamma");

  static Stream<Arguments> rubygems() {
    return rows("rubygems.jsonl");
  }

  static Stream<Arguments> osv() {
    return Stream.concat(
        rows("osv-scalibr/rubygems-versions.jsonl"),
        rows("osv-scalibr/rubygems-versions-generated.jsonl"));
  }

  private static Stream<Arguments> rows(String file) {
    return JsonlVectors.read(file).stream().map(r -> Arguments.of(Named.of(r.comparisonName(), r)));
  }

  @ParameterizedTest
  @MethodSource("rubygems")
  void rubygemsJsonl(Row row) {
    assertOrder(row.text("a"), row.text("b"), row.integer("cmp"));
  }

  @ParameterizedTest
  @MethodSource("osv")
  void osvScalibr(Row row) {
    String a = row.text("a");
    String b = row.text("b");
    if (MALFORMED.contains(a) || MALFORMED.contains(b)) {
      for (String v : new String[] {a, b}) {
        if (MALFORMED.contains(v)) {
          assertThatThrownBy(() -> GEM.parse(v))
              .isInstanceOf(InvalidVersionException.class)
              .hasMessageContaining("gem")
              .hasMessageContaining(v);
        } else {
          assertThat(GEM.parse(v).raw()).isEqualTo(v);
        }
      }
      return;
    }
    assertOrder(a, b, row.integer("cmp"));
  }

  /** The override list is exactly the rows the vectors note as rejected by Gem::Version. */
  @Test
  void malformedRowsAreExactlyTheNotedOnes() {
    assertThat(
            Stream.concat(
                    JsonlVectors.read("osv-scalibr/rubygems-versions.jsonl").stream(),
                    JsonlVectors.read("osv-scalibr/rubygems-versions-generated.jsonl").stream())
                .filter(r -> r.note().contains("rejects a version"))
                .map(r -> MALFORMED.contains(r.text("a")) ? r.text("a") : r.text("b"))
                .collect(Collectors.toSet()))
        .isEqualTo(MALFORMED);
  }

  private static void assertOrder(String a, String b, int cmp) {
    assertThat(GEM.compare(a, b)).as("compare(a, b)").isEqualTo(cmp);
    assertThat(GEM.compare(b, a)).as("compare(b, a)").isEqualTo(-cmp);
    assertThat(GEM.parse(a).equals(GEM.parse(b))).as("equals").isEqualTo(cmp == 0);
    if (cmp == 0) {
      assertThat(GEM.parse(a).hashCode()).isEqualTo(GEM.parse(b).hashCode());
    }
  }

  @Test
  void prereleasesAndDashes() {
    assertThat(GEM.compare("1.0.0-1", "1.0.0")).isNegative(); // "-" means ".pre."
    assertThat(GEM.compare("1.0.0-1", "1.0.0.pre.1")).isZero();
    assertThat(GEM.parse("2.0.rc1").prerelease()).isTrue();
    assertThat(GEM.parse("2.0.1").prerelease()).isFalse();
    assertThat(GEM.compare("", "0")).isZero();
    assertThat(GEM.compare("1.0.b1", "1.0.a.2")).isPositive();
  }

  @Test
  void refusesGarbage() {
    for (String bad : new String[] {"junk", "1..2", "1.0-", "1.0\n2", ".1", "1.0.0 beta"}) {
      assertThatThrownBy(() -> GEM.parse(bad)).isInstanceOf(InvalidVersionException.class);
    }
    assertThatThrownBy(() -> GEM.parse("1." + "0".repeat(300)))
        .isInstanceOf(InvalidVersionException.class);
  }
}
