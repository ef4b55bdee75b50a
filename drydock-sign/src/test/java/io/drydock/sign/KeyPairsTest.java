package io.drydock.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class KeyPairsTest {
  static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);
  static final byte[] MESSAGE = "payload".getBytes(StandardCharsets.UTF_8);

  /**
   * A key pair written by {@code cosign generate-key-pair} (cosign 1.x, PEM type ENCRYPTED COSIGN
   * PRIVATE KEY), with its password and public key, as published in the documentation of
   * elastic/harp (docs/onboarding/... "Cosign key materials with GitHub Actions").
   */
  static final String COSIGN_KEY =
      "-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n"
          + "eyJrZGYiOnsibmFtZSI6InNjcnlwdCIsInBhcmFtcyI6eyJOIjozMjc2OCwiciI6\n"
          + "OCwicCI6MX0sInNhbHQiOiJORWY0SzZ3VWZRWW1Ya3FySXB0WStLd3VHcnBJSkZ4\n"
          + "UUNJQzA3cGVndkZrPSJ9LCJjaXBoZXIiOnsibmFtZSI6Im5hY2wvc2VjcmV0Ym94\n"
          + "Iiwibm9uY2UiOiJxOXlEbUNUa2t1bi9jWjV4Mzc5Vlh4WDBSTmgrc2djeSJ9LCJj\n"
          + "aXBoZXJ0ZXh0IjoiN1NIWjZMbkdpS0NiUUhuWG1ZamFxV0YrUzI5NXhhc3ZWOVJ4\n"
          + "dzVFNXJmM0FRa2lCZVNOSVE2RlpMSExsaDNkdGhFdi82NzJ3V2VBM3dHNHBRZEx4\n"
          + "UU54aWQ4b0MzRURZNkNtM3laaDRyZGhqUUNsTlVxVmhCWTlCSUxud1JsOE5nVm9s\n"
          + "a2RiazVHZVFyQUF1SG5uSks1RDQ1dUlUS0k0YWIzRzN3amF3WUx3azVjNXYydDhJ\n"
          + "ajFMWjVyRlNZamNkMXBYc3Bveml0eU56RkE9PSJ9\n"
          + "-----END ENCRYPTED COSIGN PRIVATE KEY-----\n";

  static final String COSIGN_PASSWORD =
      "7cqF]\\FP0ss9uO![olGf32L+UobBCn:BqVWRZbV6=FEhv3jt>I240Ew)SYwe`ncD";

  static final String COSIGN_PUB =
      "-----BEGIN PUBLIC KEY-----\n"
          + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAESUVHp/bUkwMfoM3swWUbBgMt80o2\n"
          + "x93ZquFX+D/8DBhcR+DWQSebyqsl/YEenL1GeLWmdCKSNROmvjnBV6N7uA==\n"
          + "-----END PUBLIC KEY-----\n";

  @Test
  void encryptedKeyRoundTripsAndSignaturesVerifyUnderThePublicPem() throws Exception {
    KeyPair kp = KeyPairs.generate();
    String keyPem = KeyPairs.encryptedPrivateKeyPem(kp.getPrivate(), PASSWORD);
    String pubPem = KeyPairs.publicKeyPem(kp.getPublic());
    assertThat(keyPem).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
    assertThat(pubPem).startsWith("-----BEGIN PUBLIC KEY-----\n");

    PrivateKey read = KeyPairs.readPrivateKey(keyPem, PASSWORD);
    assertThat(read.getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
    PublicKey pub = KeyPairs.readPublicKey(pubPem);
    assertThat(pub.getEncoded()).isEqualTo(kp.getPublic().getEncoded());
    assertThat(Ecdsa.verify(pub, MESSAGE, Ecdsa.sign(read, MESSAGE))).isTrue();
  }

  @Test
  void encryptedKeyIsTheJsonCosignWrites() throws Exception {
    String keyPem = KeyPairs.encryptedPrivateKeyPem(KeyPairs.generate().getPrivate(), PASSWORD);
    String b64 = keyPem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    JsonNode json = Json.MAPPER.readTree(Base64.getDecoder().decode(b64));
    assertThat(json.propertyNames()).containsExactly("kdf", "cipher", "ciphertext");
    assertThat(json.path("kdf").path("name").asString()).isEqualTo("scrypt");
    assertThat(json.path("kdf").path("params").path("N").asInt()).isEqualTo(32768);
    assertThat(json.path("kdf").path("params").path("r").asInt()).isEqualTo(8);
    assertThat(json.path("kdf").path("params").path("p").asInt()).isEqualTo(1);
    assertThat(Base64.getDecoder().decode(json.path("kdf").path("salt").asString())).hasSize(32);
    assertThat(json.path("cipher").path("name").asString()).isEqualTo("nacl/secretbox");
    assertThat(Base64.getDecoder().decode(json.path("cipher").path("nonce").asString()))
        .hasSize(24);
  }

  @Test
  void wrongPasswordIsOneLineError() {
    String keyPem = KeyPairs.encryptedPrivateKeyPem(KeyPairs.generate().getPrivate(), PASSWORD);
    assertThatThrownBy(() -> KeyPairs.readPrivateKey(keyPem, "wrong".getBytes()))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("private key: wrong password or corrupt key (decryption failed)");
    assertThatThrownBy(() -> KeyPairs.readPrivateKey(keyPem, null))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("COSIGN_PASSWORD")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void readsAKeyCosignGenerated() throws Exception {
    PrivateKey key =
        KeyPairs.readPrivateKey(COSIGN_KEY, COSIGN_PASSWORD.getBytes(StandardCharsets.UTF_8));
    PublicKey pub = KeyPairs.readPublicKey(COSIGN_PUB);
    assertThat(Ecdsa.verify(pub, MESSAGE, Ecdsa.sign(key, MESSAGE))).isTrue();
    assertThatThrownBy(() -> KeyPairs.readPrivateKey(COSIGN_KEY, PASSWORD))
        .hasMessageContaining("wrong password");
  }

  @Test
  void readsPlainPkcs8AndSec1() throws Exception {
    KeyPair kp = KeyPairs.generate();
    String pkcs8 = KeyPairs.pem("PRIVATE KEY", kp.getPrivate().getEncoded());
    // as openssl writes it: the curve named inside the SEC1 structure
    byte[] sec1 =
        new ECPrivateKey(
                256,
                ((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS(),
                SECObjectIdentifiers.secp256r1)
            .getEncoded();
    String ec = KeyPairs.pem("EC PRIVATE KEY", sec1);
    for (String pem : new String[] {pkcs8, ec}) {
      PrivateKey read = KeyPairs.readPrivateKey(pem, null);
      assertThat(Ecdsa.verify(kp.getPublic(), MESSAGE, Ecdsa.sign(read, MESSAGE))).isTrue();
    }
  }

  @Test
  void refusesOtherFilesWithReasons() {
    assertThatThrownBy(() -> KeyPairs.readPrivateKey("hello", null))
        .hasMessageContaining("no PEM block");
    assertThatThrownBy(() -> KeyPairs.readPrivateKey(COSIGN_PUB, null))
        .hasMessageContaining("unsupported PEM type \"PUBLIC KEY\"");
    assertThatThrownBy(() -> KeyPairs.readPublicKey(COSIGN_KEY))
        .hasMessageContaining("expected PEM type PUBLIC KEY");
  }

  @Test
  void refusesScryptParametersOverTheLimit() {
    String json =
        "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":1073741824,\"r\":8,\"p\":1},"
            + "\"salt\":\"AAAA\"},\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"AAAA\"},"
            + "\"ciphertext\":\"AAAA\"}";
    String pem = KeyPairs.pem(KeyPairs.ENCRYPTED_SIGSTORE, json.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> KeyPairs.readPrivateKey(pem, PASSWORD))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("outside the accepted range");
  }

  @Test
  void secretBoxDetectsTampering() {
    byte[] key = new byte[32];
    byte[] nonce = new byte[24];
    byte[] box = SecretBox.seal(key, nonce, MESSAGE);
    assertThat(SecretBox.open(key, nonce, box)).isEqualTo(MESSAGE);
    box[box.length - 1] ^= 1;
    assertThat(SecretBox.open(key, nonce, box)).isNull();
  }
}
