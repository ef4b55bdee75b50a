package io.drydock.sbom;

import java.util.Map;

/**
 * The analysed image.
 *
 * @param reference the target as the user gave it ({@code oci:/x:demo}, {@code registry/repo:tag},
 *     {@code dir:/rootfs})
 * @param digest the manifest digest ({@code sha256:…})
 * @param os the config's {@code os}, {@code architecture} and {@code variant} (variant may be null)
 * @param annotations the manifest annotations, empty when none
 */
public record Subject(
    String reference,
    String digest,
    String os,
    String architecture,
    String variant,
    Map<String, String> annotations) {
  public Subject {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }
}
