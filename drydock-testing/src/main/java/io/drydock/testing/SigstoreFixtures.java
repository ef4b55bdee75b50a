package io.drydock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Sigstore bundles made by sigstore-js (an implementation independent of Drydock; generator in
 * {@code drydock-testing/src/test/sigstore-js}) shaped as cosign 3 writes them, for the image they
 * sign, and the referrer manifest cosign 3 attaches a bundle with:
 *
 * <ul>
 *   <li>{@code key.pub}: the ECDSA P-256 public key of all of them;
 *   <li>{@code image-config.json}, {@code image-manifest.json}: a tiny OCI image (no layers) whose
 *       digest the statements name;
 *   <li>{@code sign.bundle.json}: DSSE, in-toto Statement v1, predicate type {@value
 *       #SIGN_PREDICATE};
 *   <li>{@code attest-vuln.bundle.json}: cosign's vulnerability predicate, scan finished {@code
 *       2026-01-01T10:00:00Z};
 *   <li>{@code other-subject.bundle.json}: a sign/v1 statement naming another digest;
 *   <li>{@code blob.bundle.json}: a message-signature bundle (cosign {@code sign-blob}).
 * </ul>
 */
public final class SigstoreFixtures {
  /** The bundle media type cosign 3 uses as artifact type and layer type. */
  public static final String BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** The predicate type of a cosign 3 image signature. */
  public static final String SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

  /** cosign's vulnerability-scan predicate type. */
  public static final String VULN_PREDICATE = "https://cosign.sigstore.dev/attestation/vuln/v1";

  /** The empty config every OCI 1.1 artifact manifest points to. */
  public static final String EMPTY_CONFIG = "{}";

  private SigstoreFixtures() {}

  /** The bytes of fixture {@code name}. */
  public static byte[] read(String name) {
    try (InputStream in = SigstoreFixtures.class.getResourceAsStream("sigstore-bundles/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no Sigstore fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture {@code name} as UTF-8 text. */
  public static String text(String name) {
    return new String(read(name), StandardCharsets.UTF_8);
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The referrer manifest cosign 3 pushes for {@code bundle}: artifact type and one layer of the
   * bundle media type, the empty config, the image ({@code subject}, {@code subjectSize} bytes) as
   * subject, the predicate type as the {@code dev.sigstore.bundle.predicateType} annotation.
   */
  public static byte[] referrer(
      byte[] bundle, String subject, long subjectSize, String predicateType) {
    String json =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"artifactType\":\""
            + BUNDLE_MEDIA_TYPE
            + "\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
            + sha256(EMPTY_CONFIG.getBytes(StandardCharsets.UTF_8))
            + "\",\"size\":2},\"layers\":[{\"mediaType\":\""
            + BUNDLE_MEDIA_TYPE
            + "\",\"digest\":\""
            + sha256(bundle)
            + "\",\"size\":"
            + bundle.length
            + "}],\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"digest\":\""
            + subject
            + "\",\"size\":"
            + subjectSize
            + "},\"annotations\":{\"dev.sigstore.bundle.content\":\"dsse-envelope\","
            + "\"dev.sigstore.bundle.predicateType\":\""
            + predicateType
            + "\",\"org.opencontainers.image.created\":\"2026-01-01T10:00:01Z\"}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
