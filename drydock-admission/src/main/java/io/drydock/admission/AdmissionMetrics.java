package io.drydock.admission;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The webhook's Prometheus metrics, in a registry of its own. Thread-safe. */
final class AdmissionMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests;
  private final Histogram duration;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  AdmissionMetrics(ImageJudge judge) {
    requests =
        Counter.builder()
            .name("drydock_admission_requests_total")
            .help("AdmissionReview requests answered, by endpoint and result")
            .labelNames("endpoint", "result")
            .register(registry);
    duration =
        Histogram.builder()
            .name("drydock_admission_request_duration_seconds")
            .help("Time from reading a request to its answer")
            .labelNames("endpoint")
            .classicOnly()
            .classicUpperBounds(
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    CounterWithCallbacks.register(registry, judge);
    GaugeWithCallback.builder()
        .name("drydock_admission_cached_decisions")
        .help("Image decisions in the cache")
        .callback(cb -> cb.call(judge.cachedDecisions()))
        .register(registry);
  }

  void record(String endpoint, String result, long nanos) {
    requests.labelValues(endpoint, result).inc();
    duration.labelValues(endpoint).observe(nanos / 1e9);
  }

  String contentType() {
    return writer.getContentType();
  }

  byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Cache hit and miss counters read from the judge. */
  private static final class CounterWithCallbacks {
    static void register(PrometheusRegistry registry, ImageJudge judge) {
      io.prometheus.metrics.core.metrics.CounterWithCallback.builder()
          .name("drydock_admission_decision_cache_total")
          .help("Image decisions answered from the cache (hit) or evaluated (miss)")
          .labelNames("outcome")
          .callback(
              cb -> {
                cb.call(judge.cacheHits.sum(), "hit");
                cb.call(judge.cacheMisses.sum(), "miss");
              })
          .register(registry);
    }
  }
}
