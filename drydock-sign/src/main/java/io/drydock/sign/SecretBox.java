package io.drydock.sign;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * scrypt and NaCl {@code secretbox} (XSalsa20-Poly1305), the two primitives of cosign's encrypted
 * private keys, which the JDK lacks. Sealed boxes are {@code tag(16) || ciphertext}, as NaCl lays
 * them out. Stateless and thread-safe.
 */
final class SecretBox {
  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 24;
  static final int TAG_BYTES = 16;

  private SecretBox() {}

  /** scrypt with a 32-byte output; parameters must already be checked against limits. */
  static byte[] scrypt(byte[] password, byte[] salt, int n, int r, int p) {
    return SCrypt.generate(password, salt, n, r, p, KEY_BYTES);
  }

  static byte[] seal(byte[] key, byte[] nonce, byte[] message) {
    XSalsa20Engine cipher = start(key, nonce);
    byte[] polyKey = keystream(cipher, KEY_BYTES);
    byte[] out = new byte[TAG_BYTES + message.length];
    cipher.processBytes(message, 0, message.length, out, TAG_BYTES);
    byte[] tag = poly1305(polyKey, out, TAG_BYTES, message.length);
    System.arraycopy(tag, 0, out, 0, TAG_BYTES);
    return out;
  }

  /** The opened message, or {@code null} when the tag does not match (wrong key or tampering). */
  static byte[] open(byte[] key, byte[] nonce, byte[] box) {
    if (box.length < TAG_BYTES) {
      return null;
    }
    XSalsa20Engine cipher = start(key, nonce);
    byte[] polyKey = keystream(cipher, KEY_BYTES);
    byte[] tag = poly1305(polyKey, box, TAG_BYTES, box.length - TAG_BYTES);
    if (!MessageDigest.isEqual(tag, Arrays.copyOf(box, TAG_BYTES))) {
      return null;
    }
    byte[] out = new byte[box.length - TAG_BYTES];
    cipher.processBytes(box, TAG_BYTES, out.length, out, 0);
    return out;
  }

  private static XSalsa20Engine start(byte[] key, byte[] nonce) {
    if (key.length != KEY_BYTES || nonce.length != NONCE_BYTES) {
      throw new IllegalArgumentException("secretbox needs a 32-byte key and a 24-byte nonce");
    }
    XSalsa20Engine cipher = new XSalsa20Engine();
    cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    return cipher;
  }

  private static byte[] keystream(XSalsa20Engine cipher, int n) {
    byte[] out = new byte[n];
    cipher.processBytes(new byte[n], 0, n, out, 0);
    return out;
  }

  private static byte[] poly1305(byte[] key, byte[] data, int off, int len) {
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(key));
    mac.update(data, off, len);
    byte[] tag = new byte[TAG_BYTES];
    mac.doFinal(tag, 0);
    return tag;
  }
}
