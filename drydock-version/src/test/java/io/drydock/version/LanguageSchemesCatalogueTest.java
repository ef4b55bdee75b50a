package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The language-ecosystem schemes are in the catalogue under their documented names. */
class LanguageSchemesCatalogueTest {
  @Test
  void catalogueListsTheLanguageSchemes() {
    assertThat(VersionSchemes.all())
        .hasAtLeastOneElementOfType(MavenVersionScheme.class)
        .hasAtLeastOneElementOfType(NpmVersionScheme.class)
        .hasAtLeastOneElementOfType(GoVersionScheme.class)
        .hasAtLeastOneElementOfType(RubyGemsVersionScheme.class)
        .hasAtLeastOneElementOfType(CargoVersionScheme.class)
        .hasAtLeastOneElementOfType(NuGetVersionScheme.class)
        .hasAtLeastOneElementOfType(ComposerVersionScheme.class)
        .hasAtLeastOneElementOfType(PubVersionScheme.class)
        .hasAtLeastOneElementOfType(HackageVersionScheme.class)
        .hasAtLeastOneElementOfType(CranVersionScheme.class);
    assertThat(VersionSchemes.byName("maven")).containsInstanceOf(MavenVersionScheme.class);
    assertThat(VersionSchemes.byName("npm")).containsInstanceOf(NpmVersionScheme.class);
    assertThat(VersionSchemes.byName("go")).containsInstanceOf(GoVersionScheme.class);
    assertThat(VersionSchemes.byName("gem")).containsInstanceOf(RubyGemsVersionScheme.class);
    assertThat(VersionSchemes.byName("cargo")).containsInstanceOf(CargoVersionScheme.class);
    assertThat(VersionSchemes.byName("nuget")).containsInstanceOf(NuGetVersionScheme.class);
    assertThat(VersionSchemes.byName("composer")).containsInstanceOf(ComposerVersionScheme.class);
    assertThat(VersionSchemes.byName("pub")).containsInstanceOf(PubVersionScheme.class);
    assertThat(VersionSchemes.byName("hackage")).containsInstanceOf(HackageVersionScheme.class);
    assertThat(VersionSchemes.byName("cran")).containsInstanceOf(CranVersionScheme.class);
  }

  @Test
  void schemeNamesAreUnique() {
    assertThat(VersionSchemes.all()).extracting(VersionScheme::name).doesNotHaveDuplicates();
  }

  @Test
  void parsedVersionsNameTheirScheme() {
    for (String name :
        new String[] {
          "maven", "npm", "go", "gem", "cargo", "nuget", "composer", "pub", "hackage", "cran"
        }) {
      VersionScheme scheme = VersionSchemes.byName(name).orElseThrow();
      assertThat(scheme.parse("1.2.3").scheme().name()).isEqualTo(name);
    }
  }
}
