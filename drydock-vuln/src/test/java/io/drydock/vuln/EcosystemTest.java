package io.drydock.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EcosystemTest {
  @Test
  void distroReleases() {
    assertThat(Ecosystem.parse("Debian:12").release()).isEqualTo("12");
    assertThat(Ecosystem.parse("Alpine:v3.19").release()).isEqualTo("v3.19");
    assertThat(Ecosystem.parse("Rocky Linux:9").known()).contains(KnownEcosystem.ROCKY_LINUX);
    assertThat(Ecosystem.parse("AlmaLinux:9").release()).isEqualTo("9");
    assertThat(Ecosystem.parse("Red Hat:rhel_aus:8.4::appstream").release())
        .isEqualTo("rhel_aus:8.4::appstream");
    assertThat(Ecosystem.parse("Wolfi").release()).isEmpty();
    Ecosystem lts = Ecosystem.parse("Ubuntu:22.04:LTS");
    assertThat(lts.release()).isEqualTo("22.04");
    assertThat(lts.qualifiers()).containsExactly("LTS");
    Ecosystem pro = Ecosystem.parse("Ubuntu:Pro:18.04:LTS");
    assertThat(pro.release()).isEqualTo("18.04");
    assertThat(pro.qualifiers()).containsExactly("Pro", "LTS");
    assertThat(Ecosystem.parse("Ubuntu:22.04").qualifiers()).isEmpty();
    assertThat(Ecosystem.parse("Maven:https://maven.google.com").release())
        .isEqualTo("https://maven.google.com");
  }

  @Test
  void schemes() {
    record Case(String ecosystem, String scheme) {}
    for (Case c :
        List.of(
            new Case("Debian:12", "deb"),
            new Case("Ubuntu:22.04:LTS", "deb"),
            new Case("Alpine:v3.19", "apk"),
            new Case("Wolfi", "apk"),
            new Case("Chainguard", "apk"),
            new Case("Red Hat:rhel_aus:8.4::appstream", "rpm"),
            new Case("Rocky Linux:9", "rpm"),
            new Case("AlmaLinux:9", "rpm"),
            new Case("SUSE:SUSE Linux Enterprise Server 15 SP5", "rpm"),
            new Case("openSUSE:Tumbleweed", "rpm"),
            new Case("Maven", "maven"),
            new Case("npm", "npm"),
            new Case("PyPI", "pypi"),
            new Case("Go", "go"),
            new Case("RubyGems", "gem"),
            new Case("crates.io", "cargo"),
            new Case("NuGet", "nuget"),
            new Case("Packagist", "composer"),
            new Case("Pub", "pub"),
            new Case("Hackage", "hackage"),
            new Case("CRAN", "cran"))) {
      assertThat(Ecosystem.parse(c.ecosystem).versionScheme())
          .as(c.ecosystem)
          .hasValueSatisfying(s -> assertThat(s.name()).isEqualTo(c.scheme));
    }
    for (String none : List.of("Hex", "GHC", "Bioconductor", "GitHub Actions", "Julia")) {
      assertThat(Ecosystem.parse(none).known()).as(none).isPresent();
      assertThat(Ecosystem.parse(none).versionScheme()).as(none).isEmpty();
    }
  }

  @Test
  void everyDeclaredSchemeExists() {
    for (KnownEcosystem k : KnownEcosystem.values()) {
      k.schemeName()
          .ifPresent(
              n ->
                  assertThat(io.drydock.version.VersionSchemes.byName(n))
                      .as(k.osvName())
                      .isPresent());
      assertThat(Ecosystem.parse(k.osvName()).known()).contains(k);
    }
  }

  @Test
  void unknownAndMisspeltEcosystemsMatchNothing() {
    for (String bad : List.of("pypi", "NPM", "Github Actions", "Debain:12", "", "maven")) {
      Ecosystem e = Ecosystem.parse(bad);
      assertThat(e.known()).as(bad).isEmpty();
      assertThat(e.matches(e)).as(bad).isFalse();
      assertThat(e.versionScheme()).as(bad).isEmpty();
    }
    assertThat(Ecosystem.parse("GitHub Actions").matches(Ecosystem.parse("npm"))).isFalse();
  }

  @Test
  void releaseScoping() {
    assertThat(Ecosystem.parse("Debian:12").matches(Ecosystem.parse("Debian:12"))).isTrue();
    assertThat(Ecosystem.parse("Debian:12").matches(Ecosystem.parse("Debian:11"))).isFalse();
    assertThat(Ecosystem.parse("Debian").matches(Ecosystem.parse("Debian:11"))).isTrue();
    assertThat(Ecosystem.parse("Debian:12").matches(Ecosystem.parse("Ubuntu:22.04:LTS"))).isFalse();
    assertThat(Ecosystem.parse("Ubuntu:Pro:22.04:LTS").matches(Ecosystem.parse("Ubuntu:22.04:LTS")))
        .isFalse();
    assertThat(Ecosystem.parse("Ubuntu:22.04:LTS").matches(Ecosystem.parse("Ubuntu:22.04:LTS")))
        .isTrue();
    assertThat(Ecosystem.of(KnownEcosystem.ALPINE, "v3.19"))
        .isEqualTo(Ecosystem.parse("Alpine:v3.19"));
  }

  @Test
  void nameNormalisation() {
    Ecosystem pypi = Ecosystem.parse("PyPI");
    assertThat(pypi.normalizeName("Zope.Interface")).isEqualTo("zope-interface");
    assertThat(pypi.normalizeName("typing__extensions")).isEqualTo("typing-extensions");
    assertThat(pypi.normalizeName("PyYAML")).isEqualTo("pyyaml");
    assertThat(Ecosystem.parse("Maven").normalizeName("Org.Foo:Bar")).isEqualTo("Org.Foo:Bar");
    assertThat(Ecosystem.parse("npm").normalizeName("JSONStream")).isEqualTo("JSONStream");
    assertThat(Ecosystem.parse("Go").normalizeName("github.com/BurntSushi/toml"))
        .isEqualTo("github.com/BurntSushi/toml");
    assertThat(Ecosystem.parse("NuGet").normalizeName("Newtonsoft.Json"))
        .isEqualTo("newtonsoft.json");
    assertThat(Ecosystem.parse("Debian:12").normalizeName("Linux")).isEqualTo("Linux");
  }
}
