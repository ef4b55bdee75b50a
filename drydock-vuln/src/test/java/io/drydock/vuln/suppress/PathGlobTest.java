package io.drydock.vuln.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
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
    "**/lib/**/x.jar, a/lib/b/c/x.jar, true",
    "**/lib/**/x.jar, lib/x.jar, true",
    "**/lib/**/x.jar, a/libx/x.jar, false",
    "usr/**, usr, false",
    "*, a/b, false",
    "**, a/b, true",
  })
  void doublestarSemantics(String pattern, String path, boolean expected) {
    assertThat(new PathGlob(pattern).matches(path)).isEqualTo(expected);
  }

  @Test
  void patternsThatWouldBacktrackStayLinear() {
    String pattern = "**a".repeat(300) + "b";
    String path = "a".repeat(1000);
    // a backtracking matcher takes astronomically long here
    assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> assertThat(new PathGlob(pattern).matches(path)).isFalse());
  }

  @Test
  void overlongPatternsAreRefused() {
    assertThatThrownBy(() -> new PathGlob("a".repeat(PathGlob.MAX_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
