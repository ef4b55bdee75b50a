package io.drydock.oci.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.DigestMismatchException;
import io.drydock.oci.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BlobLayerTest {
  static byte[] gzip(byte[] in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(in);
    }
    return out.toByteArray();
  }

  static BlobStore storeOf(byte[] blob) {
    return new BlobStore() {
      @Override
      public InputStream openBlob(Descriptor d) {
        return new ByteArrayInputStream(blob);
      }

      @Override
      public String describe() {
        return "test";
      }
    };
  }

  final byte[] tar = "pretend this is a tar".repeat(1000).getBytes(StandardCharsets.UTF_8);

  @Test
  void verifiesDigestSizeAndDiffId() throws Exception {
    byte[] gz = gzip(tar);
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(gz), gz.length);
    BlobLayer layer = new BlobLayer(storeOf(gz), d, Digest.sha256(tar), "layer 1 of t");
    try (InputStream in = layer.openUncompressed()) {
      assertThat(in.readAllBytes()).isEqualTo(tar);
    }
    try (InputStream in = layer.openCompressed()) {
      assertThat(in.readAllBytes()).isEqualTo(gz);
    }
  }

  @Test
  void gzipLabelledAsPlainTarIsSniffed() throws Exception {
    byte[] gz = gzip(tar);
    Descriptor d = Descriptor.of(MediaTypes.DOCKER_LAYER_TAR, Digest.sha256(gz), gz.length);
    try (InputStream in =
        new BlobLayer(storeOf(gz), d, Digest.sha256(tar), "layer").openUncompressed()) {
      assertThat(in.readAllBytes()).isEqualTo(tar);
    }
  }

  @Test
  void wrongDiffIdNamesTheLayer() throws Exception {
    byte[] gz = gzip(tar);
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(gz), gz.length);
    Digest wrong = Digest.sha256(new byte[1]);
    BlobLayer layer = new BlobLayer(storeOf(gz), d, wrong, "layer 2 of app");
    assertThatThrownBy(() -> layer.openUncompressed().readAllBytes())
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("layer 2 of app")
        .hasMessageContaining("expected " + wrong);
  }

  @Test
  void wrongBlobDigestAndTruncationAndOversize() {
    byte[] blob = tar;
    Digest other = Digest.sha256(new byte[] {1});
    Descriptor wrongDigest = Descriptor.of(MediaTypes.OCI_LAYER, other, blob.length);
    assertThatThrownBy(
            () ->
                new BlobLayer(storeOf(blob), wrongDigest, other, "l")
                    .openCompressed()
                    .readAllBytes())
        .hasMessageContaining("expected " + other);
    Descriptor tooBig = Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(blob), blob.length + 10L);
    assertThatThrownBy(
            () -> new BlobLayer(storeOf(blob), tooBig, other, "l").openCompressed().readAllBytes())
        .hasMessageContaining("truncated: got " + blob.length + " of " + (blob.length + 10));
    Descriptor tooSmall = Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(blob), 5);
    assertThatThrownBy(
            () ->
                new BlobLayer(storeOf(blob), tooSmall, other, "l").openCompressed().readAllBytes())
        .hasMessageContaining("larger than its descriptor's size of 5 bytes");
  }

  @Test
  void corruptGzipFailsWithIoException() throws Exception {
    byte[] gz = gzip(tar);
    gz[gz.length / 2] ^= 0x55;
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(gz), gz.length);
    assertThatThrownBy(
            () ->
                new BlobLayer(storeOf(gz), d, Digest.sha256(tar), "l")
                    .openUncompressed()
                    .readAllBytes())
        .isInstanceOf(IOException.class);
  }

  @Test
  void decompressionBombIsCapped() throws Exception {
    byte[] zeros = new byte[4 << 20];
    byte[] gz = gzip(zeros);
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(gz), gz.length);
    BlobLayer layer = new BlobLayer(storeOf(gz), d, Digest.sha256(zeros), "bomb", 1 << 20);
    assertThatThrownBy(() -> layer.openUncompressed().readAllBytes())
        .hasMessageContaining("bomb (")
        .hasMessageContaining("decompresses to more than 1048576 bytes");
  }

  @Test
  void skippingDoesNotBypassTheCapOrTheDigest() throws Exception {
    byte[] zeros = new byte[4 << 20];
    byte[] gz = gzip(zeros);
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(gz), gz.length);
    BlobLayer bomb = new BlobLayer(storeOf(gz), d, Digest.sha256(zeros), "bomb", 1 << 20);
    assertThatThrownBy(
            () -> {
              try (InputStream in = bomb.openUncompressed()) {
                in.skip(Long.MAX_VALUE);
              }
            })
        .hasMessageContaining("decompresses to more than 1048576 bytes");

    Digest wrong = Digest.sha256(new byte[] {9});
    BlobLayer lying = new BlobLayer(storeOf(gz), d, wrong, "liar");
    assertThatThrownBy(
            () -> {
              try (InputStream in = lying.openUncompressed()) {
                while (in.skip(1 << 20) > 0) {}
                in.read();
              }
            })
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("expected " + wrong);
  }
}
