import io.drydock.kube.ObservedPod;
import io.drydock.kube.PodContainer;
import io.drydock.kube.TopOwner;
import io.drydock.server.ServerConfig;
import io.drydock.server.ServerContext;
import io.drydock.server.db.Database;
import io.drydock.server.inventory.ImageCatalog;
import io.drydock.server.inventory.KubeInventory;
import io.drydock.server.inventory.LineageGraph;
import io.drydock.server.jobs.JobQueue;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inventory costs on one database: java -cp CP bench/InventoryLoad.java sqlite|postgresql [APPS]
 * (see bench/inventory.sh). Prints: registering APPS new digests (images + image_refs + a scan job
 * each, what a registry webhook or a new pod costs), the lineage graph over APPS images (median and
 * max of 20 reads), the initial fold of 5 pods per app (onSynced), and per-event cost of pod status
 * churn (no write) and of image changes (a write and a registration).
 */
public class InventoryLoad {
  public static void main(String[] args) throws Exception {
    String vendor = args.length > 0 ? args[0] : "sqlite";
    int apps = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Path dir = Files.createTempDirectory("inventory-bench");
    EmbeddedPostgres pg = null;
    String url;
    if (vendor.equals("postgresql")) {
      pg = EmbeddedPostgres.builder().start();
      url = pg.getJdbcUrl("postgres", "postgres");
    } else {
      url = "jdbc:sqlite:" + dir.resolve("server.db");
    }
    try (Database db = Database.open(url, null, null, 8)) {
      ServerConfig d = ServerConfig.defaults(dir);
      ServerConfig cfg =
          new ServerConfig(url, null, null, "127.0.0.1", 0, dir, d.advisoryDir(), 1, d.lease(),
              List.of(), null, null, null, null);
      Clock clock = Clock.systemUTC();
      ServerContext ctx =
          new ServerContext(cfg, db, new JobQueue(db, clock), clock, new PrometheusRegistry(), () -> {});
      ImageCatalog catalog = new ImageCatalog(ctx);

      // 1. registration of new digests
      long t0 = System.nanoTime();
      for (int i = 0; i < apps; i++) {
        catalog.seen("reg/app" + i, "reg/app" + i + ":1", digest(i), "registry");
      }
      report("register " + apps + " new digests", System.nanoTime() - t0, apps);

      // 2. lineage: 20 bases of 3 layers, apps on them with 2 more layers; diff_ids set as a scan would
      db.jdbi().useHandle(h -> {
        for (int b = 0; b < 20; b++) {
          h.createUpdate("INSERT INTO images (digest, repository, first_seen, last_seen, diff_ids)"
                  + " VALUES (:d, :r, 1, 1, :ids)")
              .bind("d", digest(1_000_000 + b)).bind("r", "reg/base" + b)
              .bind("ids", ids(b, -1)).execute();
        }
        for (int i = 0; i < apps; i++) {
          h.createUpdate("UPDATE images SET diff_ids = :ids WHERE digest = :d")
              .bind("ids", ids(i % 20, i)).bind("d", digest(i)).execute();
        }
      });
      LineageGraph lineage = new LineageGraph(db);
      long[] reads = new long[20];
      int bases = 0;
      for (int r = 0; r < reads.length; r++) {
        long s = System.nanoTime();
        bases = lineage.graph().bases().size();
        reads[r] = System.nanoTime() - s;
      }
      Arrays.sort(reads);
      System.out.printf("lineage graph over %d images (%d bases): median %.1f ms, max %.1f ms%n",
          apps + 20, bases, reads[reads.length / 2] / 1e6, reads[reads.length - 1] / 1e6);

      // 3. inventory: 5 pods per app in a Deployment each
      KubeInventory inv = new KubeInventory(ctx, List.of());
      List<ObservedPod> pods = new ArrayList<>();
      for (int i = 0; i < apps; i++) {
        for (int p = 0; p < 5; p++) {
          pods.add(pod(i, p, digest(i), "Running"));
        }
      }
      t0 = System.nanoTime();
      inv.onSynced(pods);
      report("initial fold of " + pods.size() + " pods", System.nanoTime() - t0, pods.size());
      t0 = System.nanoTime();
      for (int i = 0; i < apps; i++) {
        inv.onPod(pod(i, 0, digest(i), "Running")); // a status update that changes no row
      }
      report("pod events without a row change", System.nanoTime() - t0, apps);
      t0 = System.nanoTime();
      for (int i = 0; i < apps; i++) {
        inv.onPod(pod(i, 5, digest(2_000_000 + i), "Running")); // a newer pod, new image
      }
      report("pod events with a new image (row write + registration)", System.nanoTime() - t0, apps);
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }

  static ObservedPod pod(int app, int p, String digest, String phase) {
    return new ObservedPod("ns" + (app % 10), "app" + app + "-" + p,
        new TopOwner("Deployment", "ns" + (app % 10), "app" + app), phase, 1_000L * p,
        List.of(PodContainer.of("containers", "app", "reg/app" + app + ":1", "reg/app" + app + "@" + digest)));
  }

  static String ids(int base, int app) {
    StringBuilder b = new StringBuilder("[");
    for (int l = 0; l < 3; l++) {
      b.append(l == 0 ? "" : ",").append("\"").append(digest(3_000_000 + base * 10 + l)).append("\"");
    }
    if (app >= 0) {
      b.append(",\"").append(digest(4_000_000 + 2 * app)).append("\",\"").append(digest(4_000_001 + 2 * app)).append("\"");
    }
    return b.append("]").toString();
  }

  static String digest(int i) {
    return "sha256:" + String.format("%064x", i);
  }

  static void report(String what, long nanos, int n) {
    System.out.printf("%s: %.0f ms total, %.2f ms each%n", what, nanos / 1e6, nanos / 1e6 / n);
  }
}
