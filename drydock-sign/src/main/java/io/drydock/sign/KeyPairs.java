package io.drydock.sign;

import io.drydock.oci.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ECDSA P-256 key pairs in cosign's file formats.
 *
 * <ul>
 *   <li>Public keys: PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), as in {@code cosign.pub}.
 *   <li>Private keys written: PEM {@code ENCRYPTED SIGSTORE PRIVATE KEY}, the JSON cosign writes
 *       (scrypt N=32768 r=8 p=1 over the password, 32-byte salt; NaCl secretbox with a 24-byte
 *       nonce) around the PKCS#8 DER key.
 *   <li>Private keys read: that format, its older name {@code ENCRYPTED COSIGN PRIVATE KEY}, plain
 *       PKCS#8 ({@code PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}). Only EC keys are accepted.
 * </ul>
 *
 * Passwords are raw bytes (cosign uses the UTF-8 bytes of {@code COSIGN_PASSWORD}); an empty
 * password is allowed, as in cosign. Thread-safe.
 */
public final class KeyPairs {
  /** The PEM type cosign 2.x writes for encrypted private keys. */
  public static final String ENCRYPTED_SIGSTORE = "ENCRYPTED SIGSTORE PRIVATE KEY";

  /** The PEM type cosign 1.x wrote; still read. */
  public static final String ENCRYPTED_COSIGN = "ENCRYPTED COSIGN PRIVATE KEY";

  static final int SCRYPT_N = 32768;
  static final int SCRYPT_R = 8;
  static final int SCRYPT_P = 1;
  private static final int MAX_SCRYPT_N = 1 << 20;
  private static final int MAX_PEM_CHARS = 64 * 1024;
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyPairs() {}

  /** A fresh ECDSA P-256 key pair from the JDK's default {@link SecureRandom}. */
  public static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate ECDSA P-256 keys", e);
    }
  }

  /** {@code key} as PEM {@code PUBLIC KEY} (SPKI), 64 characters a line, ending in a newline. */
  public static String publicKeyPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /**
   * {@code key} encrypted under {@code password} in cosign's format (PEM {@code ENCRYPTED SIGSTORE
   * PRIVATE KEY}); a fresh salt and nonce each call. Costs one scrypt run (about 0.1 s, 32 MiB).
   */
  public static String encryptedPrivateKeyPem(PrivateKey key, byte[] password) {
    byte[] salt = new byte[32];
    byte[] nonce = new byte[SecretBox.NONCE_BYTES];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(nonce);
    byte[] box =
        SecretBox.seal(
            SecretBox.scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P),
            nonce,
            key.getEncoded());
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode kdf = root.putObject("kdf");
    kdf.put("name", "scrypt");
    ObjectNode params = kdf.putObject("params");
    params.put("N", SCRYPT_N);
    params.put("r", SCRYPT_R);
    params.put("p", SCRYPT_P);
    kdf.put("salt", b64.encodeToString(salt));
    ObjectNode cipher = root.putObject("cipher");
    cipher.put("name", "nacl/secretbox");
    cipher.put("nonce", b64.encodeToString(nonce));
    root.put("ciphertext", b64.encodeToString(box));
    return pem(ENCRYPTED_SIGSTORE, Json.MAPPER.writeValueAsBytes(root));
  }

  /** Reads a PEM {@code PUBLIC KEY} holding an EC key. */
  public static PublicKey readPublicKey(String pem) throws KeyFileException {
    Block b = block(pem, "public key");
    if (!b.type.equals("PUBLIC KEY")) {
      throw new KeyFileException(
          "public key: expected PEM type PUBLIC KEY, found \"" + b.type + "\"");
    }
    try {
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(b.der));
      requireEc(key, "public key");
      return key;
    } catch (GeneralSecurityException e) {
      throw new KeyFileException("public key: not an EC SubjectPublicKeyInfo (" + e + ")", e);
    }
  }

  /**
   * Reads a private key in any of the formats above. {@code password} is needed only for the
   * encrypted formats ({@code null} there is an error naming {@code COSIGN_PASSWORD}).
   *
   * @throws KeyFileException for a wrong password ("wrong password or corrupt key"), a PEM type not
   *     listed above, kdf parameters over the limits (N ≤ 2^20, r ≤ 32, p ≤ 16) or a non-EC key
   */
  public static PrivateKey readPrivateKey(String pem, byte[] password) throws KeyFileException {
    Block b = block(pem, "private key");
    byte[] pkcs8 =
        switch (b.type) {
          case ENCRYPTED_SIGSTORE, ENCRYPTED_COSIGN -> decrypt(b.der, password);
          case "PRIVATE KEY" -> b.der;
          case "EC PRIVATE KEY" -> sec1ToPkcs8(b.der);
          default ->
              throw new KeyFileException(
                  "private key: unsupported PEM type \""
                      + b.type
                      + "\" (expected "
                      + ENCRYPTED_SIGSTORE
                      + ", PRIVATE KEY or EC PRIVATE KEY)");
        };
    try {
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      requireEc(key, "private key");
      return key;
    } catch (GeneralSecurityException e) {
      throw new KeyFileException("private key: not an EC PKCS#8 key (only ECDSA is supported)", e);
    }
  }

  /** Whether {@code pem} is one of cosign's encrypted private key formats. */
  public static boolean isEncrypted(String pem) {
    return pem.contains("-----BEGIN " + ENCRYPTED_SIGSTORE + "-----")
        || pem.contains("-----BEGIN " + ENCRYPTED_COSIGN + "-----");
  }

  private static byte[] decrypt(byte[] json, byte[] password) throws KeyFileException {
    if (password == null) {
      throw new KeyFileException(
          "private key is encrypted: set COSIGN_PASSWORD (or give the password file)");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new KeyFileException("encrypted private key: not the JSON cosign writes");
    }
    JsonNode kdf = root.path("kdf");
    JsonNode params = kdf.path("params");
    JsonNode cipher = root.path("cipher");
    if (!"scrypt".equals(kdf.path("name").asString(""))
        || !"nacl/secretbox".equals(cipher.path("name").asString(""))) {
      throw new KeyFileException(
          "encrypted private key: unsupported kdf \""
              + kdf.path("name").asString("")
              + "\" or cipher \""
              + cipher.path("name").asString("")
              + "\" (expected scrypt and nacl/secretbox)");
    }
    int n = params.path("N").asInt(0);
    int r = params.path("r").asInt(0);
    int p = params.path("p").asInt(0);
    if (n < 2
        || n > MAX_SCRYPT_N
        || Integer.bitCount(n) != 1
        || r < 1
        || r > 32
        || p < 1
        || p > 16) {
      throw new KeyFileException(
          "encrypted private key: scrypt parameters N="
              + n
              + " r="
              + r
              + " p="
              + p
              + " are outside the accepted range (N a power of two up to 2^20, r ≤ 32, p ≤ 16)");
    }
    byte[] salt;
    byte[] nonce;
    byte[] box;
    try {
      Base64.Decoder d = Base64.getDecoder();
      salt = d.decode(kdf.path("salt").asString(""));
      nonce = d.decode(cipher.path("nonce").asString(""));
      box = d.decode(root.path("ciphertext").asString(""));
    } catch (IllegalArgumentException e) {
      throw new KeyFileException("encrypted private key: bad base64 in salt, nonce or ciphertext");
    }
    if (nonce.length != SecretBox.NONCE_BYTES || salt.length == 0) {
      throw new KeyFileException(
          "encrypted private key: nonce must be 24 bytes and salt not empty");
    }
    byte[] plain = SecretBox.open(SecretBox.scrypt(password, salt, n, r, p), nonce, box);
    if (plain == null) {
      throw new KeyFileException("private key: wrong password or corrupt key (decryption failed)");
    }
    return plain;
  }

  private static byte[] sec1ToPkcs8(byte[] der) throws KeyFileException {
    ECPrivateKey sec1;
    try {
      sec1 = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new KeyFileException("EC PRIVATE KEY: not SEC1 DER (" + e.getMessage() + ")", e);
    }
    if (sec1.getParametersObject() == null) {
      throw new KeyFileException("EC PRIVATE KEY: no curve named in the key");
    }
    try {
      return new PrivateKeyInfo(
              new AlgorithmIdentifier(
                  X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()),
              sec1)
          .getEncoded();
    } catch (java.io.IOException e) {
      throw new KeyFileException("EC PRIVATE KEY: cannot re-encode as PKCS#8", e);
    }
  }

  private static void requireEc(java.security.Key key, String what) throws KeyFileException {
    if (!(key instanceof ECKey)) {
      throw new KeyFileException(what + ": only ECDSA keys are supported");
    }
  }

  private record Block(String type, byte[] der) {}

  private static Block block(String pem, String what) throws KeyFileException {
    if (pem.length() > MAX_PEM_CHARS) {
      throw new KeyFileException(what + ": file is larger than " + MAX_PEM_CHARS + " characters");
    }
    Matcher m = PEM.matcher(pem);
    if (!m.find()) {
      throw new KeyFileException(what + ": no PEM block (-----BEGIN ...-----) found");
    }
    try {
      return new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2)));
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(what + ": bad base64 in the PEM block " + m.group(1));
    }
  }

  static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
