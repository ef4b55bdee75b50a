package io.drydock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {
  static final String HEX = "74c1a943336e907f85721db2bed8616f53423de5444581ee162eeee0605ce1fd";

  @ParameterizedTest
  @CsvSource({
    "debian, docker.io, library/debian, latest, docker.io/library/debian:latest",
    "ubuntu:22.04, docker.io, library/ubuntu, 22.04, docker.io/library/ubuntu:22.04",
    "foo/bar, docker.io, foo/bar, latest, docker.io/foo/bar:latest",
    "docker.io/debian, docker.io, library/debian, latest, docker.io/library/debian:latest",
    "index.docker.io/library/debian:12, docker.io, library/debian, 12, docker.io/library/debian:12",
    "docker://debian:bookworm, docker.io, library/debian, bookworm, docker.io/library/debian:bookworm",
    "localhost/foo, localhost, foo, latest, localhost/foo:latest",
    "localhost:5000/foo/bar:t, localhost:5000, foo/bar, t, localhost:5000/foo/bar:t",
    "127.0.0.1:5000/debian:bookworm-v1, 127.0.0.1:5000, debian, bookworm-v1, 127.0.0.1:5000/debian:bookworm-v1",
    "ghcr.io/a/b/c/d:1.0_rc-1, ghcr.io, a/b/c/d, 1.0_rc-1, ghcr.io/a/b/c/d:1.0_rc-1",
    "[::1]:5000/foo, [::1]:5000, foo, latest, [::1]:5000/foo:latest",
    "Example.COM/foo, Example.COM, foo, latest, Example.COM/foo:latest",
    "foo__bar/a.b-c--d, docker.io, foo__bar/a.b-c--d, latest, docker.io/foo__bar/a.b-c--d:latest",
  })
  void parsesAndNormalises(
      String input, String registry, String repository, String tag, String canonical) {
    ImageRef ref = ImageRef.parse(input);
    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isNull();
    assertThat(ref).hasToString(canonical);
  }

  @org.junit.jupiter.api.Test
  void digestReferences() {
    ImageRef byDigest = ImageRef.parse("example.com:443/foo@sha256:" + HEX);
    assertThat(byDigest.tag()).isNull();
    assertThat(byDigest.digest()).isEqualTo(Digest.parse("sha256:" + HEX));
    assertThat(byDigest.reference()).isEqualTo("sha256:" + HEX);

    ImageRef both = ImageRef.parse("debian:12@sha256:" + HEX);
    assertThat(both.tag()).isEqualTo("12");
    assertThat(both.reference()).isEqualTo("sha256:" + HEX);
    assertThat(both.familiar()).isEqualTo("debian:12@sha256:" + HEX);
  }

  @org.junit.jupiter.api.Test
  void apiHostAndLoopback() {
    assertThat(ImageRef.parse("debian").apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(ImageRef.parse("127.0.0.1:5000/x").isLoopbackRegistry()).isTrue();
    assertThat(ImageRef.parse("127.9.8.7/x").isLoopbackRegistry()).isTrue();
    assertThat(ImageRef.parse("localhost:1/x").isLoopbackRegistry()).isTrue();
    assertThat(ImageRef.parse("[::1]:5000/x").isLoopbackRegistry()).isTrue();
    assertThat(ImageRef.parse("registry.example.com/x").isLoopbackRegistry()).isFalse();
    assertThat(ImageRef.parse("128.0.0.1/x").isLoopbackRegistry()).isFalse();
    assertThat(ImageRef.parse("debian").isLoopbackRegistry()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "UPPER",
        "foo:tag:extra",
        "foo___bar",
        "-foo",
        "foo/",
        "foo//bar",
        "foo@sha256:abc",
        "foo@md5:d41d8cd98f00b204e9800998ecf8427e",
        "foo:-bad",
        "example.com:port/foo",
        "docker://",
      })
  void rejectsInvalid(String input) {
    assertThatThrownBy(() -> ImageRef.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid image reference \"" + input + "\"");
  }

  @org.junit.jupiter.api.Test
  void rejectsOverlongTagAndName() {
    assertThatThrownBy(() -> ImageRef.parse("foo:" + "a".repeat(129)))
        .hasMessageContaining("invalid tag");
    assertThatThrownBy(() -> ImageRef.parse("example.com/" + "a".repeat(250)))
        .hasMessageContaining("longer than 255");
  }
}
