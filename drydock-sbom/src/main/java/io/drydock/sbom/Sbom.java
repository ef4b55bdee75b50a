package io.drydock.sbom;

import java.util.List;

/**
 * The inventory of one image: every package with its layer and origin. Immutable.
 *
 * @param subject the image
 * @param os the detected OS, or {@code null} when none was found
 * @param base which layers are the base image's and why
 * @param layers the image's layers in order
 * @param components packages in a stable order (layer, extractor, location, name, version)
 * @param diagnostics what could not be analysed; non-empty means {@link #partial()}
 */
public record Sbom(
    Subject subject,
    OsInfo os,
    BaseImage base,
    List<LayerInfo> layers,
    List<Component> components,
    List<Diagnostic> diagnostics) {
  public Sbom {
    layers = List.copyOf(layers);
    components = List.copyOf(components);
    diagnostics = List.copyOf(diagnostics);
  }

  /** Whether something could not be analysed (see {@link #diagnostics()}). */
  public boolean partial() {
    return !diagnostics.isEmpty();
  }
}
