package io.drydock.sbom;

/**
 * Something that could not be analysed fully. Any diagnostic marks the SBOM partial.
 *
 * @param path the image-relative file (or {@code null} for the layer as a whole)
 * @param layer the layer's diffID ({@code sha256:…}), or {@code null} outside layers
 * @param extractor the extractor's name, or {@code null} for the engine (tar problems)
 * @param message one line
 */
public record Diagnostic(String path, String layer, String extractor, String message) {
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (path != null) {
      b.append(path).append(": ");
    }
    b.append(message);
    if (extractor != null || layer != null) {
      b.append(" [");
      if (extractor != null) {
        b.append(extractor);
      }
      if (layer != null) {
        b.append(extractor != null ? ", " : "").append(layer);
      }
      b.append(']');
    }
    return b.toString();
  }
}
