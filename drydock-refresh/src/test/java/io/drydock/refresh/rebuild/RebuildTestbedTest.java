package io.drydock.refresh.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Manifest;
import io.drydock.oci.RawDocument;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RebuildWaiter} and {@link Rebuild} against the real testbed registry: the app built on
 * base v1 is copied to a fresh tag, then "rebuilt" by pushing the app built on base v2 over it.
 */
class RebuildTestbedTest {
  static Testbed tb;
  static RegistryClient client;
  static ExecutorService pool;

  @BeforeAll
  static void setUp() throws IOException {
    tb = Testbed.require();
    client = RegistryClient.create(RegistryOptions.defaults());
    pool = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void tearDown() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (client != null) {
      client.close();
    }
  }

  static ImageRef ref(Img img) {
    return ImageRef.parse(tb.plainRegistry() + "/" + tb.repoTag(img));
  }

  static ImageRef freshTag() {
    return ImageRef.parse(
        tb.plainRegistry() + "/rebuild-test/app-" + Long.toHexString(System.nanoTime()) + ":1.0");
  }

  /** Copies {@code from}'s manifest to {@code to} (same registry), mounting its blobs. */
  static Digest copy(ImageRef from, ImageRef to) throws IOException {
    RawDocument raw = client.getManifest(from);
    Manifest m = (Manifest) raw.parse("manifest " + from);
    List<Descriptor> blobs = new ArrayList<>(m.layers());
    blobs.add(m.config());
    for (Descriptor d : blobs) {
      if (!client.blobExists(to, d.digest())) {
        assertThat(client.mountBlob(to, from, d.digest()))
            .as("mount %s from %s", d.digest(), from)
            .isTrue();
      }
    }
    return client.putManifest(to, raw);
  }

  static RebuildWaiter fastWaiter(List<String> progress) {
    return new RebuildWaiter(
        client,
        WaitClock.system(),
        new RebuildWaiter.Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2),
        progress::add);
  }

  static RebuildContext context(ImageRef tag, Digest appDigest) {
    return new RebuildContext(
        tag,
        appDigest,
        ref(Img.DEBIAN_BOOKWORM_V1),
        Digest.parse(tb.digest(Img.DEBIAN_BOOKWORM_V1)),
        Digest.parse(tb.digest(Img.DEBIAN_BOOKWORM_V2)));
  }

  @Test
  void waiterReturnsTheDigestTheTagMovesTo() throws Exception {
    ImageRef tag = freshTag();
    Digest v1 = copy(ref(Img.APP_1_0_BASE_V1), tag);
    assertThat(v1).isEqualTo(Digest.parse(tb.digest(Img.APP_1_0_BASE_V1)));
    List<String> progress = new CopyOnWriteArrayList<>();
    Future<Digest> waiting =
        pool.submit(() -> fastWaiter(progress).await(tag, v1, Duration.ofSeconds(60)));

    // The waiter keeps seeing the old digest until the push.
    Thread.sleep(300);
    assertThat(waiting.isDone()).isFalse();
    assertThat(progress).anyMatch(l -> l.contains("still " + v1));
    Digest v2 = copy(ref(Img.APP_1_0_BASE_V2), tag);

    assertThat(v2).isNotEqualTo(v1).isEqualTo(Digest.parse(tb.digest(Img.APP_1_0_BASE_V2)));
    assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(v2);
    assertThat(progress).anyMatch(l -> l.startsWith(tag + " now points at " + v2));
  }

  @Test
  void waiterAcceptsATagThatDidNotExistYet() throws Exception {
    ImageRef tag = freshTag();
    List<String> progress = new CopyOnWriteArrayList<>();
    Future<Digest> waiting =
        pool.submit(() -> fastWaiter(progress).await(tag, null, Duration.ofSeconds(60)));
    Thread.sleep(300);
    assertThat(waiting.isDone()).isFalse();
    assertThat(progress).anyMatch(l -> l.endsWith("not found"));

    Digest pushed = copy(ref(Img.APP_1_0_BASE_V2), tag);

    assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(pushed);
  }

  @Test
  void tagThatNeverChangesTimesOut() throws Exception {
    ImageRef tag = freshTag();
    Digest v1 = copy(ref(Img.APP_1_0_BASE_V1), tag);

    assertThatThrownBy(() -> fastWaiter(new ArrayList<>()).await(tag, v1, Duration.ofMillis(500)))
        .isInstanceOfSatisfying(
            RebuildTimeoutException.class,
            e -> {
              assertThat(e.tag()).isEqualTo(tag);
              assertThat(e.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
              assertThat(e.getMessage())
                  .startsWith("timed out after ")
                  .contains(" ms waiting for " + tag + " to move from " + v1);
            });
    assertThat(client.headManifest(tag).digest()).isEqualTo(v1);
  }

  @Test
  void backoffAndTimeoutFollowTheClock() throws Exception {
    ImageRef tag = freshTag();
    Digest v1 = copy(ref(Img.APP_1_0_BASE_V1), tag);
    AtomicLong now = new AtomicLong();
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    WaitClock fake =
        new WaitClock() {
          @Override
          public long nanoTime() {
            return now.get();
          }

          @Override
          public void sleep(Duration d) {
            sleeps.add(d);
            now.addAndGet(d.toNanos());
          }
        };
    RebuildWaiter waiter =
        new RebuildWaiter(
            client,
            fake,
            new RebuildWaiter.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 1.5),
            l -> {});

    assertThatThrownBy(() -> waiter.await(tag, v1, Duration.ofMinutes(2)))
        .isInstanceOfSatisfying(
            RebuildTimeoutException.class,
            e -> {
              assertThat(e.waited()).isEqualTo(Duration.ofMinutes(2));
              assertThat(e.getMessage()).startsWith("timed out after 2 min 0 s waiting for " + tag);
            });
    assertThat(sleeps)
        .startsWith(
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofMillis(4500),
            Duration.ofMillis(6750));
    assertThat(sleeps).allMatch(d -> d.compareTo(Duration.ofSeconds(30)) <= 0);
    assertThat(sleeps).contains(Duration.ofSeconds(30));
    assertThat(sleeps.stream().map(Duration::toNanos).reduce(0L, Long::sum))
        .isEqualTo(Duration.ofMinutes(2).toNanos());
  }

  @Test
  void waitIsCancelledByInterrupting() throws Exception {
    ImageRef tag = freshTag();
    Digest v1 = copy(ref(Img.APP_1_0_BASE_V1), tag);
    CountDownLatch polled = new CountDownLatch(1);
    RebuildWaiter waiter =
        new RebuildWaiter(
            client,
            WaitClock.system(),
            new RebuildWaiter.Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10), 1),
            l -> polled.countDown());
    CountDownLatch interrupted = new CountDownLatch(1);
    Future<?> waiting =
        pool.submit(
            () -> {
              try {
                waiter.await(tag, v1, Duration.ofMinutes(5));
              } catch (InterruptedException e) {
                interrupted.countDown();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertThat(polled.await(30, TimeUnit.SECONDS)).isTrue();

    waiting.cancel(true);

    // The 10 s sleep ends at once with InterruptedException, long before the 5 min timeout.
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void interruptedWaitThrowsInterruptedException() throws Exception {
    ImageRef tag = freshTag();
    Digest v1 = copy(ref(Img.APP_1_0_BASE_V1), tag);
    RebuildWaiter waiter = fastWaiter(new ArrayList<>());
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> waiter.await(tag, v1, Duration.ofMinutes(5)))
          .isInstanceOf(InterruptedException.class)
          .hasMessageContaining("waiting for " + tag + " to change was cancelled");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void receiverThatActuallyRebuilds() throws Exception {
    ImageRef tag = freshTag();
    Digest v1 = copy(ref(Img.APP_1_0_BASE_V1), tag);
    List<String> progress = new CopyOnWriteArrayList<>();
    try (Receiver ci = new Receiver()) {
      // The "CI": on the webhook, check what it was told, then push the app rebuilt on v2.
      ci.answer(202, "queued")
          .onRequest(
              r -> {
                Map<String, String> q = r.query();
                if (!q.get("tag").equals("1.0") || !r.headers().get("x-token").equals("s3cret")) {
                  throw new IllegalStateException("unexpected request " + r);
                }
                copy(ref(Img.APP_1_0_BASE_V2), tag);
              });
      RebuildTrigger trigger =
          RebuildTrigger.fromConfig(
              Map.of(
                  "type",
                  "webhook",
                  "url",
                  ci.url() + "/build?tag=${tag}",
                  "headers",
                  Map.of("X-Token", "${env:CI_TOKEN}"),
                  "body",
                  "{\"image\":\"${app}\",\"base\":\"${newBaseDigest}\"}"));
      Rebuild rebuild =
          new Rebuild(
              TriggerClient.create(
                  Duration.ofSeconds(5), Duration.ofSeconds(60), Map.of("CI_TOKEN", "s3cret")::get),
              fastWaiter(progress),
              progress::add);

      Digest result = rebuild.rebuild(trigger, context(tag, v1), Duration.ofSeconds(60));

      assertThat(result).isEqualTo(Digest.parse(tb.digest(Img.APP_1_0_BASE_V2))).isNotEqualTo(v1);
      assertThat(client.headManifest(tag).digest()).isEqualTo(result);
      Receiver.Received r = ci.only();
      assertThat(r.body())
          .isEqualTo(
              "{\"image\":\""
                  + tag.name()
                  + "\",\"base\":\""
                  + tb.digest(Img.DEBIAN_BOOKWORM_V2)
                  + "\"}");
      assertThat(progress)
          .anyMatch(l -> l.startsWith("Triggered webhook trigger") && l.contains("HTTP 202"));
    }
  }

  @Test
  void failedTriggerDoesNotWait() throws Exception {
    ImageRef tag = freshTag();
    Digest v1 = copy(ref(Img.APP_1_0_BASE_V1), tag);
    try (Receiver ci = new Receiver()) {
      ci.answer(404, "{\"message\":\"Not Found\"}");
      RebuildTrigger trigger =
          RebuildTrigger.fromConfig(
              Map.of("type", "github", "repository", "acme/app", "apiUrl", ci.url()));
      Rebuild rebuild =
          new Rebuild(
              TriggerClient.create(
                  Duration.ofSeconds(5), Duration.ofSeconds(10), Map.of("GITHUB_TOKEN", "t")::get),
              fastWaiter(new ArrayList<>()),
              l -> {});

      assertThatThrownBy(() -> rebuild.rebuild(trigger, context(tag, v1), Duration.ofMinutes(10)))
          .isInstanceOfSatisfying(
              RebuildException.class,
              e -> {
                assertThat(e).isNotInstanceOf(RebuildTimeoutException.class);
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.getMessage()).contains("answered 404: {\"message\":\"Not Found\"}");
              });
    }
  }

  @Test
  void unauthorizedRegistryEndsTheWaitAtOnce() throws Exception {
    ImageRef tag =
        ImageRef.parse(
            tb.authRegistry() + "/drydock/app:" + tb.repoTag(Img.APP_1_0_BASE_V1).split(":")[1]);
    try (RegistryClient anonymous = RegistryClient.create(RegistryOptions.defaults())) {
      RebuildWaiter waiter =
          new RebuildWaiter(
              anonymous,
              WaitClock.system(),
              new RebuildWaiter.Backoff(Duration.ofMillis(50), Duration.ofMillis(50), 1),
              l -> {});
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  waiter.await(
                      tag, Digest.parse(tb.digest(Img.APP_1_0_BASE_V1)), Duration.ofMinutes(5)))
          .isInstanceOfSatisfying(
              io.drydock.oci.registry.RegistryException.class,
              e -> assertThat(e.status()).isIn(401, 403));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(5));
    }
  }
}
