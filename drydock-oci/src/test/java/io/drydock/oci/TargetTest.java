package io.drydock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void parsesEveryTransport() {
    assertThat(Target.parse("debian:12"))
        .isEqualTo(new Target.Registry(ImageRef.parse("docker.io/library/debian:12")));
    assertThat(Target.parse("docker://127.0.0.1:5000/app:1"))
        .isEqualTo(new Target.Registry(ImageRef.parse("127.0.0.1:5000/app:1")));
    assertThat(Target.parse("oci:/tmp/layout"))
        .isEqualTo(new Target.OciLayout(Path.of("/tmp/layout"), null));
    assertThat(Target.parse("oci:/tmp/layout:app-1.0"))
        .isEqualTo(new Target.OciLayout(Path.of("/tmp/layout"), "app-1.0"));
    assertThat(Target.parse("oci-archive:x.tar:v1"))
        .isEqualTo(new Target.OciArchive(Path.of("x.tar"), "v1"));
    assertThat(Target.parse("docker-archive:x.tar:debian:bookworm"))
        .isEqualTo(new Target.DockerArchive(Path.of("x.tar"), "debian:bookworm"));
    assertThat(Target.parse("docker-archive:x.tar:@1"))
        .isEqualTo(new Target.DockerArchive(Path.of("x.tar"), "@1"));
    assertThat(Target.parse("dir:/rootfs")).isEqualTo(new Target.Rootfs(Path.of("/rootfs")));
    assertThat(Target.parse("sbom:bom.json")).isEqualTo(new Target.Sbom(Path.of("bom.json")));
    assertThat(Target.parse("oci:/tmp/layout:app").describe()).isEqualTo("oci:/tmp/layout:app");
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> Target.parse("oci:")).hasMessageContaining("missing path");
    assertThatThrownBy(() -> Target.parse("oci:/x:")).hasMessageContaining("empty reference");
    assertThatThrownBy(() -> Target.parse("docker:debian")).hasMessageContaining("docker://");
    assertThatThrownBy(() -> Target.parse("  ")).hasMessageContaining("empty target");
    assertThatThrownBy(() -> Target.parse("Not A Ref"))
        .hasMessageStartingWith("invalid image reference");
  }
}
