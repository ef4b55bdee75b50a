package io.drydock.server.refresh;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.refresh.loop.RefreshConfig;
import io.drydock.refresh.loop.RefreshReport;
import io.drydock.refresh.loop.RefreshRunner;
import io.drydock.refresh.loop.RefreshState;
import io.drydock.server.DaemonThreads;
import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.drydock.server.db.ServerState;
import io.drydock.server.inventory.LineageGraph;
import io.drydock.server.inventory.RefreshHistory;
import io.drydock.server.jobs.JobHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the refresh loop as jobs of the shared queue: {@code refresh} checks every watched base
 * (manifest HEADs) and, for each whose digest changed, rebases or rebuilds the apps on it,
 * validates, signs, tags and rolls them out ({@link RefreshRunner}), and records the report in the
 * refresh history.
 *
 * <p>All checks share one job subject, so the queue never runs two at once across replicas. A
 * request that arrives while one runs (a push, the schedule) marks the state as requested; the
 * running job looks again before it finishes, so no push is lost to the de-duplication.
 *
 * <p>The loop's state (last digest per base, progress per app and base) lives in {@code
 * server_state}, read afresh by each job, so a replica that takes over after a crash resumes where
 * the other stopped. Apps are the config's, those {@code kubernetes.discover} finds running, and
 * those the inventory's lineage puts on the changed base digest (by annotation or layer prefix),
 * refreshed under each tag they were seen with.
 */
public final class RefreshPart implements ServerPart {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshPart.class);

  /** The job kind. */
  public static final String KIND = "refresh";

  /** The one subject of every refresh job. */
  static final String SUBJECT = "bases";

  private static final String REQUESTED = "refresh.requested";
  private static final String BASES = "refresh.bases\t";
  private static final String DONE = "refresh.done\t";
  private static final int MAX_ROUNDS = 5;

  /** Builds the runner of one job from its state and the inventory's app finder. */
  @FunctionalInterface
  public interface RunnerFactory {
    RefreshRunner runner(RefreshState state, RefreshRunner.AppFinder inventory) throws IOException;
  }

  private final ServerContext ctx;
  private final RefreshConfig config;
  private final RunnerFactory factory;
  private final RefreshHistory history;
  private final LineageGraph lineage;
  private final ServerState state;
  private ScheduledExecutorService schedule;

  public RefreshPart(ServerContext ctx, RefreshConfig config, RunnerFactory factory) {
    this.ctx = ctx;
    this.config = config;
    this.factory = factory;
    this.history = new RefreshHistory(ctx.db(), ctx.clock());
    this.lineage = new LineageGraph(ctx.db());
    this.state = new ServerState(ctx.db(), ctx.clock());
  }

  /** The watched bases. */
  public List<ImageRef> bases() {
    return config.bases();
  }

  /**
   * Asks for a check of the watched bases now (a push to one of them, or the schedule): queued, or
   * noted for the check that is running.
   */
  public void request(String why) {
    state.put(REQUESTED, why);
    ctx.enqueue(KIND, SUBJECT, "{\"reason\":\"" + why.replaceAll("[\"\\\\]", "") + "\"}");
  }

  /** Reacts to a registry push: a push to a watched base tag asks for a check now. */
  public void onPush(io.drydock.refresh.watch.PushEvent push) {
    if (push.tag() == null) {
      return;
    }
    ImageRef pushed = push.ref().withTag(push.tag());
    for (ImageRef b : config.bases()) {
      if (b.name().equals(pushed.name()) && java.util.Objects.equals(b.tag(), pushed.tag())) {
        request("push " + pushed);
        return;
      }
    }
  }

  @Override
  public Map<String, JobHandler> jobs() {
    return Map.of(KIND, job -> run());
  }

  /** One job: check, refresh, record; again while requests arrived during the round. */
  String run() throws IOException, InterruptedException {
    int refreshed = 0;
    int reports = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      long started = ctx.clock().millis();
      RefreshState state = loadState();
      RefreshRunner runner = factory.runner(state, this::appsOn);
      for (RefreshReport r : runner.pollOnce(false)) {
        history.record(r);
        reports++;
        refreshed +=
            (int)
                r.apps().stream().filter(a -> a.status() == RefreshReport.Status.REFRESHED).count();
        LOG.info("refresh: {}", r.text());
      }
      if (requestedAt() <= started) {
        break;
      }
    }
    return "{\"reports\":" + reports + ",\"refreshed\":" + refreshed + "}";
  }

  /** The apps the inventory puts on {@code base} at {@code oldDigest}, under each tag seen. */
  List<RefreshConfig.App> appsOn(ImageRef base, Digest oldDigest) {
    List<RefreshConfig.App> apps = new ArrayList<>();
    lineage
        .base(oldDigest.toString())
        .ifPresent(
            b -> {
              for (LineageGraph.App app : b.apps()) {
                for (String reference : app.references()) {
                  ImageRef ref;
                  try {
                    ref = ImageRef.parse(reference);
                  } catch (IllegalArgumentException e) {
                    continue;
                  }
                  if (ref.tag() == null) {
                    continue;
                  }
                  ImageRef tagged = ref.withTag(ref.tag());
                  if (apps.stream().noneMatch(a -> a.image().equals(tagged))) {
                    apps.add(
                        new RefreshConfig.App(
                            tagged, null, RefreshConfig.Action.REBASE, tagged, Map.of()));
                  }
                }
              }
            });
    return apps;
  }

  private long requestedAt() {
    return state.updatedAt(REQUESTED);
  }

  /** The loop's state from {@code server_state}, written back through as it changes. */
  RefreshState loadState() {
    Map<String, String> bases = new HashMap<>();
    Map<String, String> done = new HashMap<>();
    state.withPrefix(BASES).forEach((k, v) -> bases.put(k.substring(BASES.length()), v));
    state.withPrefix(DONE).forEach((k, v) -> done.put(k.substring(DONE.length()), v));
    return RefreshState.of(
        bases,
        done,
        (map, key, value) -> state.put((map.equals("bases") ? BASES : DONE) + key, value));
  }

  @Override
  public void start() {
    Duration every = config.poll();
    schedule =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("drydock-refresh-schedule"));
    schedule.scheduleWithFixedDelay(
        () -> {
          try {
            request("schedule");
          } catch (RuntimeException e) {
            LOG.warn("refresh: cannot queue the scheduled check: {}", e.getMessage());
          }
        },
        0,
        Math.max(1, every.toMillis()),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.shutdownNow();
    }
  }
}
