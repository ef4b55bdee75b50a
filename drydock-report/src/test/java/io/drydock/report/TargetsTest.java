package io.drydock.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.sbom.Component;
import io.drydock.sbom.Package;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Language packages are grouped under the names users know their ecosystems by. */
class TargetsTest {
  @ParameterizedTest
  @CsvSource({
    "maven, Java",
    "npm, Node.js",
    "pypi, Python",
    "golang, Go",
    "gem, Ruby",
    "cargo, Rust",
    "nuget, .NET",
    "composer, PHP",
    "pub, Dart",
    "hackage, Haskell",
    "cran, R",
    "swift, swift"
  })
  void languageTargets(String type, String target) {
    Component c = new Component(Package.of(type, "p", "1.0", "app/p"), "test", 1, false);
    assertThat(Targets.name(null, c)).isEqualTo(target);
  }
}
