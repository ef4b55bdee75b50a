package io.drydock.server;

import io.drydock.server.db.Database;
import io.drydock.server.jobs.JobHandler;
import io.drydock.server.jobs.JobQueue;
import io.drydock.server.jobs.JobWorker;
import io.javalin.Javalin;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: opens and migrates the database, composes its {@link ServerPart}s into one HTTP
 * server and one set of job workers, and serves {@code /healthz}, {@code /readyz} and {@code
 * /metrics} itself (no token).
 */
public final class DrydockServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DrydockServer.class);

  private final ServerContext context;
  private final List<ServerPart> parts;
  private final JobWorker worker;
  private final Javalin http;

  private DrydockServer(
      ServerContext context, List<ServerPart> parts, JobWorker worker, Javalin http) {
    this.context = context;
    this.parts = parts;
    this.worker = worker;
    this.http = http;
  }

  /**
   * Starts a server with the given parts.
   *
   * @throws IOException when the database cannot be opened or the port bound, naming which
   */
  public static DrydockServer start(
      ServerConfig config, Clock clock, List<Function<ServerContext, ServerPart>> partFactories)
      throws IOException {
    Files.createDirectories(config.dataDir());
    Database db =
        Database.open(
            config.dbUrl(),
            config.dbUser(),
            config.dbPassword(),
            Math.max(4, config.workers() + 4));
    List<ServerPart> parts = new ArrayList<>();
    JobWorker worker = null;
    Javalin http = null;
    try {
      JobQueue queue = new JobQueue(db, clock);
      PrometheusRegistry metrics = new PrometheusRegistry();
      JobWorker[] workerRef = new JobWorker[1];
      ServerContext ctx =
          new ServerContext(
              config,
              db,
              queue,
              clock,
              metrics,
              () -> {
                if (workerRef[0] != null) {
                  workerRef[0].wake();
                }
              });
      for (Function<ServerContext, ServerPart> f : partFactories) {
        parts.add(f.apply(ctx));
      }
      registerQueueMetrics(metrics, queue);
      Map<String, JobHandler> handlers = new LinkedHashMap<>();
      for (ServerPart p : parts) {
        for (Map.Entry<String, JobHandler> e : p.jobs().entrySet()) {
          if (handlers.putIfAbsent(e.getKey(), e.getValue()) != null) {
            throw new IllegalStateException("two server parts run job kind " + e.getKey());
          }
        }
      }
      PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
      http =
          Javalin.create(
              cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.jetty.host = config.host();
                cfg.jetty.port = config.port();
                cfg.routes.get("/healthz", c -> c.result("ok\n"));
                cfg.routes.get(
                    "/readyz",
                    c -> {
                      try {
                        db.jdbi().withHandle(h -> h.select("SELECT 1").mapTo(Integer.class).one());
                        c.result("ready\n");
                      } catch (RuntimeException e) {
                        c.status(503).result("database unavailable: " + e.getMessage() + "\n");
                      }
                    });
                cfg.routes.get(
                    "/metrics",
                    c -> {
                      ByteArrayOutputStream out = new ByteArrayOutputStream();
                      writer.write(out, metrics.scrape());
                      c.contentType(writer.getContentType()).result(out.toByteArray());
                    });
                for (ServerPart p : parts) {
                  p.routes(cfg.routes);
                }
              });
      try {
        http.start();
      } catch (RuntimeException e) {
        throw new IOException(
            "server: cannot listen on "
                + config.host()
                + ":"
                + config.port()
                + ": "
                + e.getMessage(),
            e);
      }
      for (ServerPart p : parts) {
        p.start();
      }
      worker =
          new JobWorker(queue, handlers, config.workers(), config.lease(), Duration.ofSeconds(1));
      workerRef[0] = worker;
      LOG.info(
          "drydock server on {}:{} ({}; worker {}; jobs {})",
          config.host(),
          http.port(),
          db.vendor(),
          worker.owner(),
          handlers.keySet());
      return new DrydockServer(ctx, List.copyOf(parts), worker, http);
    } catch (IOException | RuntimeException e) {
      closeAll(parts, worker, http, db);
      throw e;
    } catch (Exception e) {
      closeAll(parts, worker, http, db);
      throw new IOException("server: cannot start: " + e.getMessage(), e);
    }
  }

  private static void registerQueueMetrics(PrometheusRegistry metrics, JobQueue queue) {
    GaugeWithCallback.builder()
        .name("drydock_server_jobs")
        .help("Jobs in the queue by state and kind")
        .labelNames("state", "kind")
        .callback(
            cb ->
                queue
                    .counts()
                    .forEach(
                        (state, byKind) -> byKind.forEach((kind, n) -> cb.call(n, state, kind))))
        .register(metrics);
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return http.port();
  }

  /** What the parts share (database, queue, clock, metrics). */
  public ServerContext context() {
    return context;
  }

  /** This replica's worker name in the job queue. */
  public String workerName() {
    return worker.owner();
  }

  @Override
  public void close() {
    closeAll(parts, worker, http, context.db());
  }

  private static void closeAll(
      List<ServerPart> parts, JobWorker worker, Javalin http, Database db) {
    if (worker != null) {
      worker.close(Duration.ofSeconds(10));
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      ServerPart p = parts.get(i);
      try {
        p.close();
      } catch (RuntimeException e) {
        LOG.warn("server: stopping a part: {}", e.getMessage());
      }
    }
    if (http != null) {
      http.stop();
    }
    db.close();
  }
}
