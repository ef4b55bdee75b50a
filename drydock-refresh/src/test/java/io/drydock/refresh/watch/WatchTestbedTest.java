package io.drydock.refresh.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.refresh.watch.BaseUpdate.Source;
import io.drydock.testing.MutableClock;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Against a second real testbed registry ("watchtest") that sends push notifications to a receiver
 * this test runs: a retag of debian:bookworm (v1 → v2) arrives as a distribution envelope and
 * becomes exactly one update; the poller agrees and does not fire again; a move back (v2 → v1) is
 * seen by the poller.
 */
class WatchTestbedTest {
  record Received(Map<String, String> headers, byte[] body) {}

  static Testbed tb;
  static HttpServer receiver;
  static final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
  static String hostPort;

  @BeforeAll
  static void startRegistry() throws Exception {
    tb = Testbed.require();
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    receiver.createContext(
        "/events",
        ex -> {
          Map<String, String> h = new HashMap<>();
          ex.getRequestHeaders().forEach((k, v) -> h.put(k, String.join(",", v)));
          byte[] body = ex.getRequestBody().readNBytes(PushEvents.MAX_PAYLOAD_BYTES + 1);
          inbox.add(new Received(h, body));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    receiver.start();
    int port = receiver.getAddress().getPort();
    run("registry.sh", "stop", "--name", "watchtest", "--purge");
    run(
        "registry.sh",
        "start",
        "--name",
        "watchtest",
        "--notify",
        "http://127.0.0.1:" + port + "/events",
        "--notify-token",
        "secret");
    hostPort = run("registry.sh", "hostport", "--name", "watchtest").strip();
    run("images.sh", "push", "--name", "watchtest");
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (tb != null) {
      run("registry.sh", "stop", "--name", "watchtest", "--purge");
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  static String run(String script, String... args) {
    return tb.script(script, args);
  }

  /** Waits until a received envelope reports a manifest push of debian:bookworm at {@code d}. */
  static List<Received> awaitPush(Digest d) throws Exception {
    List<Received> got = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Received r = inbox.poll(200, TimeUnit.MILLISECONDS);
      if (r == null) {
        continue;
      }
      got.add(r);
      if (new String(r.body(), StandardCharsets.UTF_8).contains(d.toString())
          && new String(r.body(), StandardCharsets.UTF_8).contains("\"bookworm\"")) {
        Thread.sleep(1500); // let the rest of this push's envelopes arrive
        inbox.drainTo(got);
        return got;
      }
    }
    throw new AssertionError("no notification for debian:bookworm@" + d + " within 20 s");
  }

  @Test
  void retagArrivesAsOneWebhookUpdateAndThePollerAgrees() throws Exception {
    Digest v1 = Digest.parse(tb.digest(Img.DEBIAN_BOOKWORM_V1));
    Digest v2 = Digest.parse(tb.digest(Img.DEBIAN_BOOKWORM_V2));
    ImageRef bookworm = ImageRef.parse(hostPort + "/debian:bookworm");
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    WatchedBases bases = new WatchedBases(List.of(bookworm), Map.of(), clock);
    WebhookEndpoint endpoint =
        new WebhookEndpoint(bases, WebhookAuth.bearerToken("secret"), hostPort);

    // the initial push sent blob and manifest events: blobs are not push events
    List<Received> initial = awaitPush(v1);
    int blobEvents = 0;
    int manifestEvents = 0;
    for (Received r : initial) {
      for (JsonNode e : Json.readObject(r.body(), "envelope").get("events")) {
        if ("push".equals(e.get("action").asString())) {
          if ("application/octet-stream".equals(e.path("target").path("mediaType").asString())) {
            blobEvents++;
          } else {
            manifestEvents++;
          }
        }
      }
    }
    assertThat(blobEvents).as("blob push events sent by the registry").isPositive();
    int parsed = 0;
    for (Received r : initial) {
      PushEvents.Result res = PushEvents.parse(r.body(), null);
      assertThat(res.ignored()).isEmpty();
      for (PushEvent e : res.events()) {
        assertThat(e.mediaType()).isNotEqualTo("application/octet-stream");
        assertThat(e.ref().registry()).isEqualTo(hostPort);
      }
      parsed += res.events().size();
    }
    assertThat(parsed).isEqualTo(manifestEvents);

    try (RegistryHeads heads =
        RegistryHeads.create(RegistryOptions.defaults().withEnvironment(Map.of()))) {
      TagPoller poller = TagPoller.create(bases, heads, TagPoller.Options.defaults());
      TagPoller.PollReport seed = poller.pollOnce(d -> clock.advance(d));
      assertThat(seed.updates()).isEmpty();
      assertThat(seed.failures()).isEmpty();
      assertThat(bases.lastDigest(bookworm)).contains(v1);
      inbox.clear();

      run("images.sh", "update-base", "--name", "watchtest");
      List<Received> deliveries = awaitPush(v2);
      List<BaseUpdate> updates = new ArrayList<>();
      for (Received r : deliveries) {
        assertThat(WebhookAuth.header(r.headers(), "Authorization")).isEqualTo("Bearer secret");
        updates.addAll(endpoint.onWebhook("/events", r.headers(), r.body()).updates());
      }
      assertThat(updates).hasSize(1);
      BaseUpdate u = updates.get(0);
      assertThat(u.reference()).isEqualTo(bookworm);
      assertThat(u.oldDigest()).isEqualTo(v1);
      assertThat(u.newDigest()).isEqualTo(v2);
      assertThat(u.source()).isEqualTo(Source.DISTRIBUTION);

      // the same deliveries again (a registry retry) and the next poll fire nothing
      for (Received r : deliveries) {
        assertThat(endpoint.onWebhook("/events", r.headers(), r.body()).updates()).isEmpty();
      }
      assertThat(poller.pollOnce(d -> clock.advance(d)).updates()).isEmpty();

      // a wrong token is rejected before the payload is read
      Received any = deliveries.get(0);
      Map<String, String> wrong = new HashMap<>(any.headers());
      wrong.put("Authorization", "Bearer nope");
      assertThatThrownBy(() -> endpoint.onWebhook("/events", wrong, any.body()))
          .isInstanceOf(WebhookRejectedException.class)
          .hasMessage("webhook /events: wrong Bearer token in the Authorization header");

      // poller alone: back to v1 is one update, then nothing
      run("images.sh", "reset-base", "--name", "watchtest");
      TagPoller.PollReport back = poller.pollOnce(d -> clock.advance(d));
      assertThat(back.updates()).hasSize(1);
      assertThat(back.updates().get(0).oldDigest()).isEqualTo(v2);
      assertThat(back.updates().get(0).newDigest()).isEqualTo(v1);
      assertThat(back.updates().get(0).source()).isEqualTo(Source.POLL);
      assertThat(poller.pollOnce(d -> clock.advance(d)).updates()).isEmpty();
    }
  }
}
