package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /** Every concrete VersionScheme compiled into the package is in the catalogue, once. */
  @Test
  void catalogueHoldsEveryImplementation() throws Exception {
    Path classes =
        Path.of(VersionScheme.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/drydock/version");
    Set<Class<?>> implementations = new HashSet<>();
    try (Stream<Path> files = Files.list(classes)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".class") && !n.contains("$")) {
          Class<?> c = Class.forName("io.drydock.version." + n.substring(0, n.length() - 6));
          if (VersionScheme.class.isAssignableFrom(c)
              && !c.isInterface()
              && !Modifier.isAbstract(c.getModifiers())) {
            implementations.add(c);
          }
        }
      }
    }
    assertThat(implementations).contains(CargoVersionScheme.class, CranVersionScheme.class);
    assertThat(VersionSchemes.all().stream().map(Object::getClass).collect(Collectors.toList()))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(implementations);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cargo", "nuget", "composer", "pub", "hackage", "cran"})
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
