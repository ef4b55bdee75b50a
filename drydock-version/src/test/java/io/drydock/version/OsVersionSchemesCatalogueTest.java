package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OS package schemes are in the catalogue, found by name, and report bad input in one short
 * line.
 */
class OsVersionSchemesCatalogueTest {
  @Test
  void catalogueListsTheOsPackageSchemes() {
    assertThat(VersionSchemes.all())
        .contains(
            DebianVersionScheme.INSTANCE, RpmVersionScheme.INSTANCE, AlpineVersionScheme.INSTANCE);
  }

  @Test
  void byNameFindsThem() {
    assertThat(VersionSchemes.byName("deb")).containsInstanceOf(DebianVersionScheme.class);
    assertThat(VersionSchemes.byName("rpm")).containsInstanceOf(RpmVersionScheme.class);
    assertThat(VersionSchemes.byName("apk")).containsInstanceOf(AlpineVersionScheme.class);
    assertThat(VersionSchemes.byName("apk").orElseThrow().parse("1.0-r0").scheme())
        .isSameAs(VersionSchemes.byName("apk").orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"deb", "rpm", "apk"})
  void hostileInputGivesOneShortLine(String name) {
    VersionScheme scheme = VersionSchemes.byName(name).orElseThrow();
    String hostile = "1\n\u0000" + "x".repeat(1_000_000);
    InvalidVersionException e =
        catchThrowableOfType(InvalidVersionException.class, () -> scheme.parse(hostile));
    assertThat(e.getMessage())
        .startsWith("invalid " + name + " version \"1\\n\\u0000xxx")
        .contains("(1000003 chars)")
        .doesNotContain("\n")
        .hasSizeLessThan(200);
    InvalidVersionException control =
        catchThrowableOfType(InvalidVersionException.class, () -> scheme.parse("1.0\n-1"));
    assertThat(control.getMessage()).contains("1.0\\n-1").doesNotContain("\n");
  }
}
