package io.drydock.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The catalogue is explicit, so a test proves it lists every extractor the module has. */
class ExtractorsTest {
  @Test
  void catalogueListsEveryExtractorClassOnceWithUniqueNames() throws Exception {
    Set<Class<?>> implementations = new HashSet<>();
    Path classes =
        Path.of(Extractors.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> c = Class.forName(name, false, getClass().getClassLoader());
        if (Extractor.class.isAssignableFrom(c)
            && !c.isInterface()
            && !Modifier.isAbstract(c.getModifiers())
            && !c.isAnonymousClass()) {
          implementations.add(c);
        }
      }
    }
    List<Extractor> all = Extractors.all();
    assertThat(implementations).hasSizeGreaterThanOrEqualTo(5);
    assertThat(all.stream().map(Object::getClass).toList())
        .containsExactlyInAnyOrderElementsOf(implementations);
    assertThat(all.stream().map(Extractor::name).distinct().count()).isEqualTo(all.size());
    assertThat(all).allSatisfy(x -> assertThat(x.name()).matches("[a-z]+/[a-z0-9-]+"));
  }
}
