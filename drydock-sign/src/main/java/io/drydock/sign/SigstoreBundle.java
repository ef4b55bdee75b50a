package io.drydock.sign;

import io.drydock.oci.Json;
import io.drydock.oci.OciFormatException;
import tools.jackson.databind.JsonNode;

/**
 * Sigstore bundles ({@code application/vnd.dev.sigstore.bundle.v0.3+json} and the earlier {@code
 * +json;version=0.x} forms), as cosign 3 stores image signatures and attestations by default
 * ({@code --new-bundle-format}): an OCI 1.1 referrer of the image whose one layer is the bundle,
 * whose {@code dsseEnvelope} holds an in-toto statement naming the image's digest, with predicate
 * type {@value #SIGN_PREDICATE} for a signature and the attestation's own type otherwise.
 *
 * <p>Drydock verifies the envelope's signature with the user's public key, as {@code cosign verify
 * --key … --insecure-ignore-tlog} does; the bundle's verification material (certificate,
 * transparency-log entries, timestamps) is not checked, so keyless (Fulcio) bundles do not verify.
 * Hand-written over Jackson: the bundle is a small JSON document of which only the envelope is
 * read, with the same checks as {@link Dsse#parse}.
 */
public final class SigstoreBundle {
  /** The media type cosign 3 writes, as the referrer's artifact type and its layer's type. */
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** What every bundle media type starts with (v0.1 and v0.2 use {@code +json;version=0.x}). */
  static final String MEDIA_TYPE_PREFIX = "application/vnd.dev.sigstore.bundle";

  /** The predicate type of a cosign 3 image signature (an in-toto statement, empty predicate). */
  public static final String SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

  /** The annotation cosign puts on a bundle referrer with its statement's predicate type. */
  static final String PREDICATE_ANNOTATION = "dev.sigstore.bundle.predicateType";

  private SigstoreBundle() {}

  /** Whether {@code mediaType} names a Sigstore bundle (any version). */
  static boolean isBundle(String mediaType) {
    return mediaType != null && mediaType.startsWith(MEDIA_TYPE_PREFIX);
  }

  /**
   * The DSSE envelope of a bundle; throws {@link IllegalArgumentException} with a one-line reason
   * when {@code json} is not a bundle or holds a message signature instead (cosign {@code
   * sign-blob}: a signature over a digest that says nothing about what was signed).
   */
  static Dsse.Envelope envelope(byte[] json) {
    JsonNode root;
    try {
      root = Json.readObject(json, "Sigstore bundle");
    } catch (OciFormatException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    String mediaType = root.path("mediaType").asString("");
    if (!isBundle(mediaType)) {
      throw new IllegalArgumentException(
          "not a Sigstore bundle (mediaType \"" + clip(mediaType) + "\")");
    }
    JsonNode env = root.get("dsseEnvelope");
    if (env == null || !env.isObject()) {
      if (root.has("messageSignature")) {
        throw new IllegalArgumentException(
            "a message-signature bundle (cosign sign-blob), not a signed statement about an image");
      }
      throw new IllegalArgumentException("Sigstore bundle has no dsseEnvelope");
    }
    return Dsse.parse(env);
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
