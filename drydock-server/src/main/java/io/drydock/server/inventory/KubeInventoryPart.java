package io.drydock.server.inventory;

import io.drydock.kube.KubeException;
import io.drydock.kube.PodWatch;
import io.drydock.server.DaemonThreads;
import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.drydock.server.db.ServerState;
import io.drydock.server.jobs.JobWorker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * namespaces, so the inventory converges. The lease is renewed while that initial list runs (on its
 * own thread), so a sync of a large cluster that takes longer than the lease does not hand the
 * watch to a second replica. A replica that finds its lease taken (it missed its renewals, e.g. in
 * a long pause) stops its watch. So several replicas do not all list and watch the cluster and
 * write the same rows. Every {@value #TOUCH_MINUTES} minutes the holder sets the running images'
 * {@code images.last_seen} to now.
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
  private ExecutorService syncer;

  /** A watch is being started (its initial list runs): renewals go on, nothing else starts one. */
  private final AtomicBoolean syncing = new AtomicBoolean();

  // guarded by this
  private boolean closed;
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
    boolean held = state.lease(LEASE, holder, leaseTtl.toMillis());
    syncing.set(held);
    // renewals start before the initial list, which may take longer than the lease
    scheduler =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("drydock-inventory-lease"));
    syncer = Executors.newSingleThreadExecutor(DaemonThreads.named("drydock-inventory-sync"));
    scheduler.scheduleWithFixedDelay(
        this::tick, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
    if (!held) {
      LOG.info(
          "inventory: another replica watches the pods ({}); {} stands by",
          state.value(LEASE).orElse("?"),
          holder);
      return;
    }
    try {
      startWatch();
    } catch (Exception e) {
      scheduler.shutdownNow();
      syncer.shutdownNow();
      state.release(LEASE, holder);
      throw e;
    } finally {
      syncing.set(false);
    }
    keepOnlyIfStillHeld();
  }

  /** Whether this replica holds the lease and runs the watch. */
  synchronized boolean watching() {
    return watch != null;
  }

  /**
   * Connects and runs the initial list without holding this object's lock (so renewals and {@link
   * #watching} go on meanwhile), then installs the watch unless the part was closed meanwhile.
   */
  private void startWatch() throws KubeException, InterruptedException {
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
    synchronized (this) {
      if (closed) {
        w.close();
        return;
      }
      watch = w;
      inventory = inv;
      lastTouch = System.nanoTime();
    }
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

  /**
   * Renews or takes the lease, starts (on the sync thread) or stops the watch accordingly, touches
   * when due. While a watch is starting it only renews.
   */
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
      if (syncing.get()) {
        return;
      }
      if (!watching()) {
        if (syncing.compareAndSet(false, true)) {
          LOG.info("inventory: {} took the pods lease; starting the watch", holder);
          syncer.execute(this::takeOver);
        }
        return;
      }
      touchIfDue();
    } catch (RuntimeException e) {
      LOG.warn("inventory: renewing the pods lease: {}", e.getMessage());
    }
  }

  /** Starts the watch after taking the lease over (sync thread); gives the lease up on failure. */
  private void takeOver() {
    try {
      startWatch();
      keepOnlyIfStillHeld();
    } catch (KubeException | RuntimeException e) {
      LOG.warn("inventory: starting the pod watch: {}; giving the lease up", e.getMessage());
      state.release(LEASE, holder);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      syncing.set(false);
    }
  }

  /** After an initial list: stops the new watch when another replica took the lease meanwhile. */
  private void keepOnlyIfStillHeld() {
    if (!state.lease(LEASE, holder, leaseTtl.toMillis())) {
      LOG.warn(
          "inventory: {} lost the pods lease to {} during its initial list; stopping its watch",
          holder,
          state.value(LEASE).orElse("?"));
      stopWatch();
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
    synchronized (this) {
      closed = true;
    }
    for (ExecutorService e : new ExecutorService[] {scheduler, syncer}) {
      if (e != null) {
        e.shutdownNow();
        try {
          e.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }
    stopWatch();
    // a no-op unless this replica holds it (also when it was closed during an initial list)
    if (state != null) {
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
      syncer.shutdownNow();
    }
    stopWatch();
  }
}
