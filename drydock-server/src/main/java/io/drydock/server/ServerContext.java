package io.drydock.server;

import io.drydock.server.db.Database;
import io.drydock.server.jobs.JobQueue;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What every part of the server shares.
 *
 * @param config the server's settings
 * @param db the database
 * @param queue the work queue in it
 * @param clock the clock (tests move it)
 * @param metrics the Prometheus registry served at {@code /metrics}
 * @param wake wakes this replica's idle job workers after a local enqueue
 */
public record ServerContext(
    ServerConfig config,
    Database db,
    JobQueue queue,
    Clock clock,
    PrometheusRegistry metrics,
    Runnable wake) {

  /** Drydock's own directory for this server's files (cache, temp, advisories). */
  public Path dataDir() {
    return config.dataDir();
  }

  /** Queues a job and wakes the local workers; see {@link JobQueue#enqueue}. */
  public boolean enqueue(String kind, String subject, String payload) {
    boolean queued = queue.enqueue(kind, subject, payload).isPresent();
    if (queued) {
      wake.run();
    }
    return queued;
  }
}
