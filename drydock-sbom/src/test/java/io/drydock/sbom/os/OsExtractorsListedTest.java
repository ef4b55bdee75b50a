package io.drydock.sbom.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.sbom.Extractor;
import io.drydock.sbom.Extractors;
import org.junit.jupiter.api.Test;

class OsExtractorsListedTest {
  @Test
  void osExtractorsAreInTheCatalogue() {
    assertThat(Extractors.all())
        .extracting(Extractor::name)
        .contains("os/release", "os/dpkg", "os/apk")
        .doesNotHaveDuplicates();
    assertThat(Extractors.all())
        .filteredOn(x -> x.name().startsWith("os/"))
        .allSatisfy(x -> assertThat(x.version()).isPositive());
  }
}
