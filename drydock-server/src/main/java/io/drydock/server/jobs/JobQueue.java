package io.drydock.server.jobs;

import io.drydock.server.db.Database;
import io.drydock.server.db.Vendor;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The work queue, in the database, shared by every server replica.
 *
 * <p>A worker claims the oldest due job of the kinds it runs and holds it under a lease that it
 * renews while it works. A job whose worker died (its lease expired) is claimed again by another
 * worker, until its attempts run out. Completion is accepted only from the worker that holds the
 * lease, so a job that was taken over is recorded once.
 *
 * <p>On PostgreSQL the claim is one {@code UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)}:
 * replicas never wait for each other's rows. SQLite has no row locks; every transaction there is
 * {@code BEGIN IMMEDIATE} (see {@link Database}), so claims are serialised by the file's write
 * lock, also across processes, and the same statement without the locking clause is safe.
 */
public final class JobQueue {
  private final Jdbi jdbi;
  private final Vendor vendor;
  private final Clock clock;

  public JobQueue(Database db, Clock clock) {
    this.jdbi = db.jdbi();
    this.vendor = db.vendor();
    this.clock = clock;
  }

  /**
   * Queues a job unless one of the same kind and subject is already queued or running.
   *
   * @return the new job's id, or empty when an equal job was pending
   */
  public Optional<Long> enqueue(String kind, String subject, String payload) {
    return enqueue(kind, subject, payload, 3, Duration.ZERO);
  }

  /** {@link #enqueue(String, String, String)} with the attempts and a delay before it is due. */
  public Optional<Long> enqueue(
      String kind, String subject, String payload, int maxAttempts, Duration delay) {
    long now = clock.millis();
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "INSERT INTO jobs (kind, subject, payload, state, max_attempts, not_before,"
                        + " created_at) VALUES (:kind, :subject, :payload, 'queued', :max, :due,"
                        + " :now) ON CONFLICT (kind, subject) WHERE state IN ('queued', 'running')"
                        + " DO NOTHING RETURNING id")
                .bind("kind", kind)
                .bind("subject", subject)
                .bind("payload", payload)
                .bind("max", Math.max(1, maxAttempts))
                .bind("due", now + delay.toMillis())
                .bind("now", now)
                .mapTo(Long.class)
                .findOne());
  }

  /**
   * Claims the oldest due job of {@code kinds}: a queued one, or a running one whose lease expired
   * and that has attempts left.
   */
  public Optional<Job> claim(String owner, Collection<String> kinds, Duration lease) {
    if (kinds.isEmpty()) {
      return Optional.empty();
    }
    long now = clock.millis();
    String lock = vendor == Vendor.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    return jdbi.inTransaction(
        h ->
            h.createQuery(
                    "UPDATE jobs SET state = 'running', owner = :owner, lease_until = :until,"
                        + " attempts = attempts + 1, started_at = :now, error = NULL"
                        + " WHERE id = (SELECT id FROM jobs WHERE kind IN (<kinds>)"
                        + " AND not_before <= :now AND (state = 'queued' OR (state = 'running'"
                        + " AND lease_until < :now AND attempts < max_attempts))"
                        + " ORDER BY id LIMIT 1"
                        + lock
                        + ") RETURNING id, kind, subject, payload, attempts, max_attempts")
                .bind("owner", owner)
                .bind("until", now + lease.toMillis())
                .bind("now", now)
                .bindList("kinds", List.copyOf(kinds))
                .map(
                    (rs, ctx) ->
                        new Job(
                            rs.getLong("id"),
                            rs.getString("kind"),
                            rs.getString("subject"),
                            rs.getString("payload"),
                            rs.getInt("attempts"),
                            rs.getInt("max_attempts")))
                .findOne());
  }

  /** Extends the lease of a job this owner holds; {@code false} when the lease was lost. */
  public boolean renew(Job job, String owner, Duration lease) {
    long until = clock.millis() + lease.toMillis();
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE jobs SET lease_until = :until WHERE id = :id AND owner = :owner"
                            + " AND state = 'running'")
                    .bind("until", until)
                    .bind("id", job.id())
                    .bind("owner", owner)
                    .execute())
        == 1;
  }

  /**
   * Records a job as done; {@code false} (and nothing changed) when this owner no longer holds it,
   * because its lease expired and another worker took it over.
   */
  public boolean complete(Job job, String owner, String result) {
    long now = clock.millis();
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE jobs SET state = 'done', finished_at = :now, result = :result,"
                            + " lease_until = NULL WHERE id = :id AND owner = :owner"
                            + " AND state = 'running'")
                    .bind("now", now)
                    .bind("result", result)
                    .bind("id", job.id())
                    .bind("owner", owner)
                    .execute())
        == 1;
  }

  /**
   * Records a failed attempt: the job is queued again after {@code retryAfter}, or failed for good
   * when its attempts are spent. {@code false} when this owner no longer holds it.
   */
  public boolean fail(Job job, String owner, String error, Duration retryAfter) {
    long now = clock.millis();
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed'"
                            + " ELSE 'queued' END, finished_at = CASE WHEN attempts >="
                            + " max_attempts THEN :now ELSE NULL END, not_before = :due,"
                            + " error = :error, lease_until = NULL WHERE id = :id AND owner ="
                            + " :owner AND state = 'running'")
                    .bind("now", now)
                    .bind("due", now + retryAfter.toMillis())
                    .bind("error", error)
                    .bind("id", job.id())
                    .bind("owner", owner)
                    .execute())
        == 1;
  }

  /**
   * Fails for good the running jobs whose lease expired with no attempts left (their workers died
   * on every attempt); returns how many.
   */
  public int reap() {
    long now = clock.millis();
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE jobs SET state = 'failed', finished_at = :now, error = 'the worker"
                        + " stopped (lease expired) on every attempt', lease_until = NULL WHERE"
                        + " state = 'running' AND lease_until < :now AND attempts >="
                        + " max_attempts")
                .bind("now", now)
                .execute());
  }

  /** Jobs by state ({@code queued}, {@code running}, {@code done}, {@code failed}) and kind. */
  public Map<String, Map<String, Long>> counts() {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT state, kind, COUNT(*) AS n FROM jobs GROUP BY state, kind"
                        + " ORDER BY state, kind")
                .map(
                    (rs, ctx) -> {
                      out.computeIfAbsent(rs.getString("state"), k -> new LinkedHashMap<>())
                          .put(rs.getString("kind"), rs.getLong("n"));
                      return null;
                    })
                .list());
    return out;
  }

  /** A job's current row, for tests and the API. */
  public Optional<JobRecord> find(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, kind, subject, state, attempts, owner, error, result, created_at,"
                        + " finished_at FROM jobs WHERE id = :id")
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new JobRecord(
                            rs.getLong("id"),
                            rs.getString("kind"),
                            rs.getString("subject"),
                            rs.getString("state"),
                            rs.getInt("attempts"),
                            rs.getString("owner"),
                            rs.getString("error"),
                            rs.getString("result"),
                            rs.getLong("created_at"),
                            nullableLong(rs, "finished_at")))
                .findOne());
  }

  // sqlite-jdbc cannot convert to Long with getObject(column, Long.class)
  private static Long nullableLong(java.sql.ResultSet rs, String column)
      throws java.sql.SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /** A job as stored. */
  public record JobRecord(
      long id,
      String kind,
      String subject,
      String state,
      int attempts,
      String owner,
      String error,
      String result,
      long createdAt,
      Long finishedAt) {}
}
