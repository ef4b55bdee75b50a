package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The language-ecosystem schemes are in the catalogue under their documented names. */
class LanguageSchemesCatalogueTest {
  @Test
  void catalogueListsMavenNpmGoAndGem() {
    assertThat(VersionSchemes.all())
        .hasAtLeastOneElementOfType(MavenVersionScheme.class)
        .hasAtLeastOneElementOfType(NpmVersionScheme.class)
        .hasAtLeastOneElementOfType(GoVersionScheme.class)
        .hasAtLeastOneElementOfType(RubyGemsVersionScheme.class);
    assertThat(VersionSchemes.byName("maven")).containsInstanceOf(MavenVersionScheme.class);
    assertThat(VersionSchemes.byName("npm")).containsInstanceOf(NpmVersionScheme.class);
    assertThat(VersionSchemes.byName("go")).containsInstanceOf(GoVersionScheme.class);
    assertThat(VersionSchemes.byName("gem")).containsInstanceOf(RubyGemsVersionScheme.class);
  }

  @Test
  void parsedVersionsNameTheirScheme() {
    for (String name : new String[] {"maven", "npm", "go", "gem"}) {
      VersionScheme scheme = VersionSchemes.byName(name).orElseThrow();
      assertThat(scheme.parse("1.2.3").scheme().name()).isEqualTo(name);
    }
  }
}
