package io.drydock.server.scan;

import io.drydock.sbom.Sbom;
import io.drydock.server.DaemonThreads;
import io.drydock.server.scan.ImageStore.Evaluated;
import io.drydock.server.scan.ImageStore.StoredSbom;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-matches stored SBOMs against the current advisory store and writes the findings' diff; never
 * touches a registry.
 *
 * <p>One pipeline: this thread reads the SBOMs in keyset pages and writes diffs in batches (one
 * transaction each); {@code threads} workers decode and match meanwhile, all against one advisory
 * session, so each (ecosystem, package) is looked up in the store once per run however many images
 * share it. At most a window of SBOMs is in memory. An image whose SBOM cannot be read or matched
 * is recorded as an error (in {@code images.scan_error} and an event) and the run goes on.
 */
public final class Reevaluator {
  private static final Logger LOG = LoggerFactory.getLogger(Reevaluator.class);
  static final int PAGE = 64;
  static final int BATCH = 100;

  private final ImageStore images;
  private final Advisories advisories;
  private final Jdbi jdbi;
  private final Clock clock;
  private final int threads;

  /**
   * @param threads matching threads (1 or more)
   */
  public Reevaluator(
      ImageStore images, Advisories advisories, Jdbi jdbi, Clock clock, int threads) {
    this.images = images;
    this.advisories = advisories;
    this.jdbi = jdbi;
    this.clock = clock;
    this.threads = Math.max(1, threads);
  }

  /**
   * What one run did.
   *
   * @param evaluationId the {@code evaluations} row
   * @param advisoriesBuilt the advisory store's build matched against
   * @param images images evaluated (errors not counted)
   * @param newFindings findings added or reopened
   * @param resolved findings resolved
   * @param errors images that could not be evaluated
   * @param added the new findings of the images {@code keepAdded} accepted, for notifications
   */
  public record Summary(
      long evaluationId,
      String advisoriesBuilt,
      int images,
      int newFindings,
      int resolved,
      int errors,
      List<Added> added) {
    public Summary {
      added = List.copyOf(added);
    }
  }

  /** A new finding of an image. */
  public record Added(String digest, FindingRow finding) {}

  /**
   * Re-evaluates every stored SBOM ({@code digest} {@code null}) or one, records an {@code
   * evaluations} row, and keeps the new findings of the digests in {@code keepAdded}.
   *
   * @throws IOException when the advisory store cannot be opened or the database written
   */
  public Summary run(String digest, Predicate<String> keepAdded) throws IOException {
    long started = clock.millis();
    try (Advisories.Session session = advisories.open()) {
      long id =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "INSERT INTO evaluations (started_at, advisories_built) VALUES (:at,"
                              + " :built) RETURNING id")
                      .bind("at", started)
                      .bind("built", session.built())
                      .mapTo(Long.class)
                      .one());
      Counts counts = new Counts();
      List<Added> added = new ArrayList<>();
      ExecutorService pool =
          Executors.newFixedThreadPool(threads, DaemonThreads.named("drydock-reevaluate"));
      try {
        Deque<Future<Evaluated>> window = new ArrayDeque<>();
        List<Evaluated> batch = new ArrayList<>();
        int ahead = Math.max(2 * PAGE, 8 * threads);
        String after = "";
        while (true) {
          List<StoredSbom> page = digest == null ? images.page(after, PAGE) : one(digest, after);
          if (page.isEmpty()) {
            break;
          }
          for (StoredSbom s : page) {
            window.add(pool.submit(() -> evaluate(session, s)));
            while (window.size() >= ahead) {
              take(window, batch, counts, added, session.built(), keepAdded);
            }
          }
          after = page.get(page.size() - 1).digest();
        }
        while (!window.isEmpty()) {
          take(window, batch, counts, added, session.built(), keepAdded);
        }
        flush(batch, counts, added, session.built(), keepAdded);
      } finally {
        pool.shutdownNow();
      }
      long finished = clock.millis();
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "UPDATE evaluations SET finished_at = :at, images = :n, new_findings ="
                          + " :added, resolved = :resolved, errors = :errors WHERE id = :id")
                  .bind("at", finished)
                  .bind("n", counts.images)
                  .bind("added", counts.added)
                  .bind("resolved", counts.resolved)
                  .bind("errors", counts.errors)
                  .bind("id", id)
                  .execute());
      return new Summary(
          id, session.built(), counts.images, counts.added, counts.resolved, counts.errors, added);
    }
  }

  private List<StoredSbom> one(String digest, String after) {
    return after.isEmpty() ? images.forMatching(digest) : List.of();
  }

  private static Evaluated evaluate(Advisories.Session session, StoredSbom s) {
    try {
      Sbom sbom = s.decode();
      return Evaluated.ok(s.digest(), session.rows(sbom));
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      String line = m.lines().findFirst().orElse(m);
      LOG.warn("re-evaluation of {}: {}", s.digest(), line);
      return Evaluated.failed(
          s.digest(), line.startsWith("stored SBOM") ? line : "re-evaluation: " + line);
    }
  }

  private void take(
      Deque<Future<Evaluated>> window,
      List<Evaluated> batch,
      Counts counts,
      List<Added> added,
      String built,
      Predicate<String> keepAdded)
      throws IOException {
    Future<Evaluated> f = window.poll();
    try {
      batch.add(f.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("re-evaluation interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException("re-evaluation: " + e.getCause(), e.getCause());
    }
    if (batch.size() >= BATCH) {
      flush(batch, counts, added, built, keepAdded);
    }
  }

  private void flush(
      List<Evaluated> batch,
      Counts counts,
      List<Added> added,
      String built,
      Predicate<String> keepAdded)
      throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    for (Evaluated e : batch) {
      if (e.error() != null) {
        counts.errors++;
      }
    }
    for (FindingDiff d : images.apply(batch, built)) {
      counts.images++;
      counts.added += d.added().size();
      counts.resolved += d.resolved().size();
      if (!d.added().isEmpty() && keepAdded.test(d.digest())) {
        for (FindingRow r : d.added()) {
          added.add(new Added(d.digest(), r));
        }
      }
    }
    batch.clear();
  }

  private static final class Counts {
    int images;
    int added;
    int resolved;
    int errors;
  }

  /** The digests that run: those of the {@code workloads} rows (the Kubernetes inventory). */
  static Set<String> running(Jdbi jdbi) {
    return Set.copyOf(
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT DISTINCT digest FROM workloads WHERE digest IS NOT NULL")
                    .mapTo(String.class)
                    .list()));
  }
}
