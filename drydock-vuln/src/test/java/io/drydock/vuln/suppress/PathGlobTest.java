package io.drydock.vuln.suppress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathGlobTest {
  @ParameterizedTest
  @CsvSource({
    "usr/lib/**, usr/lib/python3/dist-packages/x/METADATA, true",
    "/usr/lib/**, usr/lib/x, true",
    "usr/lib/*, usr/lib/python3/x, false",
    "usr/lib/*/x, usr/lib/python3/x, true",
    "**/log4j-core-*.jar, app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar, true",
    "**/METADATA, METADATA, true",
    "app/?.jar, app/a.jar, true",
    "app/?.jar, app/ab.jar, false",
    "app/a+b(1).jar, app/a+b(1).jar, true",
    "app/a.jar, app/aXjar, false",
  })
  void doublestarSemantics(String pattern, String path, boolean expected) {
    assertThat(new PathGlob(pattern).matches(path)).isEqualTo(expected);
  }
}
