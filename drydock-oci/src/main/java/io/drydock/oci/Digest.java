package io.drydock.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A validated content digest, {@code algorithm:hex}, as used by OCI and the distribution API.
 *
 * <p>Only {@code sha256} (64 hex digits) and {@code sha512} (128 hex digits) are accepted, in lower
 * case, because those are the only algorithms the OCI image spec registers; anything else is
 * refused by {@link #parse(String)} with an {@link IllegalArgumentException} quoting the input.
 */
public record Digest(String algorithm, String hex) {

  public static final String SHA256 = "sha256";
  public static final String SHA512 = "sha512";

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    int expected =
        switch (algorithm) {
          case SHA256 -> 64;
          case SHA512 -> 128;
          default ->
              throw new IllegalArgumentException(
                  "unsupported digest algorithm \"" + algorithm + "\" (expected sha256 or sha512)");
        };
    if (hex.length() != expected || !isLowerHex(hex)) {
      throw new IllegalArgumentException(
          "invalid "
              + algorithm
              + " digest \""
              + algorithm
              + ":"
              + hex
              + "\": expected "
              + expected
              + " lower-case hex digits");
    }
  }

  /** Parses {@code algorithm:hex}; throws {@link IllegalArgumentException} naming the input. */
  public static Digest parse(String s) {
    Objects.requireNonNull(s, "digest");
    int colon = s.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "invalid digest \"" + s + "\": expected algorithm:hex, e.g. sha256:<64 hex digits>");
    }
    return new Digest(s.substring(0, colon), s.substring(colon + 1));
  }

  /** The SHA-256 digest of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return new Digest(SHA256, HexFormat.of().formatHex(newMessageDigest(SHA256).digest(bytes)));
  }

  /** A fresh {@link MessageDigest} for {@code algorithm} ({@code sha256} or {@code sha512}). */
  public static MessageDigest newMessageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(
          switch (algorithm) {
            case SHA256 -> "SHA-256";
            case SHA512 -> "SHA-512";
            default ->
                throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
          });
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  /** A fresh {@link MessageDigest} of this digest's algorithm. */
  public MessageDigest newMessageDigest() {
    return newMessageDigest(algorithm);
  }

  /** Builds a digest from a finished {@link MessageDigest} of the given algorithm. */
  public static Digest of(String algorithm, byte[] hash) {
    return new Digest(algorithm, HexFormat.of().formatHex(hash));
  }

  /** The hex part shortened to 12 characters, as {@code docker images} shows IDs. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  /** File-system friendly encoding used by OCI layouts: {@code blobs/<algorithm>/<hex>}. */
  public String blobPath() {
    return "blobs/" + algorithm + "/" + hex;
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
