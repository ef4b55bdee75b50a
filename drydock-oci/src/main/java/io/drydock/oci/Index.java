package io.drydock.oci;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An image index: OCI image index or Docker manifest list. */
public record Index(String mediaType, List<Descriptor> manifests, Map<String, String> annotations)
    implements ImageDocument {

  public Index {
    manifests = List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /**
   * The first image manifest whose platform serves {@code wanted} (see {@link
   * Platform#matches(Platform)}); entries without a platform, attestations ({@code
   * vnd.docker.reference.type}) and non-manifest entries are skipped.
   */
  public Optional<Descriptor> select(Platform wanted) {
    return manifests.stream()
        .filter(d -> d.platform() != null && wanted.matches(d.platform()))
        .filter(d -> !d.annotations().containsKey("vnd.docker.reference.type"))
        .filter(d -> MediaTypes.isImageManifest(d.mediaType()) || MediaTypes.isIndex(d.mediaType()))
        .findFirst();
  }

  /** The platforms this index offers, in order (for messages and {@code inspect}). */
  public List<Platform> platforms() {
    return manifests.stream()
        .map(Descriptor::platform)
        .filter(p -> p != null && !"unknown".equals(p.os()))
        .toList();
  }
}
