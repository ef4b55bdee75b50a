package io.drydock.server.inventory;

import io.drydock.server.ServerContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records that an image digest was seen somewhere (the cluster, a registry push) and queues its
 * scan when it has none yet. Shared by the inventory parts so that every source writes {@code
 * images} and {@code image_refs} the same way. Thread-safe (stateless over the database).
 */
public final class ImageCatalog {
  /** The scan job's kind (run by the scanning part). */
  public static final String SCAN = "scan";

  private final ServerContext ctx;

  public ImageCatalog(ServerContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
  }

  /**
   * Upserts {@code images} ({@code repository} only when new; {@code last_seen} always) and {@code
   * image_refs} for ({@code reference}, {@code digest}), then queues a {@code scan} job with
   * subject {@code repository@digest} and payload {@code {"reference": "repository@digest",
   * "source": source}} when the image has neither an SBOM ({@code scanned_at}) nor a recorded scan
   * error. The queue keeps at most one pending scan per subject, so calling this again before the
   * scan ran queues nothing more.
   *
   * @param repository {@code registry/repository}, without tag or digest
   * @param reference the reference as seen (tag form or digest form)
   * @param digest {@code sha256:…}
   * @param source {@code kubernetes}, {@code registry}, {@code api} or {@code ci}
   * @return whether a scan job was queued by this call
   */
  public boolean seen(String repository, String reference, String digest, String source) {
    return seenAll(List.of(new Sighting(repository, reference, digest)), source) == 1;
  }

  /**
   * One image seen under one reference.
   *
   * @param repository {@code registry/repository}, without tag or digest
   * @param reference the reference as seen (tag form or digest form)
   * @param digest {@code sha256:…}
   */
  public record Sighting(String repository, String reference, String digest) {}

  /**
   * {@link #seen} for several images at once: the upserts in one transaction (a server start that
   * lists a whole cluster), then one {@code scan} job per image without SBOM or scan error.
   *
   * @return how many scan jobs were queued
   */
  public int seenAll(Collection<Sighting> sightings, String source) {
    if (sightings.isEmpty()) {
      return 0;
    }
    long now = ctx.clock().millis();
    List<Sighting> toScan =
        ctx.db()
            .jdbi()
            .inTransaction(
                h -> {
                  List<Sighting> out = new ArrayList<>();
                  // in digest order, so that concurrent writers lock rows in the same order
                  List<Sighting> sorted = new ArrayList<>(sightings);
                  sorted.sort(
                      Comparator.comparing(Sighting::digest).thenComparing(Sighting::reference));
                  for (Sighting s : sorted) {
                    upsert(h, s.repository(), s.reference(), s.digest(), source, now);
                    boolean unscanned =
                        h.createQuery(
                                    "SELECT COUNT(*) FROM images WHERE digest = :d AND scanned_at"
                                        + " IS NULL AND scan_error IS NULL")
                                .bind("d", s.digest())
                                .mapTo(Integer.class)
                                .one()
                            > 0;
                    if (unscanned) {
                      out.add(s);
                    }
                  }
                  return out;
                });
    ctx.db().imagesWritten();
    int queued = 0;
    for (Sighting s : toScan) {
      String subject = s.repository() + "@" + s.digest();
      ObjectNode payload = JsonNodeFactory.instance.objectNode();
      payload.put("reference", subject);
      payload.put("source", source);
      if (ctx.enqueue(SCAN, subject, payload.toString())) {
        queued++;
      }
    }
    return queued;
  }

  /** The two upserts of {@link #seen}, in the caller's transaction. */
  static void upsert(
      Handle h, String repository, String reference, String digest, String source, long now) {
    h.createUpdate(
            "INSERT INTO images (digest, repository, first_seen, last_seen) VALUES (:d, :repo,"
                + " :now, :now) ON CONFLICT (digest) DO UPDATE SET last_seen ="
                + " excluded.last_seen")
        .bind("d", digest)
        .bind("repo", repository)
        .bind("now", now)
        .execute();
    h.createUpdate(
            "INSERT INTO image_refs (reference, digest, source, seen_at) VALUES (:ref, :d, :src,"
                + " :now) ON CONFLICT (reference, digest) DO UPDATE SET seen_at ="
                + " excluded.seen_at, source = excluded.source")
        .bind("ref", reference)
        .bind("d", digest)
        .bind("src", source)
        .bind("now", now)
        .execute();
  }
}
