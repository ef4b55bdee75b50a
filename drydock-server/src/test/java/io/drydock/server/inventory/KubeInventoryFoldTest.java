package io.drydock.server.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.kube.ObservedPod;
import io.drydock.kube.PodContainer;
import io.drydock.kube.TopOwner;
import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.testing.MutableClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fold of pods into rows, fed directly (no API server), with a clock the test moves. */
class KubeInventoryFoldTest {
  static final String A = "sha256:" + "a".repeat(64);
  static final String B = "sha256:" + "b".repeat(64);
  static final TopOwner WEB = new TopOwner("Deployment", "shop", "web");

  @TempDir Path dir;

  static ObservedPod pod(String name, TopOwner owner, long created, String phase, String digest) {
    return new ObservedPod(
        owner.namespace(),
        name,
        owner,
        phase,
        created,
        List.of(
            PodContainer.of(
                "containers", "app", "r/web:" + digest.substring(7, 8), "r/web@" + digest)));
  }

  static List<String> rows(Database db) {
    return KubeInventoryTest.workloads(db);
  }

  static long lastSeen(Database db, String digest) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT last_seen FROM images WHERE digest = :d")
                    .bind("d", digest)
                    .mapTo(Long.class)
                    .one());
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void theInitialListIsMergedWithEventsThatOvertookIt(Vendor vendor) throws Exception {
    try (Database db = Database.open(TestDatabases.url(vendor, dir), null, null, 4)) {
      // a row from before a restart whose pod is no longer listed
      db.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "INSERT INTO workloads (namespace, kind, name, container, image, pods,"
                          + " seen_at) VALUES ('shop', 'Pod', 'gone', 'app', 'x', 1, 1)"));
      KubeInventory inv =
          new KubeInventory(
              Servers.context(
                  Servers.config(dir, "x", List.of(), null), db, new MutableClock(1_000_000L)),
              List.of());
      TopOwner late = new TopOwner("Pod", "shop", "late");
      TopOwner deleted = new TopOwner("Pod", "shop", "deleted");
      // events delivered before the listing was handed over: a new pod, a deletion, an update
      inv.onPod(pod("late", late, 50, "Running", B));
      inv.onPodGone("shop", "deleted");
      inv.onPod(pod("web-1", WEB, 10, "Running", B));
      // the (older) snapshot still has "deleted" and web-1 at A
      inv.onSynced(
          List.of(pod("web-1", WEB, 10, "Running", A), pod("deleted", deleted, 5, "Running", A)));
      assertThat(rows(db))
          .containsExactly(
              "shop Deployment/web app r/web:b " + B + " pods=1",
              "shop Pod/late app r/web:b " + B + " pods=1");
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void newestPodWinsOnlyRunningPodsCountAndLastSeenIsKeptCurrent(Vendor vendor) throws Exception {
    try (Database db = Database.open(TestDatabases.url(vendor, dir), null, null, 4)) {
      MutableClock clock = new MutableClock(1_000_000L);
      KubeInventory inv =
          new KubeInventory(
              Servers.context(Servers.config(dir, "x", List.of(), null), db, clock), List.of());
      inv.onSynced(List.of(pod("web-1", WEB, 10, "Running", A)));
      assertThat(rows(db)).containsExactly("shop Deployment/web app r/web:a " + A + " pods=1");
      assertThat(lastSeen(db, A)).isEqualTo(1_000_000L);

      // an older pod with another digest does not take the row; a pending one does not count
      inv.onPod(pod("web-0", WEB, 5, "Running", B));
      inv.onPod(pod("web-2", WEB, 20, "Pending", A));
      assertThat(rows(db)).containsExactly("shop Deployment/web app r/web:a " + A + " pods=2");
      // a newer pod with B takes it; a failed pod is not live
      inv.onPod(pod("web-3", WEB, 30, "Running", B));
      inv.onPod(pod("web-4", WEB, 40, "Failed", A));
      assertThat(rows(db)).containsExactly("shop Deployment/web app r/web:b " + B + " pods=3");

      // a pod that moves to another owner (adoption) leaves the first one's count
      TopOwner other = new TopOwner("StatefulSet", "shop", "db");
      inv.onPod(pod("web-3", other, 30, "Running", B));
      assertThat(rows(db))
          .containsExactly(
              "shop Deployment/web app r/web:a " + A + " pods=2",
              "shop StatefulSet/db app r/web:b " + B + " pods=1");

      // the newest pod still pulling (no imageID yet) does not blank the digest
      inv.onPod(
          new ObservedPod(
              "shop",
              "web-9",
              WEB,
              "Pending",
              90,
              List.of(PodContainer.of("containers", "app", "r/web:c", null))));
      assertThat(rows(db)).contains("shop Deployment/web app r/web:a " + A + " pods=2").hasSize(2);
      inv.onPodGone("shop", "web-9");

      // last_seen follows the clock on touch, for running digests only
      clock.set(5_000_000L);
      assertThat(inv.touch()).isEqualTo(2);
      assertThat(lastSeen(db, A)).isEqualTo(5_000_000L);
      inv.onPodGone("shop", "web-3");
      clock.set(9_000_000L);
      assertThat(inv.touch()).isEqualTo(1);
      assertThat(lastSeen(db, A)).isEqualTo(9_000_000L);
      assertThat(lastSeen(db, B)).isEqualTo(5_000_000L);
      // one scan per digest for all of it
      assertThat(KubeInventoryTest.scanJobs(db)).hasSize(2);
    }
  }
}
