package io.drydock.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.oci.Manifest;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.RawDocument;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Signing, attesting and verifying against the real testbed registry. */
class CosignRegistryTest {
  static Testbed tb;
  static RegistryClient client;
  static KeyPair key = KeyPairs.generate();
  static KeyPair other = KeyPairs.generate();

  ImageRef image;
  Digest digest;

  @BeforeAll
  static void start() throws Exception {
    tb = Testbed.require();
    client = RegistryClient.create(RegistryOptions.defaults());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
  }

  /** A fresh repository holding a copy of the testbed's small Debian image, tag {@code 1}. */
  @BeforeEach
  void copyImage() throws Exception {
    image = ImageRef.parse(tb.plainRegistry() + "/sign-test/" + UUID.randomUUID() + ":1");
    digest = copy(Img.DEBIAN_BOOKWORM_V1, image);
    assertThat(digest.toString()).isEqualTo(tb.digest(Img.DEBIAN_BOOKWORM_V1));
  }

  static Digest copy(Img img, ImageRef dest) throws Exception {
    ImageRef src = ImageRef.parse(tb.plainRegistry() + "/" + tb.repoTag(img));
    RawDocument doc = client.getManifest(src);
    Manifest m = (Manifest) doc.parse("source");
    List<Descriptor> blobs = new ArrayList<>(m.layers());
    blobs.add(m.config());
    for (Descriptor d : blobs) {
      assertThat(client.mountBlob(dest, src, d.digest())).isTrue();
    }
    return client.putManifest(dest, doc);
  }

  @Test
  void signThenVerify() throws Exception {
    Cosign cosign = new Cosign(client);
    Pushed pushed = cosign.sign(image, key.getPrivate());
    assertThat(pushed.artifact().tag()).isEqualTo("sha256-" + digest.hex() + ".sig");
    assertThat(pushed.count()).isEqualTo(1);

    VerificationResult r = cosign.verify(image, key.getPublic());
    assertThat(r.verified()).as("%s", r.reasons()).isTrue();
    assertThat(r.signatures()).hasSize(1);
    assertThat(r.signatures().get(0).imageDigest()).isEqualTo(digest);
    assertThat(r.signatures().get(0).dockerReference())
        .isEqualTo(image.registry() + "/" + image.repository());
    // by digest too
    assertThat(cosign.verify(image.withDigest(digest), key.getPublic()).verified()).isTrue();

    // the stored manifest has cosign's shape
    RawDocument sig = client.getManifest(pushed.artifact());
    Manifest m = (Manifest) sig.parse("sig");
    assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(m.layers())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.mediaType())
                  .isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
              assertThat(l.annotations()).containsKey("dev.cosignproject.cosign/signature");
            });
  }

  @Test
  void secondSignatureIsAppended() throws Exception {
    Cosign cosign = new Cosign(client);
    cosign.sign(image, other.getPrivate());
    Pushed second = cosign.sign(image, key.getPrivate());
    assertThat(second.count()).isEqualTo(2);
    VerificationResult r = cosign.verify(image, key.getPublic());
    assertThat(r.verified()).isTrue();
    assertThat(r.signatures()).hasSize(1);
    assertThat(r.reasons()).singleElement().asString().endsWith("signature invalid for this key");
  }

  @Test
  void signatureStoredAsAnOci11ReferrerVerifies() throws Exception {
    Cosign cosign = new Cosign(client);
    Pushed pushed = cosign.signAsReferrer(image, key.getPrivate());
    // No .sig tag: the signature is only findable through the referrers of the image's digest
    // (the testbed registry predates the referrers API, so the referrers tag index serves).
    assertThat(client.referrers(image, digest, Cosign.SIGNATURE_ARTIFACT_TYPE).manifests())
        .extracting(d -> d.digest())
        .containsExactly(pushed.manifest());
    VerificationResult r = cosign.verify(image, key.getPublic());
    assertThat(r.verified()).as("%s", r.reasons()).isTrue();
    assertThat(r.signatures())
        .singleElement()
        .satisfies(sig -> assertThat(sig.imageDigest()).isEqualTo(digest));
    VerificationResult wrong = cosign.verify(image, other.getPublic());
    assertThat(wrong.verified()).isFalse();
    assertThat(wrong.firstReason()).endsWith(": signature invalid for this key");
  }

  @Test
  void unsignedImageFails() throws Exception {
    VerificationResult r = new Cosign(client).verify(image, key.getPublic());
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason()).startsWith("no signatures for ").contains(digest.toString());
  }

  @Test
  void anotherKeyFails() throws Exception {
    Cosign cosign = new Cosign(client);
    cosign.sign(image, key.getPrivate());
    VerificationResult r = cosign.verify(image, other.getPublic());
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason()).endsWith(": signature invalid for this key");
  }

  @Test
  void validSignatureOverAnotherDigestFails() throws Exception {
    // The attacker holds a signature by the right key, made for another image, and stores it
    // under this image's .sig tag.
    Digest another = Digest.parse(tb.digest(Img.DEBIAN_BOOKWORM_V2));
    byte[] payload = SimpleSigning.payload(image, another);
    String sig = Base64.getEncoder().encodeToString(Ecdsa.sign(key.getPrivate(), payload));
    pushSigManifest(image, digest, payload, sig);
    VerificationResult r = new Cosign(client).verify(image, key.getPublic());
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason())
        .contains("payload names another digest (" + another + "), not the image's " + digest);
  }

  @Test
  void tamperedPayloadFails() throws Exception {
    // Valid signature, then the payload swapped for one naming the same digest but altered
    Cosign cosign = new Cosign(client);
    byte[] payload = SimpleSigning.payload(image, digest);
    String sig = Base64.getEncoder().encodeToString(Ecdsa.sign(key.getPrivate(), payload));
    byte[] altered =
        new String(payload, StandardCharsets.UTF_8)
            .replace("\"optional\":null", "\"optional\":{\"a\":\"b\"}")
            .getBytes(StandardCharsets.UTF_8);
    pushSigManifest(image, digest, altered, sig);
    VerificationResult r = cosign.verify(image, key.getPublic());
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason()).endsWith("signature invalid for this key");
  }

  @Test
  void retaggedImageFails() throws Exception {
    Cosign cosign = new Cosign(client);
    cosign.sign(image, key.getPrivate());
    assertThat(cosign.verify(image, key.getPublic()).verified()).isTrue();
    Digest moved = copy(Img.DEBIAN_BOOKWORM_V2, image);
    assertThat(moved).isNotEqualTo(digest);
    VerificationResult r = cosign.verify(image, key.getPublic());
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason()).contains("no signatures").contains(moved.toString());
    // and copying the old signature manifest to the new digest does not help
    RawDocument oldSig = client.getManifest(image.withTag(SimpleSigning.tag(digest, "sig")));
    client.putManifest(image.withTag(SimpleSigning.tag(moved, "sig")), oldSig);
    r = cosign.verify(image, key.getPublic());
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason()).contains("payload names another digest (" + digest + ")");
  }

  @Test
  void attestThenVerifyAttestationsAndExpiry() throws Exception {
    Instant finished = Instant.parse("2026-01-01T10:00:00Z");
    Cosign cosign = new Cosign(client, Clock.fixed(finished.plusSeconds(3600), ZoneOffset.UTC));
    byte[] report = "{\"results\":[{\"id\":\"CVE-2024-0001\"}]}".getBytes(StandardCharsets.UTF_8);
    VulnScan scan =
        new VulnScan(
            report, "https://drydock.io", "0.1.0", "", "db-1", finished.minusSeconds(5), finished);
    Pushed pushed = cosign.attest(image, key.getPrivate(), scan);
    assertThat(pushed.artifact().tag()).isEqualTo("sha256-" + digest.hex() + ".att");

    AttestationResult ok =
        cosign.verifyAttestations(
            image, key.getPublic(), Cosign.VULN_PREDICATE, Duration.ofHours(24));
    assertThat(ok.verified()).as("%s", ok.reasons()).isTrue();
    VerifiedAttestation a = ok.attestations().get(0);
    assertThat(a.age()).isEqualTo(Duration.ofHours(1));
    var st = Json.MAPPER.readTree(a.statement());
    assertThat(st.path("_type").asString()).isEqualTo("https://in-toto.io/Statement/v0.1");
    assertThat(st.path("subject").get(0).path("digest").path("sha256").asString())
        .isEqualTo(digest.hex());
    assertThat(
            st.path("predicate")
                .path("scanner")
                .path("result")
                .path("results")
                .get(0)
                .path("id")
                .asString())
        .isEqualTo("CVE-2024-0001");
    assertThat(st.path("predicate").path("metadata").path("scanFinishedOn").asString())
        .isEqualTo("2026-01-01T10:00:00Z");

    AttestationResult expired =
        cosign.verifyAttestations(image, key.getPublic(), Cosign.VULN_PREDICATE, Duration.ZERO);
    assertThat(expired.verified()).isFalse();
    assertThat(expired.firstReason()).contains("expired").contains("1h ago");

    AttestationResult wrongKey =
        cosign.verifyAttestations(image, other.getPublic(), Cosign.VULN_PREDICATE, null);
    assertThat(wrongKey.verified()).isFalse();
    assertThat(wrongKey.firstReason()).endsWith("signature invalid for this key");

    AttestationResult otherType =
        cosign.verifyAttestations(image, key.getPublic(), "https://slsa.dev/provenance/v1", null);
    assertThat(otherType.verified()).isFalse();
    assertThat(otherType.firstReason()).startsWith("no attestation of type");
  }

  @Test
  void attestationForAnotherSubjectFails() throws Exception {
    // an attestation signed by the key, for another digest, stored under this image's .att tag
    Digest another = Digest.parse(tb.digest(Img.DEBIAN_BOOKWORM_V2));
    ImageRef anotherImage = image.withTag("2");
    assertThat(copy(Img.DEBIAN_BOOKWORM_V2, anotherImage)).isEqualTo(another);
    Cosign cosign = new Cosign(client);
    Instant now = Instant.now();
    cosign.attest(
        anotherImage,
        key.getPrivate(),
        new VulnScan("{}".getBytes(StandardCharsets.UTF_8), "", "", "", "", now, now));
    RawDocument att = client.getManifest(image.withTag(SimpleSigning.tag(another, "att")));
    client.putManifest(image.withTag(SimpleSigning.tag(digest, "att")), att);
    AttestationResult r =
        cosign.verifyAttestations(image, key.getPublic(), Cosign.VULN_PREDICATE, null);
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason()).contains("subject digest mismatch");
  }

  /** Pushes a one-layer .sig manifest for {@code subject} with exactly these bytes. */
  static void pushSigManifest(ImageRef image, Digest subject, byte[] payload, String sig)
      throws Exception {
    ImageRef repo = new ImageRef(image.registry(), image.repository(), null, null);
    Descriptor layer =
        Descriptor.of(SimpleSigning.MEDIA_TYPE, Digest.sha256(payload), payload.length);
    client.pushBlob(repo, layer, () -> new ByteArrayInputStream(payload));
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    Descriptor cd = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length);
    client.pushBlob(repo, cd, () -> new ByteArrayInputStream(config));
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    ObjectNode c = m.putObject("config");
    c.put("mediaType", cd.mediaType());
    c.put("size", cd.size());
    c.put("digest", cd.digest().toString());
    ObjectNode l = m.putArray("layers").addObject();
    l.put("mediaType", layer.mediaType());
    l.put("size", layer.size());
    l.put("digest", layer.digest().toString());
    l.putObject("annotations").put(SimpleSigning.SIGNATURE_ANNOTATION, sig);
    client.putManifest(
        repo.withTag(SimpleSigning.tag(subject, "sig")),
        RawDocument.of(MediaTypes.OCI_MANIFEST, Json.MAPPER.writeValueAsBytes(m)));
  }
}
