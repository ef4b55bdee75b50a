package io.drydock.server.api;

import io.drydock.server.DaemonThreads;
import io.drydock.server.db.Database;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;

/**
 * The open-finding counts and risk of every image, aggregated once and reused while the data is
 * unchanged. Sorting the fleet by risk needs every image's risk; aggregating all findings (about
 * 170,000 rows for 1,000 images) costs half a second on SQLite, far too much per request at 200
 * requests/s, so it is cached here.
 *
 * <p>Freshness: every use reads a cheap fingerprint of the tables (image count, latest scan,
 * evaluation, new and resolved finding — index lookups; the scan and re-evaluation parts set {@code
 * images.scanned_at}/{@code evaluated_at} whenever they change findings). A changed fingerprint
 * recomputes before answering (one request computes, concurrent ones wait for it); an unchanged one
 * older than {@link #MAX_AGE_NANOS} is recomputed in the background while the last value is served,
 * so direct edits that the fingerprint cannot see (a reopened finding without a new evaluation)
 * show within that time.
 *
 * <p>The fingerprint itself is read from the database at most every {@link #FINGERPRINT_TTL_NANOS}
 * (at 200 requests/s it was one or two of each request's four or five queries, and on PostgreSQL
 * about a millisecond of the database's CPU each), and again at once whenever this process has
 * written images or findings ({@link Database#imageWrites()}): a replica sees its own scans and
 * re-evaluations immediately, and other replicas' within a quarter of a second.
 */
final class FleetRisk implements AutoCloseable {
  static final long MAX_AGE_NANOS = 15_000_000_000L;
  static final long FINGERPRINT_TTL_NANOS = 250_000_000L;

  /** One image's open findings: counts by severity, KEV, fixable, and the summed risk. */
  record Agg(
      long critical,
      long high,
      long medium,
      long low,
      long unknown,
      long kev,
      long fixable,
      double risk) {
    static final Agg NONE = new Agg(0, 0, 0, 0, 0, 0, 0, 0);

    long bySeverity(String s) {
      return switch (s) {
        case "CRITICAL" -> critical;
        case "HIGH" -> high;
        case "MEDIUM" -> medium;
        case "LOW" -> low;
        default -> unknown;
      };
    }
  }

  /** An image in the risk order: highest risk first, then by digest. */
  record Ranked(String digest, String repository, double risk) {}

  /**
   * The fleet's aggregates at one moment.
   *
   * @param byDigest every image's aggregate (images without open findings are absent)
   * @param ranked every image, highest risk first (then by digest); sorted once per snapshot
   */
  record Snapshot(
      String fingerprint, long loadedAt, Map<String, Agg> byDigest, List<Ranked> ranked) {}

  /** A fingerprint as read, with this process's write count and the time it was read at. */
  private record Seen(String fingerprint, long writes, long at) {}

  private final Database db;
  private final Jdbi jdbi;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(DaemonThreads.named("drydock-api-fleet-risk"));
  private volatile Snapshot snapshot;
  private volatile Seen seen;

  FleetRisk(Database db) {
    this.db = db;
    this.jdbi = db.jdbi();
  }

  /** Every image's aggregate, by digest (images without open findings are absent). */
  Map<String, Agg> byDigest() {
    return current().byDigest();
  }

  /** The current snapshot: one request reads its aggregates and order from the same one. */
  Snapshot current() {
    String fp = fingerprint();
    Snapshot s = snapshot;
    if (s != null && s.fingerprint().equals(fp)) {
      if (System.nanoTime() - s.loadedAt() > MAX_AGE_NANOS
          && refreshing.compareAndSet(false, true)) {
        try {
          background.execute(
              () -> {
                lock.lock();
                try {
                  snapshot = load(fingerprint());
                } finally {
                  lock.unlock();
                  refreshing.set(false);
                }
              });
        } catch (RejectedExecutionException e) {
          refreshing.set(false);
        }
      }
      return s;
    }
    lock.lock();
    try {
      s = snapshot;
      if (s != null && s.fingerprint().equals(fp)) {
        return s;
      }
      Snapshot fresh = load(fp);
      snapshot = fresh;
      return fresh;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The cheap fingerprint of the findings tables (equal fingerprints, equal counts), as read at
   * most {@link #FINGERPRINT_TTL_NANOS} ago and after this process's last write.
   */
  String fingerprint() {
    // the write count is read before the query: every write it counts has committed, so the query
    // sees it
    long writes = db.imageWrites();
    long now = System.nanoTime();
    Seen s = seen;
    if (s != null && s.writes() == writes && now - s.at() < FINGERPRINT_TTL_NANOS) {
      return s.fingerprint();
    }
    String fp = read();
    seen = new Seen(fp, writes, now);
    return fp;
  }

  private String read() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT (SELECT COUNT(*) FROM images) AS a, (SELECT MAX(scanned_at) FROM"
                        + " images) AS b, (SELECT MAX(evaluated_at) FROM images) AS c, (SELECT"
                        + " MAX(first_seen) FROM findings) AS d, (SELECT MAX(resolved_at) FROM"
                        + " findings) AS e")
                .map(
                    (rs, c) ->
                        rs.getLong(1)
                            + "/"
                            + rs.getLong(2)
                            + "/"
                            + rs.getLong(3)
                            + "/"
                            + rs.getLong(4)
                            + "/"
                            + rs.getLong(5))
                .one());
  }

  private Snapshot load(String fp) {
    Map<String, Agg> m = new HashMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(Rows.agg(null))
                .map(
                    (rs, c) ->
                        m.put(
                            rs.getString("digest"),
                            new Agg(
                                rs.getLong("n_critical"),
                                rs.getLong("n_high"),
                                rs.getLong("n_medium"),
                                rs.getLong("n_low"),
                                rs.getLong("n_unknown"),
                                rs.getLong("n_kev"),
                                rs.getLong("n_fixable"),
                                rs.getDouble("risk"))))
                .list());
    List<Ranked> ranked = new ArrayList<>();
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT digest, repository FROM images")
                .map(
                    (rs, c) -> {
                      String d = rs.getString(1);
                      Agg a = m.get(d);
                      return ranked.add(new Ranked(d, rs.getString(2), a == null ? 0 : a.risk()));
                    })
                .list());
    ranked.sort(Comparator.comparingDouble((Ranked r) -> -r.risk()).thenComparing(Ranked::digest));
    return new Snapshot(fp, System.nanoTime(), new HashMap<>(m), List.copyOf(ranked));
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}
