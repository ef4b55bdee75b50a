package io.drydock.server.inventory;

import io.drydock.kube.KubeException;
import io.drydock.kube.PodWatch;
import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.drydock.server.db.ServerState;
import io.drydock.server.jobs.JobWorker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes inventory: watches the pods of {@code config.namespaces()} (empty: all) and keeps
 * {@code workloads}, {@code images} and {@code image_refs} current, queueing a {@code scan} for
 * each newly seen digest (see {@link KubeInventory}). When {@code config.namespaces()} is null the
 * part does nothing (no Kubernetes inventory configured).
 *
 * <p>One replica watches at a time: the one holding the lease {@value #LEASE} in {@code
 * server_state} ({@link ServerState#lease}), renewed every {@link #renewEvery}. The others stand by
 * and try to take it at the same pace; one takes over when the holder has not renewed it for {@link
 * #leaseTtl} (a crashed or partitioned replica) or at once when the holder gives it up on shutdown.
 * A new holder starts its own watch, whose initial list rewrites the rows of the watched
 * namespaces, so the inventory converges. A replica that finds its lease taken (it missed its
 * renewals, e.g. in a long pause) stops its watch. So several replicas do not all list and watch
 * the cluster and write the same rows. Every {@value #TOUCH_MINUTES} minutes the holder sets the
 * running images' {@code images.last_seen} to now.
 */
public final class KubeInventoryPart implements ServerPart {
  private static final Logger LOG = LoggerFactory.getLogger(KubeInventoryPart.class);

  /** The {@code server_state} name of the watch's lease. */
  static final String LEASE = "inventory.kubernetes.lease";

  /** How often {@code images.last_seen} of the running images is brought up to date. */
  static final long TOUCH_MINUTES = 10;

  static final Duration TOUCH_EVERY = Duration.ofMinutes(TOUCH_MINUTES);

  /** Defaults as Kubernetes' own leader election (lease 15 s, renew 10 s), a little looser. */
  static final Duration LEASE_TTL = Duration.ofSeconds(30);

  static final Duration RENEW_EVERY = Duration.ofSeconds(10);

  private final ServerContext ctx;
  private final Function<List<String>, PodWatch> custom;
  private final Duration syncTimeout;
  private final Duration leaseTtl;
  private final Duration renewEvery;
  private final String holder = JobWorker.newReplicaName();
  private ServerState state;
  private List<String> namespaces;
  private ScheduledExecutorService scheduler;
  // guarded by this
  private PodWatch watch;
  private KubeInventory inventory;
  private long lastTouch;

  private KubeInventoryPart(
      ServerContext ctx,
      Function<List<String>, PodWatch> custom,
      Duration syncTimeout,
      Duration leaseTtl,
      Duration renewEvery) {
    this.ctx = ctx;
    this.custom = custom;
    this.syncTimeout = syncTimeout;
    this.leaseTtl = leaseTtl;
    this.renewEvery = renewEvery;
  }

  /**
   * The part for {@link io.drydock.server.DrydockServer#start}: connects with {@code
   * config.kubeconfig()} (null: in-cluster or kubectl's defaults).
   */
  public static Function<ServerContext, ServerPart> factory() {
    return ctx -> new KubeInventoryPart(ctx, null, Duration.ofMinutes(2), LEASE_TTL, RENEW_EVERY);
  }

  /** The part over a given watch (tests, or a caller that builds its own client). */
  public static Function<ServerContext, ServerPart> factory(
      Function<List<String>, PodWatch> watch) {
    return factory(watch, LEASE_TTL, RENEW_EVERY);
  }

  /** The part over a given watch, with the lease's timing (tests). */
  static Function<ServerContext, ServerPart> factory(
      Function<List<String>, PodWatch> watch, Duration leaseTtl, Duration renewEvery) {
    return ctx -> new KubeInventoryPart(ctx, watch, Duration.ofSeconds(30), leaseTtl, renewEvery);
  }

  /**
   * Takes the lease if it is free and then starts the watch and waits for its initial list (so
   * {@code workloads} is current when the server reports ready); a replica that finds the lease
   * held stands by.
   *
   * @throws KubeException when the kubeconfig cannot be read or the pods cannot be listed, naming
   *     the file or the namespace and the reason; the server then does not start
   */
  @Override
  public void start() throws Exception {
    namespaces = ctx.config().namespaces();
    if (namespaces == null) {
      LOG.info("inventory: no Kubernetes namespaces configured; not watching pods");
      return;
    }
    state = new ServerState(ctx.db(), ctx.clock());
    if (state.lease(LEASE, holder, leaseTtl.toMillis())) {
      try {
        startWatch();
      } catch (Exception e) {
        state.release(LEASE, holder);
        throw e;
      }
    } else {
      LOG.info(
          "inventory: another replica watches the pods ({}); {} stands by",
          state.value(LEASE).orElse("?"),
          holder);
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "drydock-inventory-lease");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        this::tick, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether this replica holds the lease and runs the watch. */
  synchronized boolean watching() {
    return watch != null;
  }

  private synchronized void startWatch() throws KubeException, InterruptedException {
    KubeInventory inv = new KubeInventory(ctx, namespaces);
    PodWatch w =
        custom != null
            ? custom.apply(namespaces)
            : PodWatch.connect(ctx.config().kubeconfig(), namespaces);
    try {
      w.start(inv, syncTimeout);
    } catch (KubeException | InterruptedException | RuntimeException e) {
      w.close();
      throw e;
    }
    watch = w;
    inventory = inv;
    lastTouch = System.nanoTime();
    LOG.info(
        "inventory: {} watches pods in {}",
        holder,
        namespaces.isEmpty() ? "all namespaces" : String.join(", ", namespaces));
  }

  private synchronized void stopWatch() {
    if (watch != null) {
      watch.close();
      watch = null;
      inventory = null;
    }
  }

  /** Renews or takes the lease, starts or stops the watch accordingly, touches when due. */
  private void tick() {
    try {
      boolean held = state.lease(LEASE, holder, leaseTtl.toMillis());
      if (!held) {
        if (watching()) {
          LOG.warn(
              "inventory: {} lost the pods lease to {}; stopping its watch",
              holder,
              state.value(LEASE).orElse("?"));
          stopWatch();
        }
        return;
      }
      if (!watching()) {
        LOG.info("inventory: {} took the pods lease; starting the watch", holder);
        try {
          startWatch();
        } catch (KubeException | RuntimeException e) {
          LOG.warn("inventory: starting the pod watch: {}; giving the lease up", e.getMessage());
          state.release(LEASE, holder);
          return;
        }
      }
      touchIfDue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("inventory: renewing the pods lease: {}", e.getMessage());
    }
  }

  private void touchIfDue() {
    KubeInventory inv;
    synchronized (this) {
      if (inventory == null || System.nanoTime() - lastTouch < TOUCH_EVERY.toNanos()) {
        return;
      }
      lastTouch = System.nanoTime();
      inv = inventory;
    }
    try {
      inv.touch();
    } catch (RuntimeException e) {
      LOG.warn("inventory: updating last_seen of running images: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean was = watching();
    stopWatch();
    if (was && state != null) {
      try {
        state.release(LEASE, holder);
      } catch (RuntimeException e) {
        LOG.debug("inventory: releasing the pods lease: {}", e.getMessage());
      }
    }
  }

  /** Stops renewing without giving the lease up, as a crashed replica would (tests). */
  void crashForTest() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    stopWatch();
  }
}
