package io.drydock.admission;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tells the Drydock server about the images the webhook decided, so that the server's inventory
 * (and the refresh loop's lineage) knows every image admission saw: {@code POST /api/v1/scans} with
 * the image pinned to its digest (the server scans each digest once) and {@code POST
 * /api/v1/decisions} with the verdict.
 *
 * <p>Off the admission path: {@link #seen} only offers to a bounded queue (full: dropped and
 * counted) and returns; one background thread posts. Each (digest, verdict) is reported at most
 * once per {@code every}, so a busy cluster re-scheduling the same pods costs nothing.
 */
public final class ServerReporter implements ImageSightings, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerReporter.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private record Sighting(
      String image, String digest, String namespace, String verdict, List<String> reasons) {}

  private final URI server;
  private final String token;
  private final Duration every;
  private final Clock clock;
  private final HttpClient http;
  private final BlockingQueue<Sighting> queue = new ArrayBlockingQueue<>(10_000);
  private final Map<String, Long> reported = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong posted = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Thread worker;
  private volatile boolean running = true;

  /**
   * @param server the server's base URL ({@code https://drydock.example:8080})
   * @param token an API token of the server
   * @param every how long a (digest, verdict) is not reported again
   */
  public ServerReporter(URI server, String token, Duration every, Clock clock) {
    String s = server.toString();
    this.server = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.token = token;
    this.every = every;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.worker = new Thread(this::run, "drydock-admission-report");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  @Override
  public void seen(
      String image, String digest, String namespace, String verdict, List<String> reasons) {
    if (digest == null) {
      return;
    }
    String key = digest + " " + verdict;
    long now = clock.millis();
    Long last = reported.get(key);
    if (last != null && now - last < every.toMillis()) {
      return;
    }
    reported.put(key, now);
    if (!queue.offer(new Sighting(image, digest, namespace, verdict, List.copyOf(reasons)))) {
      reported.remove(key);
      dropped.incrementAndGet();
    }
    if (reported.size() > 100_000) {
      reported.clear(); // bounded memory; the server de-duplicates too
    }
  }

  private void run() {
    while (running) {
      Sighting s;
      try {
        s = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (s == null) {
        continue;
      }
      try {
        post(s);
        posted.incrementAndGet();
      } catch (Exception e) {
        reported.remove(s.digest() + " " + s.verdict()); // try again at the next sighting
        if (failures.incrementAndGet() % 100 == 1) {
          LOG.warn(
              "reporting {} to the Drydock server {}: {} ({} failures so far)",
              s.image(),
              server,
              e.getMessage(),
              failures.get());
        }
      }
    }
  }

  private void post(Sighting s) throws Exception {
    String pinned;
    try {
      pinned = ImageRef.parse(s.image()).withDigest(Digest.parse(s.digest())).toString();
    } catch (IllegalArgumentException e) {
      return; // not a reference the server can scan
    }
    ObjectNode scan = Json.MAPPER.createObjectNode();
    scan.put("image", pinned);
    send("/api/v1/scans", scan);
    ObjectNode decision = Json.MAPPER.createObjectNode();
    decision.put("digest", s.digest());
    decision.put("policy", "admission");
    decision.put("decision", s.verdict());
    ObjectNode detail = decision.putObject("detail");
    detail.put("source", "admission");
    detail.put("image", s.image());
    detail.put("namespace", s.namespace());
    s.reasons().forEach(detail.putArray("reasons")::add);
    send("/api/v1/decisions", decision);
  }

  private void send(String path, ObjectNode body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      String b = r.body() == null ? "" : r.body().strip();
      throw new java.io.IOException(
          "POST "
              + path
              + ": HTTP "
              + r.statusCode()
              + " "
              + b.substring(0, Math.min(200, b.length())));
    }
  }

  /** Sightings posted, dropped (queue full) and failed, for tests and logs. */
  public long[] counts() {
    return new long[] {posted.get(), dropped.get(), failures.get()};
  }

  /** Waits until the queue is empty (tests), at most {@code timeout}. */
  public boolean drain(Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      if (queue.isEmpty() && posted.get() + failures.get() > 0) {
        return true;
      }
      Thread.sleep(20);
    }
    return queue.isEmpty();
  }

  @Override
  public void close() {
    running = false;
    worker.interrupt();
  }
}
