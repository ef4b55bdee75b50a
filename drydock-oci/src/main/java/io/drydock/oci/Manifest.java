package io.drydock.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image manifest: OCI image manifest or Docker v2 schema 2 (same shape). {@code subject} and
 * {@code artifactType} are {@code null} when absent; lists and maps are never {@code null}.
 */
public record Manifest(
    String mediaType,
    Descriptor config,
    List<Descriptor> layers,
    Map<String, String> annotations,
    Descriptor subject,
    String artifactType)
    implements ImageDocument {

  public Manifest {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }
}
