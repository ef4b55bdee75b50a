package io.drydock.server.api;

import io.drydock.server.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * API tokens. A token's secret ({@code ddk_} + 32 random bytes, base64url) is shown once when it is
 * created; only its SHA-256 (hex) is stored, in {@code tokens.hash}. A presented secret is hashed
 * and looked up by that hash; {@code last_used} is written at most once a minute per token so that
 * authenticating stays a read.
 */
public final class Tokens {
  /** Token names: letters, digits, {@code . _ -}, 1–64 characters. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final long LAST_USED_RESOLUTION_MS = 60_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;
  private final Clock clock;

  public Tokens(Database db, Clock clock) {
    this.jdbi = db.jdbi();
    this.clock = clock;
  }

  /** A token as listed: never its secret. */
  public record TokenInfo(String name, long createdAt, Long lastUsed) {}

  /**
   * Creates a token and returns its secret (the only time it is available).
   *
   * @throws IllegalArgumentException when the name is not valid or already taken
   */
  public String create(String name) {
    checkName(name);
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String secret = "ddk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    int n =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO tokens (name, hash, created_at) VALUES (:name, :hash, :now)"
                            + " ON CONFLICT (name) DO NOTHING")
                    .bind("name", name)
                    .bind("hash", hash(secret))
                    .bind("now", clock.millis())
                    .execute());
    if (n == 0) {
      throw new IllegalArgumentException("token " + name + ": already exists (revoke it first)");
    }
    return secret;
  }

  /**
   * Stores the hash of a secret chosen elsewhere (a Kubernetes Secret) under {@code name},
   * replacing that name's previous secret.
   *
   * @throws IllegalArgumentException when the name or the secret is not acceptable
   */
  public void store(String name, String secret) {
    checkName(name);
    if (secret == null
        || secret.length() < 20
        || secret.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "token " + name + ": the secret must be at least 20 characters without whitespace");
    }
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO tokens (name, hash, created_at) VALUES (:name, :hash, :now)"
                        + " ON CONFLICT (name) DO UPDATE SET hash = excluded.hash")
                .bind("name", name)
                .bind("hash", hash(secret))
                .bind("now", clock.millis())
                .execute());
  }

  /** The tokens, by name. */
  public List<TokenInfo> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT name, created_at, last_used FROM tokens ORDER BY name")
                .map(
                    (rs, ctx) ->
                        new TokenInfo(rs.getString("name"), rs.getLong("created_at"), lastUsed(rs)))
                .list());
  }

  /** Deletes a token; {@code false} when there is none of that name. */
  public boolean revoke(String name) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM tokens WHERE name = :name")
                    .bind("name", name)
                    .execute())
        > 0;
  }

  /** The name of the token whose secret this is, if any; records its use. */
  public Optional<String> authenticate(String secret) {
    if (secret == null || secret.isEmpty() || secret.length() > 512) {
      return Optional.empty();
    }
    String presented = hash(secret);
    long now = clock.millis();
    Optional<Row> row =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT name, hash, last_used FROM tokens WHERE hash = :hash")
                    .bind("hash", presented)
                    .map(
                        (rs, ctx) ->
                            new Row(rs.getString("name"), rs.getString("hash"), lastUsed(rs)))
                    .findOne());
    // the lookup is by hash, so its timing depends on the hash of what was presented, not on the
    // secret; the final comparison is constant-time all the same
    if (row.isEmpty()
        || !MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.US_ASCII),
            row.get().hash().getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    Row r = row.get();
    if (r.lastUsed() == null || now - r.lastUsed() >= LAST_USED_RESOLUTION_MS) {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "UPDATE tokens SET last_used = :now WHERE name = :name"
                          + " AND (last_used IS NULL OR last_used <= :cut)")
                  .bind("now", now)
                  .bind("name", r.name())
                  .bind("cut", now - LAST_USED_RESOLUTION_MS)
                  .execute());
    }
    return Optional.of(r.name());
  }

  private static Long lastUsed(java.sql.ResultSet rs) throws java.sql.SQLException {
    long v = rs.getLong("last_used");
    return rs.wasNull() ? null : v;
  }

  private record Row(String name, String hash, Long lastUsed) {}

  /** SHA-256 of the secret's UTF-8 bytes, lower-case hex: what {@code tokens.hash} holds. */
  public static String hash(String secret) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "token name \""
              + name
              + "\": use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
  }
}
