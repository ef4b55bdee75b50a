package io.drydock.server.inventory;

import io.drydock.kube.KubeException;
import io.drydock.kube.PodWatch;
import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
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
 * <p>Every replica runs its own watch; their writes are idempotent upserts of the same rows. Every
 * {@value #TOUCH_MINUTES} minutes the running images' {@code images.last_seen} is set to now.
 */
public final class KubeInventoryPart implements ServerPart {
  private static final Logger LOG = LoggerFactory.getLogger(KubeInventoryPart.class);

  /** How often {@code images.last_seen} of the running images is brought up to date. */
  static final long TOUCH_MINUTES = 10;

  static final Duration TOUCH_EVERY = Duration.ofMinutes(TOUCH_MINUTES);

  private final ServerContext ctx;
  private final Function<List<String>, PodWatch> custom;
  private final Duration syncTimeout;
  private PodWatch watch;
  private KubeInventory inventory;
  private ScheduledExecutorService touch;

  private KubeInventoryPart(
      ServerContext ctx, Function<List<String>, PodWatch> custom, Duration syncTimeout) {
    this.ctx = ctx;
    this.custom = custom;
    this.syncTimeout = syncTimeout;
  }

  /**
   * The part for {@link io.drydock.server.DrydockServer#start}: connects with {@code
   * config.kubeconfig()} (null: in-cluster or kubectl's defaults).
   */
  public static Function<ServerContext, ServerPart> factory() {
    return ctx -> new KubeInventoryPart(ctx, null, Duration.ofMinutes(2));
  }

  /** The part over a given watch (tests, or a caller that builds its own client). */
  public static Function<ServerContext, ServerPart> factory(
      Function<List<String>, PodWatch> watch) {
    return ctx -> new KubeInventoryPart(ctx, watch, Duration.ofSeconds(30));
  }

  /**
   * Starts the watch and waits for its initial list (so {@code workloads} is current when the
   * server reports ready).
   *
   * @throws KubeException when the kubeconfig cannot be read or the pods cannot be listed, naming
   *     the file or the namespace and the reason; the server then does not start
   */
  @Override
  public void start() throws Exception {
    List<String> namespaces = ctx.config().namespaces();
    if (namespaces == null) {
      LOG.info("inventory: no Kubernetes namespaces configured; not watching pods");
      return;
    }
    inventory = new KubeInventory(ctx, namespaces);
    watch =
        custom != null
            ? custom.apply(namespaces)
            : PodWatch.connect(ctx.config().kubeconfig(), namespaces);
    watch.start(inventory, syncTimeout);
    touch =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "drydock-inventory-touch");
              t.setDaemon(true);
              return t;
            });
    KubeInventory inv = inventory;
    touch.scheduleWithFixedDelay(
        () -> {
          try {
            inv.touch();
          } catch (RuntimeException e) {
            LOG.warn("inventory: updating last_seen of running images: {}", e.getMessage());
          }
        },
        TOUCH_EVERY.toMinutes(),
        TOUCH_EVERY.toMinutes(),
        TimeUnit.MINUTES);
    LOG.info(
        "inventory: watching pods in {}",
        namespaces.isEmpty() ? "all namespaces" : String.join(", ", namespaces));
  }

  @Override
  public void close() {
    if (touch != null) {
      touch.shutdownNow();
    }
    if (watch != null) {
      watch.close();
    }
  }
}
