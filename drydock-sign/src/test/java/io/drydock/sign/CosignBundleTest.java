package io.drydock.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.RawDocument;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.testing.SigstoreFixtures;
import io.drydock.testing.registry.InMemoryRegistry;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Image signatures and attestations in cosign 3's default format (Sigstore bundles as OCI 1.1
 * referrers), read from bundles that sigstore-js made (src/test/sigstore-js: an implementation
 * independent of Drydock), laid out in the registry as cosign 3 attaches them.
 */
class CosignBundleTest {
  static final Instant FINISHED = Instant.parse("2026-01-01T10:00:00Z");

  InMemoryRegistry registry;
  RegistryClient client;
  ImageRef image;
  String digest;
  byte[] manifest;
  PublicKey key;

  static byte[] fixture(String name) {
    return SigstoreFixtures.read(name);
  }

  static String sha256(byte[] b) {
    return SigstoreFixtures.sha256(b);
  }

  @BeforeEach
  void start() throws Exception {
    registry = InMemoryRegistry.start();
    client = RegistryClient.create(RegistryOptions.defaults());
    registry.putBlob("app", fixture("image-config.json"));
    manifest = fixture("image-manifest.json");
    digest = registry.putManifest("app", "1", MediaTypes.OCI_MANIFEST, manifest);
    image = ImageRef.parse(registry.hostPort() + "/app:1");
    key = KeyPairs.readPublicKey(new String(fixture("key.pub"), StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    client.close();
    registry.close();
  }

  Cosign cosign() {
    return new Cosign(client, Clock.fixed(FINISHED.plusSeconds(3600), ZoneOffset.UTC));
  }

  /** Attaches {@code bundle} as cosign 3 does: a referrer whose one layer is the bundle. */
  void attach(byte[] bundle, String predicateType) throws Exception {
    registry.putBlob("app", bundle);
    registry.putBlob("app", SigstoreFixtures.EMPTY_CONFIG.getBytes(StandardCharsets.UTF_8));
    client.pushReferrer(
        image,
        RawDocument.of(
            MediaTypes.OCI_MANIFEST,
            SigstoreFixtures.referrer(bundle, digest, manifest.length, predicateType)));
  }

  @Test
  void theFixturesNameThisImage() throws Exception {
    assertThat(digest).isEqualTo(sha256(manifest));
    String statement =
        new String(
            Base64.getDecoder()
                .decode(
                    Json.readObject(fixture("sign.bundle.json"), "bundle")
                        .path("dsseEnvelope")
                        .path("payload")
                        .asString()),
            StandardCharsets.UTF_8);
    assertThat(statement)
        .contains(Digest.parse(digest).hex())
        .contains(SigstoreBundle.SIGN_PREDICATE);
  }

  @Test
  void aCosign3SignatureBundleVerifies() throws Exception {
    attach(fixture("sign.bundle.json"), SigstoreBundle.SIGN_PREDICATE);
    VerificationResult r = cosign().verify(image, key);
    assertThat(r.verified()).as("%s", r.reasons()).isTrue();
    assertThat(r.reasons()).isEmpty();
    assertThat(r.signatures())
        .singleElement()
        .satisfies(s -> assertThat(s.payload()).contains(SigstoreBundle.SIGN_PREDICATE));
  }

  @Test
  void anotherKeyDoesNotVerifyIt() throws Exception {
    attach(fixture("sign.bundle.json"), SigstoreBundle.SIGN_PREDICATE);
    VerificationResult r = cosign().verify(image, KeyPairs.generate().getPublic());
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason())
        .startsWith("signature bundle ")
        .endsWith(": signature invalid for this key");
  }

  @Test
  void aBundleForAnotherDigestDoesNotVerify() throws Exception {
    attach(fixture("other-subject.bundle.json"), SigstoreBundle.SIGN_PREDICATE);
    VerificationResult r = cosign().verify(image, key);
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason())
        .contains("subject digest mismatch (no subject names " + digest + ")");
  }

  @Test
  void aTamperedStatementDoesNotVerify() throws Exception {
    String json = new String(fixture("sign.bundle.json"), StandardCharsets.UTF_8);
    String payload =
        Json.readObject(json.getBytes(StandardCharsets.UTF_8), "bundle")
            .path("dsseEnvelope")
            .path("payload")
            .asString();
    String statement = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
    String forged =
        Base64.getEncoder()
            .encodeToString(
                statement
                    .replace("\"name\":\"app\"", "\"name\":\"evil\"")
                    .getBytes(StandardCharsets.UTF_8));
    attach(
        json.replace(payload, forged).getBytes(StandardCharsets.UTF_8),
        SigstoreBundle.SIGN_PREDICATE);
    VerificationResult r = cosign().verify(image, key);
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason()).endsWith(": signature invalid for this key");
  }

  @Test
  void aMessageSignatureBundleIsNotAnImageSignature() throws Exception {
    attach(fixture("blob.bundle.json"), SigstoreBundle.SIGN_PREDICATE);
    VerificationResult r = cosign().verify(image, key);
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason())
        .contains(
            "a message-signature bundle (cosign sign-blob), not a signed statement about an image");
  }

  @Test
  void hostileBundlesAreOneLineReasons() throws Exception {
    attach("{\"mediaType\":".getBytes(StandardCharsets.UTF_8), SigstoreBundle.SIGN_PREDICATE);
    attach(
        "{\"mediaType\":\"text/plain\"}".getBytes(StandardCharsets.UTF_8),
        SigstoreBundle.SIGN_PREDICATE);
    attach(
        ("{\"mediaType\":\""
                + SigstoreBundle.MEDIA_TYPE
                + "\",\"dsseEnvelope\":{\"payload\":\"%%%\"}}")
            .getBytes(StandardCharsets.UTF_8),
        SigstoreBundle.SIGN_PREDICATE);
    VerificationResult r = cosign().verify(image, key);
    assertThat(r.verified()).isFalse();
    assertThat(r.reasons())
        .hasSize(3)
        .allSatisfy(
            reason -> assertThat(reason).doesNotContain("\n").startsWith("signature bundle "));
    assertThat(String.join("\n", r.reasons()))
        .contains("not a Sigstore bundle (mediaType \"text/plain\")")
        .contains("bad base64");
  }

  @Test
  void anOversizedBundleIsRefusedInOneLine() throws Exception {
    byte[] big = new byte[Json.MAX_DOCUMENT_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    attach(big, SigstoreFixtures.SIGN_PREDICATE);
    VerificationResult r = cosign().verify(image, key);
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason())
        .startsWith("signature bundle ")
        .contains("over the limit of " + Json.MAX_DOCUMENT_BYTES)
        .doesNotContain("\n");
  }

  @Test
  void aCosign3AttestationBundleVerifiesAndIsNotASignature() throws Exception {
    attach(fixture("attest-vuln.bundle.json"), Cosign.VULN_PREDICATE);
    AttestationResult a =
        cosign().verifyAttestations(image, key, Cosign.VULN_PREDICATE, Duration.ofDays(1));
    assertThat(a.verified()).as("%s", a.reasons()).isTrue();
    assertThat(a.attestations())
        .singleElement()
        .satisfies(v -> assertThat(v.finishedOn()).isEqualTo(FINISHED));
    // too old for a 30-minute maximum age (the clock is an hour after the scan)
    AttestationResult old =
        cosign().verifyAttestations(image, key, Cosign.VULN_PREDICATE, Duration.ofMinutes(30));
    assertThat(old.verified()).isFalse();
    assertThat(old.firstReason()).startsWith("attestation bundle ").contains("expired");
    // an attestation bundle is not a signature
    VerificationResult s = cosign().verify(image, key);
    assertThat(s.verified()).isFalse();
    assertThat(s.firstReason()).contains("no Sigstore bundles");
    // nor an attestation of another type
    AttestationResult cdx =
        cosign().verifyAttestations(image, key, Cosign.CYCLONEDX_PREDICATE, null);
    assertThat(cdx.verified()).isFalse();
  }
}
