package io.drydock.refresh.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.testing.MutableClock;
import io.drydock.testing.registry.Fault;
import io.drydock.testing.registry.InMemoryRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 429 with Retry-After and 5xx backoff against a real HTTP registry; the clock is moved by hand.
 */
class TagPollerBackoffTest {
  InMemoryRegistry reg;
  RegistryHeads heads;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  ImageRef base;
  String digest;
  final TagPoller.Options opts =
      TagPoller.Options.defaults()
          .withInterval(Duration.ofMinutes(1))
          .withJitter(0)
          .withBackoff(Duration.ofSeconds(5), Duration.ofMinutes(10));

  @BeforeEach
  void start() throws Exception {
    reg = InMemoryRegistry.start();
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":"
                + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                + "0".repeat(64)
                + "\",\"size\":2},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    digest = reg.putManifest("base", "1", MediaTypes.OCI_MANIFEST, manifest);
    base = ImageRef.parse(reg.hostPort() + "/base:1");
    heads = RegistryHeads.create(RegistryOptions.defaults().withEnvironment(Map.of()));
  }

  @AfterEach
  void stop() {
    heads.close();
    reg.close();
  }

  long manifestRequests() {
    return reg.requests().stream().filter(r -> r.path().contains("/manifests/")).count();
  }

  @Test
  void retryAfterClosesTheHostUntilThen() {
    reg.faults().add(Fault.status(429).retryAfterSeconds(30).onPath("/manifests/").times(1));
    WatchedBases w = new WatchedBases(List.of(base), Map.of(), clock);
    TagPoller p = new TagPoller(w, heads, opts, () -> 0.5);
    Instant t0 = clock.instant();

    TagPoller.PollReport r = p.pollDue();
    assertThat(r.polled()).isZero();
    assertThat(r.failures().get(WatchedBases.key(base))).contains("after 30 s");
    assertThat(manifestRequests()).isEqualTo(1);
    assertThat(p.closedUntil(reg.hostPort())).contains(t0.plusSeconds(30));
    assertThat(p.nextWakeup()).isEqualTo(t0.plusSeconds(30));

    clock.advance(Duration.ofSeconds(29));
    assertThat(p.pollDue().polled()).isZero();
    assertThat(manifestRequests()).as("no request while the host is closed").isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    r = p.pollDue();
    assertThat(r.polled()).isEqualTo(1);
    assertThat(r.failures()).isEmpty();
    assertThat(manifestRequests()).isEqualTo(2);
    assertThat(w.lastDigest(base)).contains(Digest.parse(digest));
    assertThat(p.closedUntil(reg.hostPort())).isEmpty();
    assertThat(p.dueAt(base)).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
  }

  @Test
  void failuresWithoutRetryAfterBackOffExponentiallyThenReset() {
    WatchedBases w = new WatchedBases(List.of(base), Map.of(), clock);
    TagPoller p = new TagPoller(w, heads, opts, () -> 0.5);
    reg.faults().add(Fault.status(503).onPath("/manifests/").times(3));
    List<Duration> closedFor = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Instant now = clock.instant();
      assertThat(p.pollDue().polled()).isZero();
      Instant until = p.closedUntil(reg.hostPort()).orElseThrow();
      closedFor.add(Duration.between(now, until));
      clock.advance(Duration.between(now, until));
    }
    assertThat(closedFor)
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20));
    assertThat(manifestRequests()).isEqualTo(3);
    assertThat(p.pollDue().polled()).isEqualTo(1);
    assertThat(p.closedUntil(reg.hostPort())).isEmpty();
  }

  @Test
  void notFoundConcernsOneReferenceNotTheHost() {
    ImageRef missing = ImageRef.parse(reg.hostPort() + "/missing:1");
    WatchedBases w = new WatchedBases(List.of(missing, base), Map.of(), clock);
    TagPoller p = new TagPoller(w, heads, opts, () -> 0.5);
    TagPoller.PollReport r = p.pollDue();
    assertThat(r.polled()).isEqualTo(1);
    assertThat(r.failures()).containsOnlyKeys(WatchedBases.key(missing));
    assertThat(r.failures().get(WatchedBases.key(missing))).contains("404");
    assertThat(p.closedUntil(reg.hostPort())).isEmpty();
    assertThat(p.dueAt(missing)).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
  }

  @Test
  void pollOnceWaitsOutRetryAfterThroughItsSleeper() throws Exception {
    reg.faults().add(Fault.status(429).retryAfterSeconds(42).onPath("/manifests/").times(1));
    WatchedBases w = new WatchedBases(List.of(base), Map.of(), clock);
    TagPoller p = new TagPoller(w, heads, opts, () -> 0.5);
    List<Duration> slept = new ArrayList<>();
    TagPoller.PollReport r =
        p.pollOnce(
            d -> {
              slept.add(d);
              clock.advance(d);
            });
    assertThat(slept).containsExactly(Duration.ofSeconds(42));
    assertThat(r.polled()).isEqualTo(1);
    assertThat(r.failures()).isEmpty();
    assertThat(w.lastDigest(base)).contains(Digest.parse(digest));
  }

  @Test
  void retryAfterIsCappedAtMaxBackoff() {
    reg.faults().add(Fault.status(429).retryAfterSeconds(86400).onPath("/manifests/").times(1));
    WatchedBases w = new WatchedBases(List.of(base), Map.of(), clock);
    TagPoller p = new TagPoller(w, heads, opts, () -> 0.5);
    Instant t0 = clock.instant();
    p.pollDue();
    assertThat(p.closedUntil(reg.hostPort())).contains(t0.plus(Duration.ofMinutes(10)));
  }
}
