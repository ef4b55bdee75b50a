package io.drydock.sbom;

/**
 * Which layers come from the base image, and how that was decided.
 *
 * @param rule how the base was found
 * @param name the base image's reference as given or annotated ({@code debian:bookworm}), may be
 *     {@code null}
 * @param digest the base image's manifest digest, may be {@code null}
 * @param layerCount how many of the image's first layers are the base's (0 when unknown)
 * @param note one line for the output when something was not possible (base not reachable, layers
 *     not a prefix), else {@code null}
 */
public record BaseImage(Rule rule, String name, String digest, int layerCount, String note) {
  /** How the base image was determined. */
  public enum Rule {
    /** {@code org.opencontainers.image.base.digest/name} on the manifest or config labels. */
    ANNOTATION,
    /** {@code --base REF}. */
    FLAG,
    /** The layers of a known base image are a prefix of this image's. */
    LAYER_PREFIX,
    /** Not known: every layer counts as the app's. */
    NONE
  }

  public static BaseImage none() {
    return new BaseImage(Rule.NONE, null, null, 0, null);
  }
}
