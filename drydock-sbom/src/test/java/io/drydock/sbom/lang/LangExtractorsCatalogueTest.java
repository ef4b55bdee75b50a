package io.drydock.sbom.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.sbom.Extractor;
import io.drydock.sbom.Extractors;
import java.util.List;
import org.junit.jupiter.api.Test;

class LangExtractorsCatalogueTest {
  @Test
  void langExtractorsAreListedOnceWithTheirStableNames() {
    List<Extractor> all = Extractors.all();

    assertThat(all)
        .filteredOn(e -> e.getClass().getPackageName().equals("io.drydock.sbom.lang"))
        .extracting(Extractor::name)
        .containsExactlyInAnyOrder("lang/java", "lang/npm", "lang/python");
    assertThat(all).extracting(Extractor::name).doesNotHaveDuplicates();
    assertThat(all).allSatisfy(e -> assertThat(e.version()).isPositive());
  }
}
