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
import io.drydock.testing.SigstoreFixtures;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
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

  /**
   * A cosign 3 signature bundle (made by sigstore-js, {@link SigstoreFixtures}) on a registry
   * without the referrers API: attached through the referrers tag index, found and verified.
   */
  @Test
  void cosign3BundleThroughTheReferrersTagIndex() throws Exception {
    ImageRef repo = ImageRef.parse(tb.plainRegistry() + "/sign-test/" + UUID.randomUUID() + ":1");
    byte[] config = SigstoreFixtures.read("image-config.json");
    byte[] manifest = SigstoreFixtures.read("image-manifest.json");
    byte[] bundle = SigstoreFixtures.read("sign.bundle.json");
    byte[] empty = SigstoreFixtures.EMPTY_CONFIG.getBytes(StandardCharsets.UTF_8);
    for (byte[] blob : List.of(config, bundle, empty)) {
      Descriptor d =
          Descriptor.of(
              "application/octet-stream", Digest.parse(SigstoreFixtures.sha256(blob)), blob.length);
      client.pushBlob(repo, d, () -> new ByteArrayInputStream(blob));
    }
    Digest image = client.putManifest(repo, RawDocument.of(MediaTypes.OCI_MANIFEST, manifest));
    client.pushReferrer(
        repo,
        RawDocument.of(
            MediaTypes.OCI_MANIFEST,
            SigstoreFixtures.referrer(
                bundle, image.toString(), manifest.length, SigstoreBundle.SIGN_PREDICATE)));
    assertThat(client.listTags(repo)).contains("sha256-" + image.hex());
    PublicKey pub =
        KeyPairs.readPublicKey(
            new String(SigstoreFixtures.read("key.pub"), StandardCharsets.UTF_8));
    VerificationResult r = new Cosign(client).verify(repo, pub);
    assertThat(r.verified()).as("%s", r.reasons()).isTrue();
    assertThat(new Cosign(client).verify(repo, other.getPublic()).verified()).isFalse();
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
  void attestationStoredAsAnOci11ReferrerVerifies() throws Exception {
    Instant finished = Instant.parse("2026-01-01T10:00:00Z");
    Instant now = finished.plusSeconds(3600);
    Cosign cosign = new Cosign(client, Clock.fixed(now, ZoneOffset.UTC));
    byte[] report = "{\"results\":[{\"id\":\"CVE-2024-0001\"}]}".getBytes(StandardCharsets.UTF_8);
    VulnScan scan =
        new VulnScan(
            report, "https://drydock.io", "0.1.0", "", "db-1", finished.minusSeconds(5), finished);
    Pushed pushed = cosign.attest(image, key.getPrivate(), scan, ReferrersMode.OCI_1_1);
    assertThat(pushed.artifact().digest()).isEqualTo(pushed.manifest());
    assertThat(pushed.image().digest()).isEqualTo(digest);
    // No .att tag: only the referrers of the image's digest hold it (the testbed registry
    // predates the referrers API, so the referrers tag index sha256-<hex> serves).
    assertThat(client.listTags(image)).doesNotContain(SimpleSigning.tag(digest, "att"));
    assertThat(client.listTags(image)).contains("sha256-" + digest.hex());
    assertThat(client.referrers(image, digest, Cosign.ATTESTATION_ARTIFACT_TYPE).manifests())
        .extracting(Descriptor::digest)
        .containsExactly(pushed.manifest());

    AttestationResult ok =
        cosign.verifyAttestations(
            image, key.getPublic(), Cosign.VULN_PREDICATE, Duration.ofHours(24));
    assertThat(ok.verified()).as("%s", ok.reasons()).isTrue();
    VerifiedAttestation a = ok.attestations().get(0);
    assertThat(a.age()).isEqualTo(Duration.ofHours(1));
    var st = Json.MAPPER.readTree(a.statement());
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

    AttestationResult expired =
        cosign.verifyAttestations(image, key.getPublic(), Cosign.VULN_PREDICATE, Duration.ZERO);
    assertThat(expired.verified()).isFalse();
    assertThat(expired.firstReason()).contains("expired").contains("1h ago");
    AttestationResult wrongKey =
        cosign.verifyAttestations(image, other.getPublic(), Cosign.VULN_PREDICATE, null);
    assertThat(wrongKey.verified()).isFalse();
    assertThat(wrongKey.firstReason()).endsWith(": signature invalid for this key");

    // a second predicate as another referrer; the two are told apart by the signed type
    cosign.attestPredicate(
        image,
        key.getPrivate(),
        Cosign.CYCLONEDX_PREDICATE,
        "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8),
        ReferrersMode.OCI_1_1);
    assertThat(client.referrers(image, digest, Cosign.ATTESTATION_ARTIFACT_TYPE).manifests())
        .hasSize(2);
    assertThat(
            cosign
                .verifyAttestations(image, key.getPublic(), Cosign.CYCLONEDX_PREDICATE, null)
                .verified())
        .isTrue();
    assertThat(
            cosign
                .verifyAttestations(image, key.getPublic(), Cosign.VULN_PREDICATE, null)
                .attestations())
        .hasSize(1);
  }

  /**
   * The referrer manifest has the layout of cosign's {@code ociremote.WriteAttestationsReferrer}
   * (sigstore/cosign pkg/oci/remote/write.go, WriteReferrer): OCI image manifest, {@code
   * artifactType} the in-toto payload type, the empty config {@code {}} repeating the artifact
   * type, one DSSE layer per attestation with the per-layer annotations of {@code
   * static.NewAttestation}, the {@code org.opencontainers.image.created} annotation, and the
   * image's manifest descriptor (media type, digest, size from HEAD) as {@code subject}.
   */
  @Test
  void attestationReferrerHasCosignsLayout() throws Exception {
    Instant now = Instant.parse("2026-03-04T05:06:07.891Z");
    Cosign cosign = new Cosign(client, Clock.fixed(now, ZoneOffset.UTC));
    Instant t = Instant.parse("2026-03-04T05:00:00Z");
    Pushed pushed =
        cosign.attest(
            image,
            key.getPrivate(),
            new VulnScan("{}".getBytes(StandardCharsets.UTF_8), "drydock", "0", "", "", t, t),
            ReferrersMode.OCI_1_1);
    Descriptor head = client.headManifest(image);
    RawDocument raw = client.getManifest(pushed.artifact());
    var m = Json.MAPPER.readTree(raw.bytes());
    assertThat(raw.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(m.path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(m.path("mediaType").asString())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(m.path("artifactType").asString()).isEqualTo("application/vnd.in-toto+json");
    var config = m.path("config");
    assertThat(config.path("mediaType").asString()).isEqualTo("application/vnd.oci.empty.v1+json");
    assertThat(config.path("artifactType").asString()).isEqualTo("application/vnd.in-toto+json");
    assertThat(config.path("size").asLong()).isEqualTo(2);
    assertThat(config.path("digest").asString())
        .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    assertThat(m.path("layers")).hasSize(1);
    var layer = m.path("layers").get(0);
    assertThat(layer.path("mediaType").asString())
        .isEqualTo("application/vnd.dsse.envelope.v1+json");
    assertThat(layer.path("annotations").path("predicateType").asString())
        .isEqualTo(Cosign.VULN_PREDICATE);
    assertThat(layer.path("annotations").has("dev.cosignproject.cosign/signature")).isTrue();
    var subject = m.path("subject");
    assertThat(subject.path("mediaType").asString()).isEqualTo(head.mediaType());
    assertThat(subject.path("digest").asString()).isEqualTo(digest.toString());
    assertThat(subject.path("size").asLong()).isEqualTo(head.size());
    assertThat(m.path("annotations").path("org.opencontainers.image.created").asString())
        .isEqualTo("2026-03-04T05:06:07Z");
    // the envelope is a DSSE envelope of an in-toto statement about the digest
    byte[] envelope =
        client
            .openBlob(
                image,
                Descriptor.of(
                    Dsse.MEDIA_TYPE,
                    Digest.parse(layer.path("digest").asString()),
                    layer.path("size").asLong()))
            .readAllBytes();
    Dsse.Envelope env = Dsse.parse(envelope);
    assertThat(env.payloadType()).isEqualTo("application/vnd.in-toto+json");
    assertThat(env.signedBy(key.getPublic())).isTrue();
    // the referrers tag index entry carries the artifact type for filtering
    assertThat(client.referrers(image, digest, null).manifests())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.artifactType()).isEqualTo("application/vnd.in-toto+json");
              assertThat(d.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
              assertThat(d.size()).isEqualTo(raw.bytes().length);
            });
  }

  @Test
  void tamperedReferrerEnvelopeFails() throws Exception {
    Cosign cosign = new Cosign(client);
    Instant t = Instant.now();
    Pushed pushed =
        cosign.attest(
            image,
            key.getPrivate(),
            new VulnScan(
                "{\"results\":[{\"id\":\"CVE-2024-0001\"}]}".getBytes(StandardCharsets.UTF_8),
                "drydock",
                "0",
                "",
                "",
                t,
                t),
            ReferrersMode.OCI_1_1);
    ImageRef repo = new ImageRef(image.registry(), image.repository(), null, null);
    ObjectNode m = (ObjectNode) Json.MAPPER.readTree(client.getManifest(pushed.artifact()).bytes());
    ObjectNode layer = (ObjectNode) m.path("layers").get(0);
    Descriptor original =
        Descriptor.of(
            Dsse.MEDIA_TYPE,
            Digest.parse(layer.path("digest").asString()),
            layer.path("size").asLong());
    ObjectNode env =
        (ObjectNode) Json.MAPPER.readTree(client.openBlob(repo, original).readAllBytes());
    // drop the finding from the signed statement, keep the signature
    String statement =
        new String(
                Base64.getDecoder().decode(env.path("payload").asString()), StandardCharsets.UTF_8)
            .replace("{\"id\":\"CVE-2024-0001\"}", "");
    env.put(
        "payload", Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8)));
    byte[] tampered = Json.MAPPER.writeValueAsBytes(env);
    Descriptor td = Descriptor.of(Dsse.MEDIA_TYPE, Digest.sha256(tampered), tampered.length);
    client.pushBlob(repo, td, () -> new ByteArrayInputStream(tampered));
    layer.put("digest", td.digest().toString());
    layer.put("size", td.size());
    RawDocument forged = RawDocument.of(MediaTypes.OCI_MANIFEST, Json.MAPPER.writeValueAsBytes(m));
    client.putManifest(repo.withDigest(forged.digest()), forged);
    // the referrers tag index now lists only the forged manifest
    ObjectNode index = Json.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ObjectNode entry = index.putArray("manifests").addObject();
    entry.put("mediaType", MediaTypes.OCI_MANIFEST);
    entry.put("digest", forged.digest().toString());
    entry.put("size", forged.bytes().length);
    entry.put("artifactType", Cosign.ATTESTATION_ARTIFACT_TYPE);
    client.putManifest(
        repo.withTag("sha256-" + digest.hex()),
        RawDocument.of(MediaTypes.OCI_INDEX, Json.MAPPER.writeValueAsBytes(index)));

    AttestationResult r =
        cosign.verifyAttestations(image, key.getPublic(), Cosign.VULN_PREDICATE, null);
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason())
        .isEqualTo("attestation " + td.digest().shortHex() + ": signature invalid for this key");
  }

  @Test
  void attestationReferrerForAnotherSubjectIsNotRead() throws Exception {
    // a referrer of another image, listed in this image's referrers tag index: not read
    Digest another = Digest.parse(tb.digest(Img.DEBIAN_BOOKWORM_V2));
    ImageRef anotherImage = image.withTag("2");
    assertThat(copy(Img.DEBIAN_BOOKWORM_V2, anotherImage)).isEqualTo(another);
    Cosign cosign = new Cosign(client);
    Instant now = Instant.now();
    cosign.attest(
        anotherImage,
        key.getPrivate(),
        new VulnScan("{}".getBytes(StandardCharsets.UTF_8), "", "", "", "", now, now),
        ReferrersMode.OCI_1_1);
    RawDocument index = client.getManifest(image.withTag("sha256-" + another.hex()));
    client.putManifest(image.withTag("sha256-" + digest.hex()), index);
    AttestationResult r =
        cosign.verifyAttestations(image, key.getPublic(), Cosign.VULN_PREDICATE, null);
    assertThat(r.verified()).isFalse();
    assertThat(r.reasons().get(0)).startsWith("no attestations for ");
    assertThat(r.reasons().get(1)).contains("whose subject is " + digest);
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
