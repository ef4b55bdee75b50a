package io.drydock.server.api;

import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The server's inventory metrics and HTTP latency: {@code drydock_server_findings{severity}} (open
 * findings on running images), {@code drydock_server_images}, {@code drydock_server_workloads}
 * (callback gauges whose queries are cached for {@link #CACHE_NANOS} so scrapes stay cheap), and
 * {@code drydock_server_http_request_seconds{route,status}} for every request. Compose it FIRST so
 * its before-handler runs ahead of authentication and 401s are timed too.
 */
public final class ApiMetrics implements ServerPart {
  static final long CACHE_NANOS = 10_000_000_000L;
  private static final String START = "drydock.start";

  /** Request attribute: a {@code Consumer<Context>} that records the request now. */
  public static final String OBSERVE = "drydock.observe";

  private final Histogram requests;

  public ApiMetrics(ServerContext ctx) {
    Jdbi jdbi = ctx.db().jdbi();
    Supplier<Map<String, Long>> bySeverity =
        cached(
            () ->
                jdbi.withHandle(
                    h -> {
                      Map<String, Long> m = new java.util.LinkedHashMap<>();
                      for (String s : Risk.SEVERITIES) {
                        m.put(s, 0L);
                      }
                      h.createQuery(
                              "SELECT f.severity, COUNT(*) AS n FROM findings f WHERE"
                                  + " f.resolved_at IS NULL AND f.digest IN (SELECT w.digest FROM"
                                  + " workloads w WHERE w.digest IS NOT NULL) GROUP BY f.severity")
                          .map(
                              (rs, c) ->
                                  m.merge(severity(rs.getString(1)), rs.getLong(2), Long::sum))
                          .list();
                      return m;
                    }));
    Supplier<long[]> counts =
        cached(
            () ->
                jdbi.withHandle(
                    h ->
                        new long[] {
                          h.createQuery("SELECT COUNT(*) FROM images").mapTo(Long.class).one(),
                          h.createQuery("SELECT COUNT(*) FROM workloads").mapTo(Long.class).one()
                        }));
    GaugeWithCallback.builder()
        .name("drydock_server_findings")
        .help("Open findings on running images, by severity")
        .labelNames("severity")
        .callback(cb -> bySeverity.get().forEach((s, n) -> cb.call(n, s)))
        .register(ctx.metrics());
    GaugeWithCallback.builder()
        .name("drydock_server_images")
        .help("Images in the inventory")
        .callback(cb -> cb.call(counts.get()[0]))
        .register(ctx.metrics());
    GaugeWithCallback.builder()
        .name("drydock_server_workloads")
        .help("Workload containers in the inventory")
        .callback(cb -> cb.call(counts.get()[1]))
        .register(ctx.metrics());
    requests =
        Histogram.builder()
            .name("drydock_server_http_request_seconds")
            .help("HTTP requests by route template and status")
            .labelNames("route", "status")
            .classicOnly()
            .classicUpperBounds(
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(ctx.metrics());
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.before(
        ctx -> {
          ctx.attribute(START, System.nanoTime());
          // a before-handler that refuses the request (AuthPart) skips the after-handlers too;
          // it calls this to be counted all the same
          ctx.attribute(OBSERVE, (Consumer<Context>) this::observe);
        });
    routes.after(this::observe);
  }

  private void observe(Context ctx) {
    Long start = ctx.attribute(START);
    ctx.attribute(START, null);
    if (start == null) {
      return;
    }
    Endpoint e = ctx.endpoints().matchedHttpEndpoint();
    // the route template, never the raw path: digests in paths would explode the label set
    String route = e == null ? template(ctx.path()) : e.path;
    requests
        .labelValues(route, String.valueOf(ctx.statusCode()))
        .observe((System.nanoTime() - start) / 1e9);
  }

  private static final List<java.util.Map.Entry<Pattern, String>> TEMPLATES =
      ApiPart.API_PATHS.stream()
          .map(p -> java.util.Map.entry(Pattern.compile(p.replaceAll("\\{[^}]+}", "[^/]+")), p))
          .toList();

  /**
   * The API route template of a path no handler ran for (refused by authentication before it was
   * matched), else {@code unmatched}.
   */
  static String template(String path) {
    for (var e : TEMPLATES) {
      if (e.getKey().matcher(path).matches()) {
        return e.getValue();
      }
    }
    return "unmatched";
  }

  static String severity(String s) {
    return s != null && Risk.SEVERITIES.contains(s) ? s : "UNKNOWN";
  }

  /** {@code load} at most once per {@link #CACHE_NANOS}; the last value in between. */
  static <T> Supplier<T> cached(Supplier<T> load) {
    return new Supplier<>() {
      private T value;
      private long loadedAt;

      @Override
      public synchronized T get() {
        long now = System.nanoTime();
        if (value == null || now - loadedAt >= CACHE_NANOS) {
          value = load.get();
          loadedAt = now;
        }
        return value;
      }
    };
  }
}
