package io.drydock.sbom.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpdxLicensesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "MIT",
        "Apache-2.0",
        "GPL-2.0-or-later",
        "GPL-2.0+",
        "(MIT OR CC0-1.0)",
        "MIT AND (LGPL-2.1-or-later OR BSD-3-Clause)",
        "GPL-2.0-only WITH Classpath-exception-2.0"
      })
  void valid(String expression) {
    assertThat(SpdxLicenses.isValidExpression(expression)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "BSD License",
        "public-domain",
        "MIT or Apache-2.0",
        "(MIT",
        "MIT AND",
        "LicenseRef-custom",
        "GPL-2.0-only WITH NoSuchException"
      })
  void invalid(String expression) {
    assertThat(SpdxLicenses.isValidExpression(expression)).isFalse();
  }
}
