package io.drydock.server.inventory;

import io.drydock.server.ServerConfig;
import io.drydock.server.ServerContext;
import io.drydock.server.db.Database;
import io.drydock.server.jobs.JobQueue;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Test helpers: configs and contexts over a test database, and waiting for a watch to catch up. */
final class Servers {
  private Servers() {}

  static ServerConfig config(Path dir, String dbUrl, List<String> namespaces, String webhookToken) {
    ServerConfig d = ServerConfig.defaults(dir);
    return new ServerConfig(
        dbUrl,
        null,
        null,
        "127.0.0.1",
        0,
        dir,
        d.advisoryDir(),
        1,
        d.lease(),
        namespaces,
        null,
        null,
        null,
        webhookToken);
  }

  /** A context without HTTP server or workers: what a part sees. */
  static ServerContext context(ServerConfig config, Database db, Clock clock) {
    return new ServerContext(
        config, db, new JobQueue(db, clock), clock, new PrometheusRegistry(), () -> {});
  }

  /**
   * Waits (up to 30 s) for a watch event to have been applied; the caller asserts afterwards, so a
   * timeout shows up as the assertion's failure, not as a timing verdict.
   */
  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(25);
    }
  }
}
