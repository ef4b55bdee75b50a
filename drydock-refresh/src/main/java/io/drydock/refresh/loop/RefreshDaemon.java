package io.drydock.refresh.loop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.refresh.watch.BaseUpdate;
import io.drydock.refresh.watch.ManifestHeads;
import io.drydock.refresh.watch.TagPoller;
import io.drydock.refresh.watch.WatchedBases;
import io.drydock.refresh.watch.WebhookAuth;
import io.drydock.refresh.watch.WebhookEndpoint;
import io.drydock.refresh.watch.WebhookRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The refresh loop as a daemon: base tags polled on the config's interval (with jitter and per-host
 * backoff), registry push webhooks received on {@code POST /webhook[/distribution|/acr|/harbor]}
 * for immediate reaction, and every update handled in arrival order on one worker thread, so
 * refreshes never overlap. {@code GET /healthz} answers 200. Closing stops polling and serving and
 * lets the update in progress finish.
 */
public final class RefreshDaemon implements AutoCloseable {
  /** The largest webhook body read. */
  static final int MAX_BODY = 1 << 20;

  private final RefreshRunner runner;
  private final Consumer<String> log;
  private final TagPoller poller;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService worker;
  private final HttpServer http;

  private RefreshDaemon(
      RefreshConfig cfg,
      RefreshRunner runner,
      RefreshState state,
      ManifestHeads heads,
      WebhookAuth auth,
      String host,
      int port,
      Consumer<String> log,
      Clock clock)
      throws IOException {
    this.runner = runner;
    this.log = log;
    Map<ImageRef, Digest> seed = new LinkedHashMap<>();
    for (ImageRef b : cfg.bases()) {
      String d = state.base(b.toString());
      if (d != null) {
        seed.put(b, Digest.parse(d));
      }
    }
    WatchedBases bases = new WatchedBases(cfg.bases(), seed, clock);
    this.worker = Executors.newSingleThreadExecutor(r -> daemon(r, "drydock-refresh-worker"));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "drydock-refresh-poll"));
    this.poller =
        TagPoller.create(bases, heads, TagPoller.Options.defaults().withInterval(cfg.poll()));
    if (port >= 0) {
      WebhookEndpoint endpoint = new WebhookEndpoint(bases, auth, null);
      http = HttpServer.create(new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port), 16);
      http.createContext("/healthz", ex -> reply(ex, 200, "ok\n"));
      http.createContext("/webhook", ex -> webhook(ex, endpoint));
      http.setExecutor(Executors.newFixedThreadPool(2, r -> daemon(r, "drydock-refresh-http")));
      http.start();
    } else {
      http = null;
    }
    poller.start(
        scheduler,
        new TagPoller.Listener() {
          @Override
          public void onUpdate(BaseUpdate update) {
            submit(update);
          }

          @Override
          public void onFailure(ImageRef reference, String reason) {
            log.accept("warning: could not check " + reference + ": " + reason);
          }
        });
  }

  /**
   * Starts polling and, when {@code port >= 0}, the webhook listener.
   *
   * @param state seeds the last known digests, so a restart reacts only to real changes
   */
  public static RefreshDaemon start(
      RefreshConfig cfg,
      RefreshRunner runner,
      RefreshState state,
      ManifestHeads heads,
      WebhookAuth auth,
      String host,
      int port,
      Consumer<String> log,
      Clock clock)
      throws IOException {
    return new RefreshDaemon(cfg, runner, state, heads, auth, host, port, log, clock);
  }

  /** The webhook listener's port, or -1 when there is none. */
  public int port() {
    return http == null ? -1 : http.getAddress().getPort();
  }

  private void submit(BaseUpdate u) {
    worker.execute(
        () -> {
          try {
            RefreshReport r =
                runner.handle(
                    u.reference(),
                    u.oldDigest(),
                    u.newDigest(),
                    u.at(),
                    u.source().name().toLowerCase(Locale.ROOT),
                    false);
            log.accept(r.text());
          } catch (IOException | RuntimeException e) {
            log.accept("error: refreshing after " + u + ": " + e.getMessage());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private void webhook(HttpExchange ex, WebhookEndpoint endpoint) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      reply(ex, 405, "use POST\n");
      return;
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      reply(ex, 413, "body over " + MAX_BODY + " bytes\n");
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.isEmpty() ? "" : v.get(0)));
    try {
      WebhookEndpoint.Delivery d = endpoint.onWebhook(ex.getRequestURI().getPath(), headers, body);
      List<BaseUpdate> updates = d.updates();
      updates.forEach(this::submit);
      if (!updates.isEmpty()) {
        log.accept("webhook: " + updates.size() + " base update(s): " + updates);
      }
      reply(ex, 202, "{\"updates\":" + updates.size() + "}\n");
    } catch (WebhookRejectedException e) {
      log.accept("webhook rejected: " + e.getMessage());
      reply(ex, e.status(), e.getMessage() + "\n");
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    poller.close();
    scheduler.shutdownNow();
    if (http != null) {
      http.stop(0);
    }
    worker.shutdown();
    try {
      worker.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
