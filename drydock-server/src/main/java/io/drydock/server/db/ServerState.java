package io.drydock.server.db;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The server's named facts in {@code server_state}, shared by its replicas: the advisory build, the
 * refresh loop's state, schedule slots.
 */
public final class ServerState {
  private static final String UPSERT =
      "INSERT INTO server_state (name, value, updated_at) VALUES (:n, :v, :at) ON CONFLICT (name)"
          + " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";

  private final Jdbi jdbi;
  private final Clock clock;

  public ServerState(Database db, Clock clock) {
    this.jdbi = db.jdbi();
    this.clock = clock;
  }

  /** Sets {@code name} to {@code value}, now. */
  public void put(String name, String value) {
    jdbi.useHandle(
        h ->
            h.createUpdate(UPSERT)
                .bind("n", name)
                .bind("v", value)
                .bind("at", clock.millis())
                .execute());
  }

  /**
   * Sets {@code name} to {@code value} only when that moves it forward (text order; absent counts
   * as lowest): of several replicas offering the same value, exactly one succeeds.
   *
   * @return whether this call moved it
   */
  public boolean advance(String name, String value) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(UPSERT + " WHERE server_state.value < excluded.value")
                    .bind("n", name)
                    .bind("v", value)
                    .bind("at", clock.millis())
                    .execute())
        == 1;
  }

  /**
   * Takes or keeps the lease {@code name} for {@code holder}: succeeds when nobody holds it, when
   * {@code holder} holds it already (a renewal), or when its holder has not renewed it for {@code
   * ttlMillis}. One statement, so of several replicas trying at once exactly one gets it.
   *
   * @return whether {@code holder} holds the lease now
   */
  public boolean lease(String name, String holder, long ttlMillis) {
    long now = clock.millis();
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        UPSERT
                            + " WHERE server_state.value = excluded.value"
                            + " OR server_state.updated_at < :stale")
                    .bind("n", name)
                    .bind("v", holder)
                    .bind("at", now)
                    .bind("stale", now - ttlMillis)
                    .execute())
        == 1;
  }

  /**
   * Gives the lease {@code name} up if {@code holder} holds it (another replica may take it now).
   */
  public void release(String name, String holder) {
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM server_state WHERE name = :n AND value = :v")
                .bind("n", name)
                .bind("v", holder)
                .execute());
  }

  /** The value of {@code name}. */
  public Optional<String> value(String name) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT value FROM server_state WHERE name = :n")
                .bind("n", name)
                .mapTo(String.class)
                .findOne());
  }

  /** When {@code name} was last set (epoch millis), or 0. */
  public long updatedAt(String name) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT updated_at FROM server_state WHERE name = :n")
                .bind("n", name)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
  }

  /** Every name starting with {@code prefix} (a literal prefix), with its value. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT name, value FROM server_state WHERE substr(name, 1, :len) = :p"
                        + " ORDER BY name")
                .bind("len", prefix.length())
                .bind("p", prefix)
                .map((rs, c) -> out.put(rs.getString(1), rs.getString(2)))
                .list());
    return out;
  }
}
