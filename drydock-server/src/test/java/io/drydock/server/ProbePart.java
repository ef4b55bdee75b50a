package io.drydock.server;

import io.drydock.server.jobs.JobHandler;
import java.util.Map;

/**
 * A test part whose {@code probe} jobs record each start and finish in the {@code events} table,
 * with the worker that ran them, and sleep for the payload's milliseconds in between: what the
 * replica tests count to prove that no job runs twice and that a killed worker's job finishes
 * elsewhere.
 */
final class ProbePart implements ServerPart {
  private final ServerContext ctx;
  private final String worker;

  ProbePart(ServerContext ctx, String worker) {
    this.ctx = ctx;
    this.worker = worker;
  }

  @Override
  public Map<String, JobHandler> jobs() {
    return Map.of(
        "probe",
        job -> {
          record("probe.start", job.subject());
          Thread.sleep(Long.parseLong(job.payload()));
          record("probe.done", job.subject());
          return worker;
        });
  }

  private void record(String kind, String subject) {
    ctx.db()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO events (at, kind, digest, detail) VALUES (:at, :kind, :s, :w)")
                    .bind("at", ctx.clock().millis())
                    .bind("kind", kind)
                    .bind("s", subject)
                    .bind("w", worker)
                    .execute());
  }
}
