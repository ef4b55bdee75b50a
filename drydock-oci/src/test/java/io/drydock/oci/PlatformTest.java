package io.drydock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlatformTest {
  @Test
  void parsesAndNormalises() {
    assertThat(Platform.parse("linux/amd64")).isEqualTo(Platform.LINUX_AMD64);
    assertThat(Platform.parse("linux/x86_64")).isEqualTo(Platform.LINUX_AMD64);
    assertThat(Platform.parse("linux/arm64/v8")).hasToString("linux/arm64/v8");
    assertThat(Platform.parse("Linux/AARCH64")).hasToString("linux/arm64");
  }

  @Test
  void matchesWithVariantDefaults() {
    Platform arm64 = new Platform("linux", "arm64", null, null);
    assertThat(Platform.parse("linux/arm64/v8").matches(arm64)).isTrue();
    assertThat(Platform.parse("linux/arm64").matches(new Platform("linux", "arm64", "v8", null)))
        .isTrue();
    assertThat(Platform.parse("linux/arm/v6").matches(new Platform("linux", "arm", null, null)))
        .isFalse();
    assertThat(Platform.parse("linux/amd64").matches(arm64)).isFalse();
    assertThat(Platform.parse("windows/amd64").matches(Platform.LINUX_AMD64)).isFalse();
  }

  @Test
  void rejectsMalformed() {
    for (String bad : new String[] {"linux", "linux/", "/amd64", "a/b/c/d", "linux/am d64"}) {
      assertThatThrownBy(() -> Platform.parse(bad))
          .hasMessageStartingWith("invalid platform \"" + bad + "\"");
    }
  }
}
