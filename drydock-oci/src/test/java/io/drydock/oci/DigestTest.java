package io.drydock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
  @Test
  void sha256OfKnownContent() {
    assertThat(Digest.sha256("".getBytes(StandardCharsets.UTF_8)))
        .hasToString("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void parsesSha256AndSha512() {
    Digest d = Digest.parse("sha512:" + "ab".repeat(64));
    assertThat(d.algorithm()).isEqualTo("sha512");
    assertThat(d.blobPath()).isEqualTo("blobs/sha512/" + "ab".repeat(64));
    assertThat(Digest.parse("sha256:" + "0".repeat(64)).shortHex()).isEqualTo("000000000000");
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> Digest.parse("sha256")).hasMessageContaining("expected algorithm:hex");
    assertThatThrownBy(() -> Digest.parse("md5:" + "0".repeat(32)))
        .hasMessageContaining("unsupported digest algorithm \"md5\"");
    assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64)))
        .hasMessageContaining("64 lower-case hex digits");
    assertThatThrownBy(() -> Digest.parse("sha256:" + "0".repeat(63)))
        .hasMessageContaining("invalid sha256 digest");
    assertThatThrownBy(() -> Digest.parse("sha256:../../etc/passwd" + "0".repeat(48)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
