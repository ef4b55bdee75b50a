package io.drydock.refresh.watch;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook request proves it comes from the registry. Every comparison of a secret runs in
 * constant time ({@link MessageDigest#isEqual} over fixed-length hashes, so not even the length
 * leaks). Rejections are {@link WebhookRejectedException}s with status 401 whose message names the
 * header and the reason but never a secret or the value that was sent.
 *
 * <p>Header names are matched case-insensitively. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface WebhookAuth {

  /** GitHub's convention for an HMAC-SHA256 of the body: {@code sha256=<hex>}. */
  String HUB_SIGNATURE_256 = "X-Hub-Signature-256";

  /**
   * Returns normally when the request is authentic, else throws {@link WebhookRejectedException}
   * (401).
   *
   * @param headers request headers (names in any case; one value per name)
   * @param body the raw request body, exactly as received
   */
  void verify(Map<String, String> headers, byte[] body);

  /**
   * {@code Authorization: Bearer <token>}: what {@code registry.sh --notify-token} and a
   * distribution {@code notifications.endpoints[].headers} entry send; for ACR, set a custom header
   * {@code Authorization: Bearer <token>} on the webhook; for Harbor, set the webhook's "Auth
   * Header" to {@code Bearer <token>}. The scheme is matched case-insensitively.
   */
  static WebhookAuth bearerToken(String token) {
    byte[] expected = hash(requireSecret(token, "bearer token"));
    return (headers, body) -> {
      String v = header(headers, "Authorization");
      if (v == null) {
        throw unauthorized("missing Authorization header (expected a Bearer token)");
      }
      String t = v.strip();
      if (t.length() < 7 || !t.substring(0, 7).equalsIgnoreCase("bearer ")) {
        throw unauthorized("Authorization header is not a Bearer token");
      }
      if (!MessageDigest.isEqual(expected, hash(t.substring(7).strip()))) {
        throw unauthorized("wrong Bearer token in the Authorization header");
      }
    };
  }

  /**
   * Header {@code name} must carry exactly {@code value} (after trimming surrounding blanks): a
   * Harbor "Auth Header" (sent as {@code Authorization: <value>}) or an ACR custom header.
   */
  static WebhookAuth headerValue(String name, String value) {
    Objects.requireNonNull(name, "name");
    byte[] expected = hash(requireSecret(value, "value of header " + name));
    return (headers, body) -> {
      String v = header(headers, name);
      if (v == null) {
        throw unauthorized("missing " + name + " header");
      }
      if (!MessageDigest.isEqual(expected, hash(v.strip()))) {
        throw unauthorized("wrong value in the " + name + " header");
      }
    };
  }

  /**
   * HMAC-SHA256 of the raw body with {@code secret}, hex-encoded in header {@code name}, optionally
   * prefixed {@code sha256=} (GitHub's {@value #HUB_SIGNATURE_256} form). Hex digits in either
   * case.
   *
   * @param secret the shared secret; copied
   */
  static WebhookAuth hmacSha256(String name, byte[] secret) {
    Objects.requireNonNull(name, "name");
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("HMAC secret for header " + name + " must not be empty");
    }
    byte[] key = secret.clone();
    return (headers, body) -> {
      String v = header(headers, name);
      if (v == null) {
        throw unauthorized("missing " + name + " header (expected sha256=<hex HMAC of the body>)");
      }
      String hex = v.strip();
      if (hex.regionMatches(true, 0, "sha256=", 0, 7)) {
        hex = hex.substring(7);
      }
      byte[] given;
      try {
        given = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw unauthorized(name + " header is not sha256=<64 hex digits>");
      }
      if (given.length != 32) {
        throw unauthorized(name + " header is not sha256=<64 hex digits>");
      }
      if (!MessageDigest.isEqual(hmac(key, body), given)) {
        throw unauthorized(name + " signature does not match the body");
      }
    };
  }

  /** {@link #hmacSha256(String, byte[])} with the secret's UTF-8 bytes. */
  static WebhookAuth hmacSha256(String name, String secret) {
    return hmacSha256(name, requireSecret(secret, "HMAC secret").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Accepts a request that any of {@code choices} accepts (e.g. while rotating a token); the
   * rejection names every choice's reason.
   */
  static WebhookAuth anyOf(WebhookAuth... choices) {
    List<WebhookAuth> all = List.of(choices);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("anyOf needs at least one choice");
    }
    return (headers, body) -> {
      StringBuilder reasons = new StringBuilder();
      for (WebhookAuth a : all) {
        try {
          a.verify(headers, body);
          return;
        } catch (WebhookRejectedException e) {
          reasons.append(reasons.length() == 0 ? "" : "; ").append(e.getMessage());
        }
      }
      throw unauthorized(reasons.toString());
    };
  }

  /** Accepts everything: only for endpoints that a network policy already protects. */
  static WebhookAuth none() {
    return (headers, body) -> {};
  }

  /** The HMAC-SHA256 of {@code body} as {@code sha256=<lower-case hex>}: what a sender computes. */
  static String signature(byte[] secret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac(secret, body));
  }

  private static String requireSecret(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return s.strip();
  }

  /** The value of header {@code name} in any case, or {@code null}. */
  static String header(Map<String, String> headers, String name) {
    String direct = headers.get(name);
    if (direct != null) {
      return direct;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static WebhookRejectedException unauthorized(String why) {
    return new WebhookRejectedException(WebhookRejectedException.UNAUTHORIZED, why);
  }

  private static byte[] hash(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
