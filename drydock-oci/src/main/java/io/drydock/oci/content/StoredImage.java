package io.drydock.oci.content;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.Image;
import io.drydock.oci.ImageConfig;
import io.drydock.oci.ImageDocument;
import io.drydock.oci.Index;
import io.drydock.oci.Layer;
import io.drydock.oci.Manifest;
import io.drydock.oci.OciFormatException;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An image read from a {@link BlobStore}: manifest and config verified and parsed up front, layers
 * streamed on demand. Shared by every stored source.
 */
public record StoredImage(
    Digest digest,
    RawDocument rawManifest,
    Manifest manifest,
    byte[] rawConfig,
    ImageConfig config,
    List<Layer> layers)
    implements Image {

  public StoredImage {
    layers = List.copyOf(layers);
  }

  private static final int MAX_INDEX_DEPTH = 4;

  /**
   * Resolves {@code root} (manifest or index) to the image for {@code platform}; {@code what} names
   * the target in errors.
   */
  public static StoredImage resolve(
      BlobStore store, RawDocument root, Platform platform, String what) throws IOException {
    RawDocument doc = root;
    for (int depth = 0; depth <= MAX_INDEX_DEPTH; depth++) {
      ImageDocument parsed = doc.parse("manifest " + doc.digest() + " of " + what);
      if (parsed instanceof Manifest m) {
        return load(store, doc, m, what);
      }
      Index index = (Index) parsed;
      Descriptor chosen =
          index
              .select(platform)
              .orElseThrow(
                  () ->
                      new OciFormatException(
                          what
                              + " has no image for platform "
                              + platform
                              + " (available: "
                              + (index.platforms().isEmpty()
                                  ? "none"
                                  : index.platforms().stream()
                                      .map(Platform::toString)
                                      .distinct()
                                      .collect(Collectors.joining(", ")))
                              + "); choose one with --platform"));
      byte[] bytes = store.readManifest(chosen, "manifest for " + platform + " of " + what);
      doc = new RawDocument(chosen.mediaType(), bytes, chosen.digest());
    }
    throw new OciFormatException(what + " nests indexes deeper than " + MAX_INDEX_DEPTH);
  }

  /** Builds the image for an already parsed manifest. */
  public static StoredImage load(BlobStore store, RawDocument doc, Manifest m, String what)
      throws IOException {
    byte[] rawConfig = store.readVerified(m.config(), "config of " + what);
    ImageConfig config =
        ImageConfig.parse(rawConfig, "config " + m.config().digest() + " of " + what);
    List<Descriptor> layerDescs = m.layers();
    if (config.diffIds().size() != layerDescs.size()) {
      throw new OciFormatException(
          "config of "
              + what
              + " lists "
              + config.diffIds().size()
              + " diff_ids but the manifest has "
              + layerDescs.size()
              + " layers");
    }
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < layerDescs.size(); i++) {
      layers.add(
          new BlobLayer(
              store,
              layerDescs.get(i),
              config.diffIds().get(i),
              "layer " + (i + 1) + " of " + what));
    }
    return new StoredImage(doc.digest(), doc, m, rawConfig, config, layers);
  }
}
