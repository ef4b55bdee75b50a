package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The OS package schemes are in the catalogue and found by name. */
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
}
