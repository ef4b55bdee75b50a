package io.drydock.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Interop with a signature cosign made: the payload, layer digest, signature and certificate of a
 * {@code .sig} manifest layer published in ratify-project/ratify's cosign verifier tests (a keyless
 * signature: the key is the Fulcio certificate's). Drydock must write the same payload bytes for
 * the same image, and accept cosign's DER signature over them.
 */
class SimpleSigningTest {
  static final String COSIGN_PAYLOAD =
      "{\"critical\":{\"identity\":{\"docker-reference\":\"wabbitnetworks.azurecr.io/test/cosign-image\"},"
          + "\"image\":{\"docker-manifest-digest\":\"sha256:623621b56649b5e0c2c7cf3ffd987932f8f9a5a01036e00d6f3ae9480087621c\"},"
          + "\"type\":\"cosign container image signature\"},\"optional\":null}";
  static final String COSIGN_LAYER_DIGEST =
      "sha256:d1226e36bc8502978324cb2cb2116c6aa48edb2ea8f15b1c6f6f256ed43388f6";
  static final String COSIGN_SIGNATURE =
      "MEUCIFBlKbxxg1Ni++g99jeWO8Of3g5L0Xd+qMzdqCZySQ8DAiEA3lcOJPJ1FQOahtWaRU0hG0XxFEsbcVx6SIyzYQMMR0A=";
  static final String COSIGN_CERT =
      "-----BEGIN CERTIFICATE-----\n"
          + "MIICoDCCAiagAwIBAgIURVuJJz9H2lTVWO67PnsgtMtSmlMwCgYIKoZIzj0EAwMw\n"
          + "NzEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MR4wHAYDVQQDExVzaWdzdG9yZS1pbnRl\n"
          + "cm1lZGlhdGUwHhcNMjMwMjE2MDUyMzA0WhcNMjMwMjE2MDUzMzA0WjAAMFkwEwYH\n"
          + "KoZIzj0CAQYIKoZIzj0DAQcDQgAE7eKu8pk7g2/IRhRy2P/2HcsSBcX6BZhOCIsl\n"
          + "H05AXqK5eKBFO0eM+hHqqiima4Tnwzc1sOot8tTFw9yDDmxpNKOCAUUwggFBMA4G\n"
          + "A1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDAzAdBgNVHQ4EFgQULiUD\n"
          + "z1Dnoh9UMgioO1tYn0w5IBUwHwYDVR0jBBgwFoAU39Ppz1YkEZb5qNjpKFWixi4Y\n"
          + "ZD8wIAYDVR0RAQH/BBYwFIESc296ZXJjYW5AZ21haWwuY29tMCwGCisGAQQBg78w\n"
          + "AQEEHmh0dHBzOi8vZ2l0aHViLmNvbS9sb2dpbi9vYXV0aDCBiQYKKwYBBAHWeQIE\n"
          + "AgR7BHkAdwB1AN09MGrGxxEyYxkeHJlnNwKiSl643jyt/4eKcoAvKe6OAAABhlit\n"
          + "GLUAAAQDAEYwRAIgONkdpHynlo2tOobpnrDWOB6KypqkVvtUmFJ+RSUH+H0CIEMH\n"
          + "tL6mrx3y3eUkpv27nQLRTZwWrFr84guC0xQwpuYjMAoGCCqGSM49BAMDA2gAMGUC\n"
          + "MAkLrNxkWe4O1VlN58Oc4mvdPxp4ZhQtWKR3rEFPJioj7W9lL0Pw5mVr9FBzH6sZ\n"
          + "pgIxAPj8IPVOUUSStSXh7RWjt+ITIyWpwIz7PkuiOE0pCG6HvGCvl+fTi0MPvrSP\n"
          + "hrreeg==\n"
          + "-----END CERTIFICATE-----\n";

  @Test
  void payloadIsByteForByteWhatCosignWrites() {
    byte[] ours =
        SimpleSigning.payload(
            ImageRef.parse("wabbitnetworks.azurecr.io/test/cosign-image:v1"),
            Digest.parse(
                "sha256:623621b56649b5e0c2c7cf3ffd987932f8f9a5a01036e00d6f3ae9480087621c"));
    assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(COSIGN_PAYLOAD);
    assertThat(Digest.sha256(ours).toString()).isEqualTo(COSIGN_LAYER_DIGEST);
  }

  @Test
  void acceptsCosignsSignatureAndRejectsATamperedPayload() throws Exception {
    PublicKey key =
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(COSIGN_CERT.getBytes(StandardCharsets.US_ASCII)))
            .getPublicKey();
    byte[] sig = Base64.getDecoder().decode(COSIGN_SIGNATURE);
    byte[] payload = COSIGN_PAYLOAD.getBytes(StandardCharsets.UTF_8);
    assertThat(Ecdsa.verify(key, payload, sig)).isTrue();
    byte[] tampered = COSIGN_PAYLOAD.replace("6236", "6237").getBytes(StandardCharsets.UTF_8);
    assertThat(Ecdsa.verify(key, tampered, sig)).isFalse();
  }

  @Test
  void dockerHubReferenceIsCosigns() {
    assertThat(SimpleSigning.dockerReference(ImageRef.parse("debian:bookworm")))
        .isEqualTo("index.docker.io/library/debian");
    assertThat(
            SimpleSigning.tag(
                Digest.parse(
                    "sha256:623621b56649b5e0c2c7cf3ffd987932f8f9a5a01036e00d6f3ae9480087621c"),
                "sig"))
        .isEqualTo("sha256-623621b56649b5e0c2c7cf3ffd987932f8f9a5a01036e00d6f3ae9480087621c.sig");
  }

  @Test
  void dssePreAuthenticationEncodingMatchesTheSpecExample() {
    assertThat(
            new String(
                Dsse.pae(
                    "http://example.com/HelloWorld",
                    "hello world".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  }
}
