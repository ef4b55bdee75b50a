package io.drydock.server.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.kube.PodWatch;
import io.drydock.server.ServerConfig;
import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Kubernetes inventory against the fabric8 mock API server in CRUD mode (watches included),
 * writing to SQLite and to embedded PostgreSQL.
 */
class KubeInventoryTest {
  static final String WEB1 = "sha256:" + "1".repeat(64);
  static final String WEB2 = "sha256:" + "2".repeat(64);
  static final String INIT = "sha256:" + "3".repeat(64);
  static final String DEBUG = "sha256:" + "4".repeat(64);
  static final String REPORT = "sha256:" + "5".repeat(64);
  static final String OTHER = "sha256:" + "6".repeat(64);
  static final String REG = "registry.test:5000";

  @TempDir Path dir;
  KubernetesMockServer server;
  KubernetesClient client;
  final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void cluster() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient(new JdkHttpClientFactory());
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    client.close();
    server.destroy();
  }

  // ------------------------------------------------------------------ cluster objects

  static OwnerReference owner(String apiVersion, String kind, String name) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(name)
        .withUid("uid-" + kind + "-" + name)
        .withController(true)
        .build();
  }

  void replicaSet(String ns, String name, String deployment) {
    client
        .apps()
        .replicaSets()
        .inNamespace(ns)
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(name)
                .withUid("uid-ReplicaSet-" + name)
                .withOwnerReferences(owner("apps/v1", "Deployment", deployment))
                .endMetadata()
                .build())
        .create();
  }

  void job(String ns, String name, String cronJob) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .resource(
            new JobBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(name)
                .withUid("uid-Job-" + name)
                .withOwnerReferences(owner("batch/v1", "CronJob", cronJob))
                .endMetadata()
                .build())
        .create();
  }

  /**
   * A pod with containers {@code name=image} (and statuses whose imageID is {@code imageIds}), in
   * phase {@code phase}, created at {@code created}.
   */
  void pod(
      String ns,
      String name,
      OwnerReference owner,
      String created,
      String phase,
      Map<String, String> images,
      Map<String, String> imageIds) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .withCreationTimestamp(created)
            .endMetadata()
            .withNewSpec()
            .endSpec();
    if (owner != null) {
      b.editMetadata().withOwnerReferences(owner).endMetadata();
    }
    images.forEach(
        (c, image) -> {
          if (c.startsWith("init")) {
            b.editSpec()
                .addToInitContainers(new ContainerBuilder().withName(c).withImage(image).build())
                .endSpec();
          } else if (c.startsWith("debugger")) {
            b.editSpec()
                .addToEphemeralContainers(
                    new EphemeralContainerBuilder().withName(c).withImage(image).build())
                .endSpec();
          } else {
            b.editSpec()
                .addToContainers(new ContainerBuilder().withName(c).withImage(image).build())
                .endSpec();
          }
        });
    client.pods().inNamespace(ns).resource(b.build()).create();
    setStatus(ns, name, phase, images, imageIds);
  }

  void setStatus(
      String ns,
      String name,
      String phase,
      Map<String, String> images,
      Map<String, String> imageIds) {
    client
        .pods()
        .inNamespace(ns)
        .withName(name)
        .editStatus(
            p -> {
              PodStatusBuilder s = new PodStatusBuilder().withPhase(phase);
              images.forEach(
                  (c, image) -> {
                    ContainerStatus cs =
                        new ContainerStatusBuilder()
                            .withName(c)
                            .withImage(image)
                            .withImageID(imageIds.get(c))
                            .withReady(true)
                            .build();
                    if (c.startsWith("init")) {
                      s.addToInitContainerStatuses(cs);
                    } else if (c.startsWith("debugger")) {
                      s.addToEphemeralContainerStatuses(cs);
                    } else {
                      s.addToContainerStatuses(cs);
                    }
                  });
              p.setStatus(s.build());
              return p;
            });
  }

  void deletePod(String ns, String name) {
    client.pods().inNamespace(ns).withName(name).delete();
  }

  // ------------------------------------------------------------------ server side

  Database open(String url) throws Exception {
    Database db = Database.open(url, null, null, 4);
    closing.add(db);
    return db;
  }

  ServerPart start(Database db, List<String> namespaces) throws Exception {
    ServerConfig cfg = Servers.config(dir, "unused", namespaces, null);
    ServerContext ctx = Servers.context(cfg, db, Clock.systemUTC());
    Function<List<String>, PodWatch> watch = ns -> new PodWatch(client, ns);
    ServerPart part = KubeInventoryPart.factory(watch).apply(ctx);
    part.start();
    closing.add(part);
    return part;
  }

  static List<String> workloads(Database db) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT namespace, kind, name, container, image, digest, pods FROM"
                            + " workloads ORDER BY namespace, kind, name, container")
                    .map(
                        (rs, c) ->
                            rs.getString(1)
                                + " "
                                + rs.getString(2)
                                + "/"
                                + rs.getString(3)
                                + " "
                                + rs.getString(4)
                                + " "
                                + rs.getString(5)
                                + " "
                                + rs.getString(6)
                                + " pods="
                                + rs.getInt(7))
                    .list());
  }

  static List<String> scanJobs(Database db) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT subject || ' ' || payload FROM jobs WHERE kind = 'scan' ORDER BY"
                            + " id")
                    .mapTo(String.class)
                    .list());
  }

  static List<String> refs(Database db) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT r.reference || ' ' || r.source || ' ' || i.repository FROM"
                            + " image_refs r JOIN images i ON i.digest = r.digest ORDER BY"
                            + " r.reference")
                    .mapTo(String.class)
                    .list());
  }

  static String scan(String repo, String digest) {
    return repo
        + "@"
        + digest
        + " {\"reference\":\""
        + repo
        + "@"
        + digest
        + "\",\"source\":\"kubernetes\"}";
  }

  /** shop: Deployment web (2 pods, an init container), a bare pod; batch: a CronJob's pod. */
  void initialCluster() {
    replicaSet("shop", "web-7d9", "web");
    for (String p : List.of("web-7d9-a", "web-7d9-b")) {
      pod(
          "shop",
          p,
          owner("apps/v1", "ReplicaSet", "web-7d9"),
          "2026-11-29T10:00:00Z",
          "Running",
          Map.of("app", REG + "/shop/web:1.0", "init-db", REG + "/shop/migrate:1"),
          Map.of(
              "app",
              "docker-pullable://" + REG + "/shop/web@" + WEB1,
              "init-db",
              REG + "/shop/migrate@" + INIT));
    }
    pod(
        "shop",
        "debug",
        null,
        "2026-11-29T10:00:00Z",
        "Running",
        Map.of("shell", "busybox:1.36", "debugger-1", "busybox:1.37"),
        Map.of(
            "shell", "docker.io/library/busybox@" + DEBUG,
            // a config digest only (image without repository digest): no digest recorded
            "debugger-1", "sha256:" + "9".repeat(64)));
    job("batch", "report-28901", "report");
    pod(
        "batch",
        "report-28901-x",
        owner("batch/v1", "Job", "report-28901"),
        "2026-11-29T10:00:00Z",
        "Running",
        Map.of("main", REG + "/batch/report:3"),
        Map.of("main", REG + "/batch/report@" + REPORT));
    // not watched
    pod(
        "other",
        "elsewhere",
        null,
        "2026-11-29T10:00:00Z",
        "Running",
        Map.of("c", REG + "/other/app:1"),
        Map.of("c", REG + "/other/app@" + OTHER));
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void podsFoldIntoTheirTopOwnersAndFollowTheCluster(Vendor vendor) throws Exception {
    initialCluster();
    Database db = open(TestDatabases.url(vendor, dir));
    start(db, List.of("shop", "batch"));

    // the initial list is written before start() returns
    assertThat(workloads(db))
        .containsExactly(
            "batch CronJob/report main " + REG + "/batch/report:3 " + REPORT + " pods=1",
            "shop Deployment/web app " + REG + "/shop/web:1.0 " + WEB1 + " pods=2",
            "shop Deployment/web init-db " + REG + "/shop/migrate:1 " + INIT + " pods=2",
            "shop Pod/debug debugger-1 busybox:1.37 null pods=1",
            "shop Pod/debug shell busybox:1.36 " + DEBUG + " pods=1");
    assertThat(refs(db))
        .containsExactly(
            "docker.io/library/busybox@" + DEBUG + " kubernetes docker.io/library/busybox",
            REG + "/batch/report@" + REPORT + " kubernetes " + REG + "/batch/report",
            REG + "/shop/migrate@" + INIT + " kubernetes " + REG + "/shop/migrate",
            REG + "/shop/web@" + WEB1 + " kubernetes " + REG + "/shop/web");
    // one scan per digest, although two pods run WEB1 and INIT
    assertThat(scanJobs(db))
        .containsExactlyInAnyOrder(
            scan(REG + "/batch/report", REPORT),
            scan(REG + "/shop/migrate", INIT),
            scan(REG + "/shop/web", WEB1),
            scan("docker.io/library/busybox", DEBUG));

    // one pod goes: the count drops; the last goes: the rows go
    deletePod("shop", "web-7d9-b");
    Servers.await(() -> workloads(db).contains(webRow(WEB1, "1.0", 1)));
    assertThat(workloads(db)).contains(webRow(WEB1, "1.0", 1));
    deletePod("shop", "web-7d9-a");
    Servers.await(() -> workloads(db).stream().noneMatch(r -> r.contains("Deployment/web")));
    assertThat(workloads(db)).noneMatch(r -> r.contains("Deployment/web")).hasSize(3);

    // a pod that completes no longer counts: the CronJob's row goes
    setStatus(
        "batch",
        "report-28901-x",
        "Succeeded",
        Map.of("main", REG + "/batch/report:3"),
        Map.of("main", REG + "/batch/report@" + REPORT));
    Servers.await(() -> workloads(db).stream().noneMatch(r -> r.contains("CronJob")));
    assertThat(workloads(db)).noneMatch(r -> r.contains("CronJob")).hasSize(2);
  }

  static String webRow(String digest, String tag, int pods) {
    return "shop Deployment/web app " + REG + "/shop/web:" + tag + " " + digest + " pods=" + pods;
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void anImageChangeUpdatesTheRowAndQueuesOneScan(Vendor vendor) throws Exception {
    replicaSet("shop", "web-7d9", "web");
    pod(
        "shop",
        "web-7d9-a",
        owner("apps/v1", "ReplicaSet", "web-7d9"),
        "2026-11-29T10:00:00Z",
        "Running",
        Map.of("app", REG + "/shop/web:1.0"),
        Map.of("app", REG + "/shop/web@" + WEB1));
    Database db = open(TestDatabases.url(vendor, dir));
    start(db, List.of());
    assertThat(workloads(db)).containsExactly(webRow(WEB1, "1.0", 1));

    // a roll-out: a new ReplicaSet's pod, still pulling (no imageID yet), then running. The mock
    // stamps creationTimestamp itself, in whole seconds: let a second pass so the new pod is newer
    Thread.sleep(1100);
    replicaSet("shop", "web-8f2", "web");
    pod(
        "shop",
        "web-8f2-a",
        owner("apps/v1", "ReplicaSet", "web-8f2"),
        "2026-11-29T11:00:00Z",
        "Pending",
        Map.of("app", REG + "/shop/web:2.0"),
        Map.of());
    // (that the old digest stays while the new pod has none is KubeInventoryFoldTest's: here
    // the pending pod's event changes no row, so there is nothing to wait for)
    setStatus(
        "shop",
        "web-8f2-a",
        "Running",
        Map.of("app", REG + "/shop/web:2.0"),
        Map.of("app", REG + "/shop/web@" + WEB2));
    Servers.await(() -> workloads(db).contains(webRow(WEB2, "2.0", 2)));
    assertThat(workloads(db)).containsExactly(webRow(WEB2, "2.0", 2));
    deletePod("shop", "web-7d9-a");
    Servers.await(() -> workloads(db).contains(webRow(WEB2, "2.0", 1)));
    assertThat(workloads(db)).containsExactly(webRow(WEB2, "2.0", 1));

    // more pods of the new digest and status churn: still one scan per digest
    pod(
        "shop",
        "web-8f2-b",
        owner("apps/v1", "ReplicaSet", "web-8f2"),
        "2026-11-29T11:01:00Z",
        "Running",
        Map.of("app", REG + "/shop/web:2.0"),
        Map.of("app", REG + "/shop/web@" + WEB2));
    Servers.await(() -> workloads(db).contains(webRow(WEB2, "2.0", 2)));
    assertThat(workloads(db)).containsExactly(webRow(WEB2, "2.0", 2));
    assertThat(scanJobs(db))
        .containsExactly(scan(REG + "/shop/web", WEB1), scan(REG + "/shop/web", WEB2));
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void aRestartedServerConvergesFromTheList(Vendor vendor) throws Exception {
    initialCluster();
    String url = TestDatabases.url(vendor, dir);
    Database db = open(url);
    ServerPart first = start(db, List.of("shop", "batch"));
    assertThat(workloads(db)).hasSize(5);
    first.close();
    closing.remove(first);

    // while the server is down: web goes away, a StatefulSet pod arrives, debug is replaced
    deletePod("shop", "web-7d9-a");
    deletePod("shop", "web-7d9-b");
    deletePod("shop", "debug");
    pod(
        "shop",
        "db-0",
        owner("apps/v1", "StatefulSet", "db"),
        "2026-11-29T12:00:00Z",
        "Running",
        Map.of("postgres", "postgres:16"),
        Map.of("postgres", "docker.io/library/postgres@" + WEB2));
    // a row in a namespace this server does not watch is someone else's: left alone
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO workloads (namespace, kind, name, container, image, pods,"
                        + " seen_at) VALUES ('elsewhere', 'Deployment', 'x', 'c', 'x:1', 1, 1)"));

    start(db, List.of("shop", "batch"));
    assertThat(workloads(db))
        .containsExactly(
            "batch CronJob/report main " + REG + "/batch/report:3 " + REPORT + " pods=1",
            "elsewhere Deployment/x c x:1 null pods=1",
            "shop StatefulSet/db postgres postgres:16 " + WEB2 + " pods=1");
    assertThat(scanJobs(db)).contains(scan("docker.io/library/postgres", WEB2)).hasSize(5);
  }

  KubeInventoryPart startLeased(Database db, List<String> namespaces) throws Exception {
    return startLeased(db, namespaces, ns -> new PodWatch(client, ns), Duration.ofMillis(2_000));
  }

  KubeInventoryPart startLeased(
      Database db, List<String> namespaces, Function<List<String>, PodWatch> watch, Duration ttl)
      throws Exception {
    KubeInventoryPart part = leasedPart(db, namespaces, watch, ttl);
    part.start();
    return part;
  }

  KubeInventoryPart leasedPart(
      Database db, List<String> namespaces, Function<List<String>, PodWatch> watch, Duration ttl) {
    ServerConfig cfg = Servers.config(dir, "unused", namespaces, null);
    ServerContext ctx = Servers.context(cfg, db, Clock.systemUTC());
    KubeInventoryPart part =
        (KubeInventoryPart) KubeInventoryPart.factory(watch, ttl, ttl.dividedBy(10)).apply(ctx);
    closing.add(part);
    return part;
  }

  /** A watch whose connect and initial list take {@code millis} longer, counting its starts. */
  Function<List<String>, PodWatch> slowWatch(long millis, AtomicInteger starts) {
    return ns -> {
      starts.incrementAndGet();
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new PodWatch(client, ns);
    };
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void theLeaseIsRenewedWhileALongInitialListRuns(Vendor vendor) throws Exception {
    initialCluster();
    Database db = open(TestDatabases.url(vendor, dir));
    Duration ttl = Duration.ofMillis(600);
    // a's initial list takes 2.5 lease lengths; b stands by, trying every 60 ms
    AtomicInteger aStarts = new AtomicInteger();
    KubeInventoryPart a = leasedPart(db, List.of("shop", "batch"), slowWatch(1_500, aStarts), ttl);
    ExecutorService starter = Executors.newSingleThreadExecutor();
    try {
      Future<?> aStarted =
          starter.submit(
              () -> {
                a.start();
                return null;
              });
      Servers.await(() -> leaseHolder(db) != null);
      String aHolder = leaseHolder(db);
      AtomicInteger bStarts = new AtomicInteger();
      KubeInventoryPart b = startLeased(db, List.of("shop", "batch"), slowWatch(0, bStarts), ttl);
      aStarted.get(30, TimeUnit.SECONDS);
      assertThat(a.watching()).as("a finished its initial list holding the lease").isTrue();
      Thread.sleep(ttl.toMillis() * 2);
      assertThat(bStarts.get()).as("b never started a watch").isZero();
      assertThat(b.watching()).isFalse();
      assertThat(leaseHolder(db)).isEqualTo(aHolder);
      assertThat(workloads(db)).hasSize(5);

      // a takeover with a long initial list keeps the lease too: b (slow now) takes over from a
      // crashed a, and c, started while b's initial list runs, stands by throughout
      b.close();
      closing.remove(b);
      KubeInventoryPart slowB =
          startLeased(db, List.of("shop", "batch"), slowWatch(1_500, bStarts), ttl);
      a.crashForTest();
      Servers.await(() -> bStarts.get() == 1);
      AtomicInteger cStarts = new AtomicInteger();
      KubeInventoryPart c = startLeased(db, List.of("shop", "batch"), slowWatch(0, cStarts), ttl);
      Servers.await(slowB::watching);
      Thread.sleep(ttl.toMillis() * 2);
      assertThat(slowB.watching()).isTrue();
      assertThat(c.watching()).isFalse();
      assertThat(cStarts.get()).as("c never started a watch").isZero();
      assertThat(aStarts.get()).isEqualTo(1);
    } finally {
      starter.shutdownNow();
    }
  }

  static String leaseHolder(Database db) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT value FROM server_state WHERE name = :n")
                    .bind("n", KubeInventoryPart.LEASE)
                    .mapTo(String.class)
                    .findOne()
                    .orElse(null));
  }

  void webPod(String name, String digest) {
    pod(
        "shop",
        name,
        owner("apps/v1", "ReplicaSet", "web-7d9"),
        "2026-11-29T10:00:00Z",
        "Running",
        Map.of("app", REG + "/shop/web:1.0"),
        Map.of("app", REG + "/shop/web@" + digest));
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void oneReplicaWatchesAndAnotherTakesOverWhenItStopsOrDies(Vendor vendor) throws Exception {
    initialCluster();
    Database db = open(TestDatabases.url(vendor, dir));
    KubeInventoryPart a = startLeased(db, List.of("shop", "batch"));
    KubeInventoryPart b = startLeased(db, List.of("shop", "batch"));
    KubeInventoryPart c = startLeased(db, List.of("shop", "batch"));
    assertThat(a.watching()).as("the first replica holds the lease").isTrue();
    assertThat(b.watching()).as("the second stands by").isFalse();
    assertThat(c.watching()).isFalse();
    assertThat(workloads(db)).hasSize(5);
    // renewals keep it with the first replica
    Thread.sleep(1_500);
    assertThat(a.watching()).isTrue();
    assertThat(b.watching() || c.watching()).as("nobody else watches meanwhile").isFalse();

    // a stops cleanly and gives the lease up: one of the others takes over and follows the cluster
    a.close();
    closing.remove(a);
    Servers.await(() -> b.watching() || c.watching());
    KubeInventoryPart next = b.watching() ? b : c;
    KubeInventoryPart last = next == b ? c : b;
    Thread.sleep(500);
    assertThat(last.watching()).as("exactly one replica took over").isFalse();
    deletePod("shop", "debug");
    Servers.await(() -> workloads(db).stream().noneMatch(r -> r.contains("Pod/debug")));

    // the new holder dies without giving the lease up: the last one takes over once it is stale
    String died = leaseHolder(db);
    next.crashForTest();
    Servers.await(last::watching);
    assertThat(leaseHolder(db)).isNotEqualTo(died);
    deletePod("shop", "web-7d9-a");
    deletePod("shop", "web-7d9-b");
    Servers.await(() -> workloads(db).stream().noneMatch(r -> r.contains("Deployment/web")));
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void aReplicaWhoseLeaseWasTakenStopsWatching(Vendor vendor) throws Exception {
    initialCluster();
    Database db = open(TestDatabases.url(vendor, dir));
    KubeInventoryPart a = startLeased(db, List.of("shop", "batch"));
    assertThat(a.watching()).isTrue();
    // another replica took the lease while this one was paused (its renewals missed)
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE server_state SET value = 'other-replica', updated_at = :t WHERE"
                            + " name = :n")
                    .bind("t", System.currentTimeMillis() + 60_000)
                    .bind("n", KubeInventoryPart.LEASE)
                    .execute());
    Servers.await(() -> !a.watching());
    assertThat(leaseHolder(db)).isEqualTo("other-replica");
    // and it does not give away a lease it no longer holds when it stops
    a.close();
    closing.remove(a);
    assertThat(leaseHolder(db)).isEqualTo("other-replica");
  }
}
