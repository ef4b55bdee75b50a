package io.drydock.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.ImageRef;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.testing.registry.InMemoryRegistry;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The verification cache: each signature and envelope blob is fetched and checked once. */
class CosignCacheTest {
  static long blobGets(InMemoryRegistry r) {
    return r.requests().stream()
        .filter(q -> q.method().equals("GET") && q.path().contains("/blobs/"))
        .count();
  }

  @Test
  void verifiedBlobsAreNotFetchedAgainButClaimsAreCheckedEveryTime() throws Exception {
    KeyPair key = KeyPairs.generate();
    KeyPair other = KeyPairs.generate();
    Instant finished = Instant.parse("2026-01-01T10:00:00Z");
    try (InMemoryRegistry registry = InMemoryRegistry.start();
        RegistryClient client = RegistryClient.create(RegistryOptions.defaults())) {
      byte[] config =
          "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
              .getBytes(StandardCharsets.UTF_8);
      String configDigest = registry.putBlob("app", config);
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
      ImageRef image = ImageRef.parse(registry.hostPort() + "/app:1");
      Cosign cosign =
          new Cosign(client, Clock.fixed(finished.plusSeconds(3600), ZoneOffset.UTC), 100);
      cosign.sign(image, key.getPrivate());
      cosign.attest(
          image,
          key.getPrivate(),
          new VulnScan(
              "{}".getBytes(StandardCharsets.UTF_8),
              "drydock",
              "0",
              "",
              "",
              finished.minusSeconds(5),
              finished));

      registry.clearRequests();
      assertThat(cosign.verify(image, key.getPublic()).verified()).isTrue();
      assertThat(
              cosign
                  .verifyAttestations(image, key.getPublic(), Cosign.VULN_PREDICATE, null)
                  .verified())
          .isTrue();
      assertThat(blobGets(registry)).as("first time: payload and envelope").isEqualTo(2);

      registry.clearRequests();
      assertThat(cosign.verify(image, key.getPublic()).verified()).isTrue();
      AttestationResult again =
          cosign.verifyAttestations(image, key.getPublic(), Cosign.VULN_PREDICATE, null);
      assertThat(again.verified()).isTrue();
      assertThat(again.attestations().get(0).age()).isEqualTo(Duration.ofHours(1));
      assertThat(blobGets(registry)).as("second time: from the cache").isZero();

      // claims are still checked on cached content: too old, another type, another key
      assertThat(
              cosign
                  .verifyAttestations(image, key.getPublic(), Cosign.VULN_PREDICATE, Duration.ZERO)
                  .firstReason())
          .contains("expired");
      assertThat(
              cosign
                  .verifyAttestations(
                      image, key.getPublic(), "https://slsa.dev/provenance/v1", null)
                  .verified())
          .isFalse();
      assertThat(cosign.verify(image, other.getPublic()).verified()).isFalse();
    }
  }
}
