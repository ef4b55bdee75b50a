package io.drydock.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Descriptor;
import io.drydock.oci.ImageRef;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.testing.registry.Fault;
import io.drydock.testing.registry.InMemoryRegistry;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signatures and attestations as OCI 1.1 referrers on a registry that implements the referrers API
 * (the in-memory one answers {@code OCI-Subject}, so no referrers tag index is written).
 */
class CosignReferrersApiTest {
  static final KeyPair KEY = KeyPairs.generate();
  static final Instant FINISHED = Instant.parse("2026-01-01T10:00:00Z");

  InMemoryRegistry registry;
  RegistryClient client;
  ImageRef image;
  String digest;

  @BeforeEach
  void start() throws Exception {
    registry = InMemoryRegistry.start();
    client = RegistryClient.create(RegistryOptions.defaults());
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = registry.putBlob("app", config);
    digest =
        registry.putManifest(
            "app",
            "1",
            "application/vnd.oci.image.manifest.v1+json",
            ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                    + "\"digest\":\""
                    + configDigest
                    + "\",\"size\":"
                    + config.length
                    + "},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8));
    image = ImageRef.parse(registry.hostPort() + "/app:1");
  }

  @AfterEach
  void stop() {
    client.close();
    registry.close();
  }

  Cosign cosign() {
    return new Cosign(client, Clock.fixed(FINISHED.plusSeconds(3600), ZoneOffset.UTC));
  }

  Pushed attest(Cosign cosign) throws Exception {
    return cosign.attest(
        image,
        KEY.getPrivate(),
        new VulnScan(
            "{\"results\":[]}".getBytes(StandardCharsets.UTF_8),
            "drydock",
            "0",
            "",
            "",
            FINISHED.minusSeconds(5),
            FINISHED),
        ReferrersMode.OCI_1_1);
  }

  @Test
  void attestationFoundThroughTheReferrersApi() throws Exception {
    Cosign cosign = cosign();
    Pushed pushed = attest(cosign);
    // neither the .att tag nor a referrers tag index: the registry indexes the subject itself
    assertThat(registry.tags("app")).containsExactly("1");
    registry.clearRequests();
    AttestationResult r =
        cosign.verifyAttestations(
            image, KEY.getPublic(), Cosign.VULN_PREDICATE, Duration.ofDays(1));
    assertThat(r.verified()).as("%s", r.reasons()).isTrue();
    assertThat(r.attestations()).singleElement();
    assertThat(registry.requests())
        .anySatisfy(
            q -> {
              assertThat(q.path()).contains("/referrers/" + digest);
              assertThat(q.path()).contains("artifactType=application");
            });
    assertThat(pushed.artifact().digest()).isEqualTo(pushed.manifest());
  }

  @Test
  void signatureAndAttestationReferrersAreToldApartByArtifactType() throws Exception {
    Cosign cosign = cosign();
    cosign.signAsReferrer(image, KEY.getPrivate());
    attest(cosign);
    assertThat(cosign.verify(image, KEY.getPublic()).verified()).isTrue();
    assertThat(
            client.referrers(image, io.drydock.oci.Digest.parse(digest), null).manifests().stream()
                .map(Descriptor::artifactType))
        .containsExactlyInAnyOrder(
            Cosign.SIGNATURE_ARTIFACT_TYPE, Cosign.ATTESTATION_ARTIFACT_TYPE);
    AttestationResult r =
        cosign.verifyAttestations(image, KEY.getPublic(), Cosign.VULN_PREDICATE, null);
    assertThat(r.verified()).as("%s", r.reasons()).isTrue();
    assertThat(r.reasons()).isEmpty();
  }

  @Test
  void envelopeServedWithOtherBytesFailsAsTampered() throws Exception {
    Cosign cosign = cosign();
    attest(cosign);
    registry.faults().add(Fault.corruptBody().onPath("/blobs/").times(1));
    AttestationResult r =
        cosign.verifyAttestations(image, KEY.getPublic(), Cosign.VULN_PREDICATE, null);
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason()).contains("blob does not match its digest (tampered)");
  }

  @Test
  void expiredReferrerAttestationFails() throws Exception {
    Cosign cosign = cosign();
    attest(cosign);
    AttestationResult r =
        cosign.verifyAttestations(
            image, KEY.getPublic(), Cosign.VULN_PREDICATE, Duration.ofMinutes(30));
    assertThat(r.verified()).isFalse();
    assertThat(r.firstReason()).contains("expired").contains("over the maximum age of 30m");
  }
}
