package io.drydock.refresh.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.refresh.watch.BaseUpdate.Source;
import io.drydock.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchedBasesTest {
  static final ImageRef DEBIAN = ImageRef.parse("debian:bookworm");
  static final Digest D1 = Digest.parse("sha256:" + "1".repeat(64));
  static final Digest D2 = Digest.parse("sha256:" + "2".repeat(64));
  static final Digest D3 = Digest.parse("sha256:" + "3".repeat(64));
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  static PushEvent push(String ref, Digest d, Source s) {
    return new PushEvent(ImageRef.parse(ref).withDigest(d), null, s);
  }

  @Test
  void firstPollSeedsThenChangesFireOnce() {
    WatchedBases w = new WatchedBases(List.of(DEBIAN), Map.of(), clock);
    assertThat(w.observe(DEBIAN, D1)).isEmpty();
    assertThat(w.lastDigest(DEBIAN)).contains(D1);
    assertThat(w.observe(DEBIAN, D1)).isEmpty();
    BaseUpdate u = w.observe(DEBIAN, D2).orElseThrow();
    assertThat(u.reference().toString()).isEqualTo("docker.io/library/debian:bookworm");
    assertThat(u.oldDigest()).isEqualTo(D1);
    assertThat(u.newDigest()).isEqualTo(D2);
    assertThat(u.source()).isEqualTo(Source.POLL);
    assertThat(u.at()).isEqualTo(clock.instant());
    assertThat(w.observe(DEBIAN, D2)).isEmpty();
    // a poll is the truth: moving back to an earlier digest is an update
    assertThat(w.observe(DEBIAN, D1)).map(BaseUpdate::oldDigest).contains(D2);
  }

  @Test
  void seedPreventsRefiringAfterRestart() {
    WatchedBases w = new WatchedBases(List.of(DEBIAN), Map.of(DEBIAN, D1), clock);
    assertThat(w.observe(DEBIAN, D1)).isEmpty();
    assertThat(w.snapshot()).isEqualTo(Map.of(DEBIAN, D1));
  }

  @Test
  void webhookThenPollFireOnceAndStaleWebhooksAreIgnored() {
    WatchedBases w = new WatchedBases(List.of(DEBIAN), Map.of(DEBIAN, D1), clock);
    // Docker Hub spelled the way a distribution payload names it
    BaseUpdate u =
        w.onPush(push("docker.io/library/debian:bookworm", D2, Source.DISTRIBUTION)).orElseThrow();
    assertThat(u.oldDigest()).isEqualTo(D1);
    assertThat(u.source()).isEqualTo(Source.DISTRIBUTION);
    assertThat(w.observe(DEBIAN, D2)).isEmpty(); // the next poll does not fire again
    assertThat(w.onPush(push("debian:bookworm", D2, Source.DISTRIBUTION))).isEmpty(); // re-sent
    assertThat(w.observe(DEBIAN, D3)).isPresent();
    // the notification of D2 arriving late must not move the state back
    assertThat(w.onPush(push("debian:bookworm", D2, Source.HARBOR))).isEmpty();
    assertThat(w.lastDigest(DEBIAN)).contains(D3);
  }

  @Test
  void webhookForAnUnseenTagFiresWithoutOldDigest() {
    WatchedBases w = new WatchedBases(List.of(DEBIAN), Map.of(), clock);
    BaseUpdate u = w.onPush(push("debian:bookworm", D1, Source.ACR)).orElseThrow();
    assertThat(u.oldDigest()).isNull();
    assertThat(w.observe(DEBIAN, D1)).isEmpty();
  }

  @Test
  void otherTagsRegistriesAndDigestPushesDoNotMatch() {
    WatchedBases w =
        new WatchedBases(
            List.of(ImageRef.parse("localhost:5000/debian:bookworm")), Map.of(), clock);
    assertThat(w.onPush(push("127.0.0.1:5000/debian:bookworm", D1, Source.DISTRIBUTION))).isEmpty();
    assertThat(w.onPush(push("localhost:5000/debian:trixie", D1, Source.DISTRIBUTION))).isEmpty();
    assertThat(w.onPush(push("localhost:5000/ubuntu:bookworm", D1, Source.DISTRIBUTION))).isEmpty();
    PushEvent byDigest =
        new PushEvent(
            new ImageRef("localhost:5000", "debian", null, D1), null, Source.DISTRIBUTION);
    assertThat(w.onPush(byDigest)).isEmpty();
    assertThat(w.onPush(push("localhost:5000/debian:bookworm", D1, Source.DISTRIBUTION)))
        .isPresent();
  }

  @Test
  void referencesMustBeTags() {
    assertThatThrownBy(() -> new WatchedBases(List.of(DEBIAN.withDigest(D1)), Map.of(), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a tag without digest");
    WatchedBases w = new WatchedBases(List.of(DEBIAN), Map.of(), clock);
    assertThatThrownBy(() -> w.observe(ImageRef.parse("debian:trixie"), D1))
        .hasMessage("\"docker.io/library/debian:trixie\" is not a watched base reference");
  }
}
