package io.drydock.vuln.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.sbom.Component;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MatchersTest {
  /** Every concrete Matcher class compiled into this package. */
  static Set<Class<?>> matcherClasses()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path classes =
        Path.of(Matcher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/drydock/vuln/match");
    try (Stream<Path> files = Files.list(classes)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".class") && !n.contains("$"))
              .map(n -> "io.drydock.vuln.match." + n.substring(0, n.length() - 6))
              .toList();
      assertThat(names).contains("io.drydock.vuln.match.DpkgMatcher");
      Set<Class<?>> out = new java.util.HashSet<>();
      for (String n : names) {
        Class<?> c = Class.forName(n);
        if (Matcher.class.isAssignableFrom(c)
            && !c.isInterface()
            && !Modifier.isAbstract(c.getModifiers())) {
          out.add(c);
        }
      }
      return out;
    }
  }

  @Test
  void catalogueListsEveryMatcherOnceWithUniqueNames() throws Exception {
    Set<Class<?>> listed =
        Matchers.all().stream().map(Object::getClass).collect(Collectors.toSet());
    assertThat(listed).hasSize(Matchers.all().size());
    assertThat(listed).containsExactlyInAnyOrderElementsOf(matcherClasses());
    assertThat(Matchers.all()).extracting(Matcher::name).doesNotHaveDuplicates();
  }

  @Test
  void eachComponentTypeHasOneMatcherAndOsOwnedLanguagePackagesNone() {
    for (String type :
        List.of(
            "deb",
            "apk",
            "rpm",
            "maven",
            "npm",
            "pypi",
            "golang",
            "gem",
            "cargo",
            "nuget",
            "composer",
            "pub",
            "hackage",
            "cran")) {
      Component c = new Component(Package.of(type, "x", "1", "x"), "x", 0, false);
      assertThat(Matchers.all().stream().filter(m -> m.handles(c, null))).as(type).hasSize(1);
    }
    for (String type :
        List.of(
            "maven",
            "npm",
            "pypi",
            "golang",
            "gem",
            "cargo",
            "nuget",
            "composer",
            "pub",
            "hackage",
            "cran")) {
      Component owned = new Component(Package.of(type, "x", "1", "x"), "x", 0, true);
      assertThat(Matchers.all().stream().filter(m -> m.handles(owned, null))).as(type).isEmpty();
    }
    Component ownedDeb = new Component(Package.of("deb", "x", "1", "x"), "os/dpkg", 0, true);
    assertThat(Matchers.all().stream().filter(m -> m.handles(ownedDeb, null))).hasSize(1);
    Component unknown = new Component(Package.of("swift", "x", "1", "x"), "x", 0, false);
    assertThat(Matchers.all().stream().filter(m -> m.handles(unknown, null))).isEmpty();
  }
}
