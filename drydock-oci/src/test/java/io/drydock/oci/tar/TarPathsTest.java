package io.drydock.oci.tar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TarPathsTest {
  @Test
  void normalisesRelativeNames() {
    assertThat(TarPaths.normalise("./a/b")).contains("a/b");
    assertThat(TarPaths.normalise("a//b/./c/")).contains("a/b/c");
    assertThat(TarPaths.normalise("a/../b")).contains("b");
    assertThat(TarPaths.normalise("./")).contains("");
  }

  @Test
  void refusesEscapesAbsoluteAndNul() {
    assertThat(TarPaths.normalise("../etc/passwd")).isEmpty();
    assertThat(TarPaths.normalise("a/../../b")).isEmpty();
    assertThat(TarPaths.normalise("/etc/passwd")).isEmpty();
    assertThat(TarPaths.normalise("a\0b")).isEmpty();
    assertThat(TarPaths.normalise("a/".repeat(3000))).isEmpty();
  }

  @Test
  void resolvesSymlinkChainsInsideTheRoot() {
    Map<String, String> links =
        Map.of(
            "bin", "usr/bin",
            "usr/bin/sh", "dash",
            "escape", "../../../../etc",
            "abs", "/etc",
            "loop1", "loop2",
            "loop2", "loop1");
    assertThat(TarPaths.resolveInRoot("bin/sh", links::get)).contains("usr/bin/dash");
    assertThat(TarPaths.resolveInRoot("escape/passwd", links::get)).contains("etc/passwd");
    assertThat(TarPaths.resolveInRoot("abs/shadow", links::get)).contains("etc/shadow");
    assertThat(TarPaths.resolveInRoot("loop1/x", links::get)).isEqualTo(Optional.empty());
  }
}
