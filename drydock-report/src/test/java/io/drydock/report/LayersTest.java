package io.drydock.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LayersTest {
  @Test
  void shortensCreatedBy() {
    assertThat(Layers.shortCreatedBy(null)).isEmpty();
    assertThat(Layers.shortCreatedBy("/bin/sh -c #(nop)  CMD [\"java\", \"-jar\", \"app.jar\"]"))
        .isEqualTo("CMD [\"java\", \"-jar\", \"app.jar\"]");
    assertThat(Layers.shortCreatedBy("/bin/sh -c apt-get update &&\n\tapt-get install -y curl"))
        .isEqualTo("apt-get update && apt-get install -y curl");
    String longCommand = "RUN " + "x".repeat(200);
    assertThat(Layers.shortCreatedBy(longCommand)).hasSize(Layers.CREATED_BY_MAX).endsWith("...");
  }

  @Test
  void shortensDigests() {
    assertThat(Layers.shortDigest(SampleScans.BASE_DIFF_ID)).isEqualTo("sha256:0a1b2c3d4e5f");
    assertThat(Layers.shortDigest("sha256:abc")).isEqualTo("sha256:abc");
    assertThat(Layers.shortDigest(null)).isEmpty();
  }
}
