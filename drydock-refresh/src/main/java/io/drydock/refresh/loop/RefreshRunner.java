package io.drydock.refresh.loop;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.refresh.NotOnBaseException;
import io.drydock.refresh.RebasePlan;
import io.drydock.refresh.Rebaser;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The refresh loop's work for one base update: for every app on that base, rebase it (or trigger
 * its rebuild), validate the result (scan, policy), sign and attest it, tag it, and roll the
 * workloads running the old digest onto the new one, rolling back any rollout that does not become
 * ready. Nothing runs an image that failed validation: the rebased image is pushed by digest only,
 * and tagged after it passed and was signed.
 *
 * <p>Idempotent and restart-safe: the base digest seen last and each app's progress are kept in
 * {@link RefreshState}; a second run for the same base digest finds nothing to do, and a run after
 * a crash repeats only idempotent steps (the rebase produces the same digest; patched workloads no
 * longer run the old digest). Not thread-safe: one runner per process.
 */
public final class RefreshRunner {
  /** How long a rebuild may take by default. */
  public static final Duration REBUILD_TIMEOUT = Duration.ofMinutes(30);

  private final RefreshConfig config;
  private final RegistryClient client;
  private final Rebaser rebaser;
  private final ImageValidator validator;
  private final Workloads workloads;
  private final Rebuilder rebuilder;
  private final RefreshState state;
  private final Notifier notifier;
  private final Consumer<String> log;
  private final Clock clock;
  private final AppFinder finder;

  /**
   * More apps on a changed base than the config lists: the server's inventory knows images seen in
   * the cluster, pushed to registries or submitted by CI, with their base.
   */
  @FunctionalInterface
  public interface AppFinder {
    /** Apps (to rebase, by tag) whose image sits on {@code base} at {@code oldDigest}. */
    List<RefreshConfig.App> appsOn(ImageRef base, Digest oldDigest) throws IOException;
  }

  /**
   * @param workloads {@code null} when rollouts are off
   * @param rebuilder {@code null} when no app rebuilds
   */
  public RefreshRunner(
      RefreshConfig config,
      RegistryClient client,
      ImageValidator validator,
      Workloads workloads,
      Rebuilder rebuilder,
      RefreshState state,
      Notifier notifier,
      Consumer<String> log,
      Clock clock) {
    this(config, client, validator, workloads, rebuilder, state, notifier, log, clock, null);
  }

  /**
   * @param finder more apps to look at on a changed base, or {@code null}
   */
  public RefreshRunner(
      RefreshConfig config,
      RegistryClient client,
      ImageValidator validator,
      Workloads workloads,
      Rebuilder rebuilder,
      RefreshState state,
      Notifier notifier,
      Consumer<String> log,
      Clock clock,
      AppFinder finder) {
    this.finder = finder;
    this.config = config;
    this.client = client;
    this.rebaser = new Rebaser(client, m -> {});
    this.validator = validator;
    this.workloads = workloads;
    this.rebuilder = rebuilder;
    this.state = state;
    this.notifier = notifier;
    this.log = log;
    this.clock = clock;
  }

  /**
   * Checks every watched base once (a manifest HEAD each) and handles those whose digest changed
   * since the last run. A base seen for the first time is only recorded.
   */
  public List<RefreshReport> pollOnce(boolean dryRun) throws IOException, InterruptedException {
    List<RefreshReport> reports = new ArrayList<>();
    for (ImageRef base : config.bases()) {
      Digest now = client.headManifest(base).digest();
      String last = state.base(base.toString());
      if (last == null) {
        log.accept("watching " + base + " at " + now);
        if (!dryRun) {
          state.base(base.toString(), now.toString());
        }
        continue;
      }
      if (!last.equals(now.toString())) {
        reports.add(handle(base, Digest.parse(last), now, clock.instant(), "poll", dryRun));
      }
    }
    return reports;
  }

  /**
   * Handles one update of {@code base} from {@code oldDigest} to {@code newDigest}, then records
   * the new digest (unless a dry run, or an app failed with an error that a retry may fix).
   */
  public RefreshReport handle(
      ImageRef base,
      Digest oldDigest,
      Digest newDigest,
      Instant detectedAt,
      String source,
      boolean dryRun)
      throws IOException, InterruptedException {
    log.accept("base " + base + " changed: " + oldDigest + " → " + newDigest);
    List<RefreshReport.AppResult> results = new ArrayList<>();
    boolean retry = false;
    List<RefreshConfig.App> apps = apps();
    if (finder != null && oldDigest != null) {
      for (RefreshConfig.App found : finder.appsOn(base, oldDigest)) {
        if (apps.stream().noneMatch(a -> RefreshConfig.same(a.image(), found.image()))) {
          apps.add(found);
        }
      }
    }
    for (RefreshConfig.App app : apps) {
      if (app.base() != null && !RefreshConfig.same(app.base(), base)) {
        continue;
      }
      RefreshReport.AppResult r;
      try {
        r = refresh(app, base, oldDigest, newDigest, detectedAt, dryRun);
      } catch (IOException | RuntimeException e) {
        retry = true;
        r = failed(app, null, null, "error: " + e.getMessage(), Map.of());
      }
      if (r != null) {
        results.add(r);
        log.accept(
            app.image() + ": " + r.status() + (r.message().isEmpty() ? "" : " — " + r.message()));
      }
    }
    RefreshReport report =
        new RefreshReport(
            base.toString(),
            oldDigest == null ? null : oldDigest.toString(),
            newDigest.toString(),
            detectedAt,
            source,
            results);
    if (!dryRun) {
      if (!retry) {
        state.base(base.toString(), newDigest.toString());
      }
      String why = notifier.send(report);
      if (why != null) {
        log.accept("warning: " + why);
      }
    }
    return report;
  }

  /**
   * The configured apps, then (with {@code kubernetes.discover}) every other image running by tag
   * in the watched namespaces, as an app to rebase with no base named: the rebase plan keeps only
   * those whose layers sit on the changed base, and the refreshed image goes back to its own tag.
   */
  private List<RefreshConfig.App> apps() throws IOException {
    return discovered(config, workloads, log);
  }

  /**
   * {@link #apps()} for a config and cluster; images running by digest only are logged and skipped.
   */
  static List<RefreshConfig.App> discovered(
      RefreshConfig config, Workloads workloads, Consumer<String> log) throws IOException {
    List<RefreshConfig.App> apps = new ArrayList<>(config.apps());
    if (!config.kubernetes().discover() || workloads == null) {
      return apps;
    }
    List<ImageRef> byDigest = new ArrayList<>();
    for (String written : workloads.images()) {
      ImageRef ref;
      try {
        ref = ImageRef.parse(written);
      } catch (IllegalArgumentException e) {
        log.accept("discover: skipping " + written + ": " + e.getMessage());
        continue;
      }
      if (ref.tag() == null) {
        byDigest.add(ref);
        continue;
      }
      ImageRef tagged = ref.withTag(ref.tag());
      boolean known =
          config.apps().stream()
                  .anyMatch(
                      a ->
                          RefreshConfig.same(a.image(), tagged)
                              || RefreshConfig.same(a.tag(), tagged))
              || config.bases().stream().anyMatch(b -> RefreshConfig.same(b, tagged));
      if (!known && apps.stream().noneMatch(a -> RefreshConfig.same(a.image(), tagged))) {
        apps.add(
            new RefreshConfig.App(tagged, null, RefreshConfig.Action.REBASE, tagged, Map.of()));
      }
    }
    // a workload pinned to a digest moves with its repository's app; alone, it has no tag to move
    for (ImageRef ref : byDigest) {
      if (apps.stream().noneMatch(a -> a.image().name().equals(ref.name()))) {
        log.accept(
            "discover: skipping "
                + ref
                + ": runs by digest only and no workload runs its repository by tag (list it"
                + " under apps with a tag)");
      }
    }
    return apps;
  }

  /** One app; {@code null} when the app is not on this base and was not configured for it. */
  private RefreshReport.AppResult refresh(
      RefreshConfig.App app,
      ImageRef base,
      Digest oldBase,
      Digest newBase,
      Instant detectedAt,
      boolean dryRun)
      throws IOException, InterruptedException {
    Map<String, Long> ms = new LinkedHashMap<>();
    ms.put("detect", Math.max(0, Duration.between(detectedAt, clock.instant()).toMillis()));
    Digest appDigest = client.headManifest(app.image()).digest();
    String action = app.action().name().toLowerCase(java.util.Locale.ROOT);
    String done = state.done(app.image().toString(), newBase.toString());
    if (done != null && done.endsWith(" rolled-out")) {
      return result(
          app,
          RefreshReport.Status.UP_TO_DATE,
          appDigest,
          done.split(" ")[0],
          Set.of(),
          Set.of(),
          List.of(),
          List.of(),
          List.of(),
          "already refreshed onto this base",
          ms);
    }
    ImageRef oldBaseRef = base.withDigest(oldBase);
    ImageRef newBaseRef = base.withDigest(newBase);
    ImageRef appPinned = app.image().withDigest(appDigest);
    long t = System.nanoTime();
    Digest refreshed;
    RebasePlan plan = null;
    if (app.action() == RefreshConfig.Action.REBASE) {
      try {
        plan =
            rebaser.plan(
                new Rebaser.Request(appPinned, oldBaseRef, newBaseRef, name(base), app.tag()));
      } catch (NotOnBaseException e) {
        if (app.base() == null) {
          return null; // found by lineage search only: simply not this base's app
        }
        return result(
            app,
            RefreshReport.Status.NOT_ON_BASE,
            appDigest,
            null,
            Set.of(),
            Set.of(),
            List.of(),
            List.of(),
            List.of(),
            e.getMessage(),
            ms);
      }
      refreshed = plan.digest();
      if (dryRun) {
        return planned(app, appDigest, refreshed, "rebase onto " + newBaseRef, ms);
      }
      rebaser.stage(plan);
    } else {
      if (app.base() == null && !onBase(appPinned, oldBaseRef)) {
        return null;
      }
      if (dryRun) {
        return planned(app, appDigest, null, "rebuild (" + app.rebuild().get("type") + ")", ms);
      }
      if (rebuilder == null) {
        throw new IOException("no rebuilder configured for " + app.image());
      }
      refreshed = rebuilder.rebuild(app, appDigest, oldBaseRef, newBaseRef, REBUILD_TIMEOUT);
    }
    ms.put(action, (System.nanoTime() - t) / 1_000_000);
    state.done(app.image().toString(), newBase.toString(), refreshed.toString(), "pushed");
    ImageRef newPinned = app.tag().withDigest(refreshed);

    t = System.nanoTime();
    ImageValidator.Validation after = validator.validate(newPinned);
    Set<String> before;
    try {
      before = validator.validate(appPinned).findings();
    } catch (IOException e) {
      before = Set.of();
    }
    ms.put("scan", (System.nanoTime() - t) / 1_000_000);
    Set<String> fixed = new TreeSet<>(before);
    fixed.removeAll(after.findings());
    Set<String> added = new TreeSet<>(after.findings());
    added.removeAll(before);
    if (!after.passed()) {
      return result(
          app,
          RefreshReport.Status.FAILED_POLICY,
          appDigest,
          refreshed.toString(),
          fixed,
          added,
          after.violations(),
          List.of(),
          List.of(),
          "the refreshed image fails the policy: not tagged, not rolled out",
          ms);
    }
    t = System.nanoTime();
    validator.signAndAttest(newPinned, after);
    if (plan != null) {
      rebaser.tag(plan);
    }
    ms.put("sign", (System.nanoTime() - t) / 1_000_000);
    state.done(app.image().toString(), newBase.toString(), refreshed.toString(), "signed");

    List<String> moved = new ArrayList<>();
    List<String> rolledBack = new ArrayList<>();
    t = System.nanoTime();
    if (workloads != null && config.kubernetes().enabled()) {
      String image = app.tag().name() + ":" + app.tag().tag() + "@" + refreshed;
      for (Workloads.Workload w : workloads.running(app.image(), appDigest)) {
        Object patch = workloads.patch(w, image);
        String why = workloads.awaitRollout(patch, config.kubernetes().rolloutTimeout());
        if (why == null) {
          moved.add(w.toString());
        } else {
          log.accept(w + ": " + why + "; rolling back");
          workloads.rollback(patch);
          rolledBack.add(w.toString());
        }
      }
    }
    ms.put("rollout", (System.nanoTime() - t) / 1_000_000);
    if (!rolledBack.isEmpty()) {
      return result(
          app,
          RefreshReport.Status.ROLLED_BACK,
          appDigest,
          refreshed.toString(),
          fixed,
          added,
          after.violations(),
          moved,
          rolledBack,
          "rollout did not become ready in "
              + config.kubernetes().rolloutTimeout().toSeconds()
              + " s: rolled back",
          ms);
    }
    state.done(app.image().toString(), newBase.toString(), refreshed.toString(), "rolled-out");
    return result(
        app,
        RefreshReport.Status.REFRESHED,
        appDigest,
        refreshed.toString(),
        fixed,
        added,
        after.violations(),
        moved,
        rolledBack,
        "",
        ms);
  }

  /** The {@code base.name} annotation value: the base tag without digest. */
  private static String name(ImageRef base) {
    return base.name() + ":" + base.tag();
  }

  /** Whether {@code app}'s layers start with {@code base}'s (for rebuild apps found by lineage). */
  private boolean onBase(ImageRef app, ImageRef base) {
    try {
      rebaser.plan(
          new Rebaser.Request(app, base, base, name(base), app.withTag("probe").withDigest(null)));
      return true;
    } catch (NotOnBaseException e) {
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** A dry run's entry: what would happen, with each workload's image change (the diff). */
  private RefreshReport.AppResult planned(
      RefreshConfig.App app, Digest appDigest, Digest result, String what, Map<String, Long> ms)
      throws IOException {
    List<String> ws = new ArrayList<>();
    if (workloads != null && config.kubernetes().enabled()) {
      String next =
          result == null
              ? app.tag() + "@<rebuilt digest>"
              : app.tag().name() + ":" + app.tag().tag() + "@" + result;
      for (Workloads.Workload w : workloads.running(app.image(), appDigest)) {
        ws.add(w + ": " + w.image() + " → " + next);
      }
    }
    return result(
        app,
        RefreshReport.Status.PLANNED,
        appDigest,
        result == null ? null : result.toString(),
        Set.of(),
        Set.of(),
        List.of(),
        ws,
        List.of(),
        what,
        ms);
  }

  private static RefreshReport.AppResult failed(
      RefreshConfig.App app,
      Digest appDigest,
      String refreshed,
      String message,
      Map<String, Long> ms) {
    return result(
        app,
        RefreshReport.Status.FAILED,
        appDigest,
        refreshed,
        Set.of(),
        Set.of(),
        List.of(),
        List.of(),
        List.of(),
        message,
        ms);
  }

  private static RefreshReport.AppResult result(
      RefreshConfig.App app,
      RefreshReport.Status status,
      Digest appDigest,
      String refreshed,
      Set<String> fixed,
      Set<String> added,
      List<String> violations,
      List<String> moved,
      List<String> rolledBack,
      String message,
      Map<String, Long> ms) {
    return new RefreshReport.AppResult(
        app.image().toString(),
        app.action().name().toLowerCase(java.util.Locale.ROOT),
        status,
        appDigest == null ? null : appDigest.toString(),
        refreshed,
        List.copyOf(new TreeSet<>(fixed)),
        List.copyOf(new TreeSet<>(added)),
        violations,
        moved,
        rolledBack,
        message,
        ms);
  }
}
