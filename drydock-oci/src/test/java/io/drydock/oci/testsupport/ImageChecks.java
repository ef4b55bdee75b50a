package io.drydock.oci.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Digest;
import io.drydock.oci.Image;
import io.drydock.oci.Layer;
import io.drydock.oci.tar.LayerTarReader;
import io.drydock.oci.tar.TarEntry;
import io.drydock.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads images completely, so every digest and diffID is actually verified. */
public final class ImageChecks {
  private ImageChecks() {}

  /** Reads the layer's uncompressed tar through {@link LayerTarReader}: path → content or kind. */
  public static Map<String, String> readLayer(Layer layer) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = layer.openUncompressed();
        LayerTarReader r = new LayerTarReader(in, layer.toString())) {
      TarEntry e;
      while ((e = r.next()) != null) {
        out.put(
            e.path(),
            e.type() == TarEntry.Type.FILE
                ? new String(r.content().readAllBytes(), StandardCharsets.UTF_8)
                : e.type() + (e.linkTarget() == null ? "" : " " + e.linkTarget()));
      }
      in.transferTo(OutputStream.nullOutputStream()); // to EOF: digest, size, diffID verified
    }
    return out;
  }

  /** Streams every layer, compressed and uncompressed, to EOF (verification happens at EOF). */
  public static void readAllLayers(Image image) throws IOException {
    for (Layer l : image.layers()) {
      try (InputStream in = l.openUncompressed()) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }
  }

  /** The image has exactly the built image's config, layers and diffIDs. */
  public static void assertSameContent(Image image, TestImages built) {
    assertThat(image.manifest().config().digest().toString()).isEqualTo(built.configDigest());
    assertThat(image.rawConfig()).isEqualTo(built.configBytes());
    assertThat(image.config().diffIds().stream().map(Digest::toString).toList())
        .isEqualTo(built.diffIds());
    List<String> diffIds = image.layers().stream().map(l -> l.diffId().toString()).toList();
    assertThat(diffIds).isEqualTo(built.diffIds());
  }
}
