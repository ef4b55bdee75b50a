package io.drydock.cli;

import io.drydock.oci.Json;
import io.drydock.policy.PolicyEngine;
import io.drydock.refresh.loop.Notifier;
import io.drydock.refresh.loop.Rebuilder;
import io.drydock.refresh.loop.RefreshConfig;
import io.drydock.refresh.loop.RefreshReport;
import io.drydock.refresh.loop.RefreshRunner;
import io.drydock.refresh.loop.RefreshState;
import io.drydock.refresh.loop.Workloads;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code drydock refresh --config F [--once]}: base updated → rebase/rebuild → validate → roll out.
 */
@Command(
    name = "refresh",
    mixinStandardHelpOptions = true,
    header = "Watch base image tags and refresh every app on them when one moves.",
    description = {
      "Watch base image tags; when one moves to a new digest, refresh every app on it (rebase in",
      "the registry, or trigger its rebuild), scan it and evaluate the policy, sign and attest",
      "what passed, tag it, and patch the workloads running the old digest (rolled back when the",
      "rollout does not become ready). State is kept so that nothing is done twice.",
      "A daemon by default; --once checks every base once (cron, CI)."
    })
final class RefreshCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The refresh config (apiVersion drydock.io/v1, kind RefreshConfig).")
  Path config;

  @Option(names = "--once", description = "Check every base once, act, and exit.")
  boolean once;

  @Option(
      names = "--lineage",
      description =
          "Print the graph and exit: each watched base → the apps built on it (and why) → the"
              + " workloads running them.")
  boolean lineage;

  @Option(
      names = "--dry-run",
      description = "Print the plan (images, new digests, workloads) and change nothing.")
  boolean dryRun;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description = "State file (default: <cache-dir>/refresh/state.json).")
  Path stateFile;

  @Option(
      names = {"-f", "--format"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "Report format on stdout: text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "Cluster to roll workloads out in (default: in-cluster, else KUBECONFIG or"
              + " ~/.kube/config); used when the config has kubernetes.enabled.")
  Path kubeconfig;

  @Mixin SigningKeys keys;
  @Mixin ReportToOptions report;
  @Mixin DbDirOptions db;
  @Mixin CacheDirOptions cache;
  @Mixin SourceOptions sourceOptions;

  /** Set by tests: the cluster side (the default builds one from the kubeconfig). */
  Workloads workloads;

  /** Set by tests or the rebuild wiring. */
  Rebuilder rebuilder;

  @Override
  public Integer call() throws Exception {
    ReportToOptions.Target reportTarget = report.target();
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!fmt.equals("text") && !fmt.equals("json")) {
      throw new IllegalArgumentException("--format " + format + ": expected text or json");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RefreshConfig cfg = RefreshConfig.load(config);
    if (cfg.policy() == null) {
      throw new IllegalArgumentException(
          config + ": no policy: refreshed images are validated before they run");
    }
    PolicyEngine policy = PolicyEngine.load(cfg.policy());
    PrivateKey signing = null;
    if (!dryRun && !lineage) {
      if (cfg.signingKey() == null) {
        throw new IllegalArgumentException(
            config + ": no signingKey: refreshed images are signed and attested");
      }
      signing = keys.privateKey(cfg.signingKey());
    }
    // A dry run reads the state (so it plans what a real run would do) and never writes it.
    RefreshState state =
        RefreshState.open(
            stateFile != null ? stateFile : cache.dir().resolve("refresh").resolve("state.json"));
    RefreshValidator validator =
        new RefreshValidator(policy, signing, cfg, err, db, cache, sourceOptions);
    io.drydock.kube.Fabric8Workloads kube = null;
    if (workloads == null && cfg.kubernetes().enabled()) {
      kube =
          kubeconfig != null
              ? io.drydock.kube.Fabric8Workloads.connect(kubeconfig, cfg.kubernetes().namespaces())
              : io.drydock.kube.Fabric8Workloads.connect(cfg.kubernetes().namespaces());
      workloads = new io.drydock.refresh.loop.KubeWorkloads(kube);
    }
    if (lineage) {
      try {
        io.drydock.refresh.loop.Lineage graph =
            io.drydock.refresh.loop.Lineage.of(cfg, sourceOptions.client(), workloads);
        if (fmt.equals("json")) {
          out.println(
              Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(graph.toJson()));
        } else {
          out.print(graph.text());
        }
        out.flush();
        return 0;
      } finally {
        if (kube != null) {
          kube.close();
        }
        sourceOptions.close();
      }
    }
    if (rebuilder == null
        && cfg.apps().stream().anyMatch(a -> a.action() == RefreshConfig.Action.REBUILD)) {
      rebuilder =
          new io.drydock.refresh.loop.TriggerRebuilder(
              sourceOptions.client(),
              line -> {
                err.println("refresh: " + line);
                err.flush();
              });
    }
    RefreshRunner runner =
        new RefreshRunner(
            cfg,
            sourceOptions.client(),
            validator,
            workloads,
            rebuilder,
            state,
            reportTarget == null
                ? new Notifier(cfg.notifyWebhook())
                : new Notifier(cfg.notifyWebhook(), reportTarget.server(), reportTarget.token()),
            line -> {
              err.println("refresh: " + line);
              err.flush();
            },
            Clock.systemUTC());
    try {
      List<RefreshReport> reports = runner.pollOnce(dryRun);
      if (once || dryRun) {
        print(reports, fmt, out);
        return failed(reports) ? 4 : 0;
      }
      reports.forEach(r -> err.println("refresh: " + r.text()));
      runDaemon(cfg, runner, state, err);
      return 0;
    } finally {
      if (kube != null) {
        kube.close();
      }
      sourceOptions.close();
    }
  }

  private static boolean failed(List<RefreshReport> reports) {
    return reports.stream()
        .flatMap(r -> r.apps().stream())
        .anyMatch(
            a ->
                a.status() == RefreshReport.Status.FAILED
                    || a.status() == RefreshReport.Status.FAILED_POLICY
                    || a.status() == RefreshReport.Status.ROLLED_BACK
                    || a.status() == RefreshReport.Status.NOT_ON_BASE);
  }

  /** Polls and serves webhooks until the process is stopped (SIGTERM/SIGINT). */
  private void runDaemon(
      RefreshConfig cfg, RefreshRunner runner, RefreshState state, PrintWriter err)
      throws Exception {
    io.drydock.refresh.watch.WebhookAuth auth = io.drydock.refresh.watch.WebhookAuth.none();
    String host = "";
    int port = -1;
    if (cfg.webhookListen() != null) {
      if (cfg.webhookTokenEnv() == null) {
        throw new IllegalArgumentException(
            config + ": webhook.listen needs webhook.tokenEnv: push webhooks must authenticate");
      }
      String token = System.getenv(cfg.webhookTokenEnv());
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException(
            config + ": the environment variable " + cfg.webhookTokenEnv() + " is not set");
      }
      auth = io.drydock.refresh.watch.WebhookAuth.bearerToken(token);
      String[] hp = AdmissionServeCommand.listen(cfg.webhookListen());
      host = hp[0];
      port = Integer.parseInt(hp[1]);
    }
    java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
    try (io.drydock.refresh.watch.RegistryHeads heads =
            io.drydock.refresh.watch.RegistryHeads.create(sourceOptions.registryOptions());
        io.drydock.refresh.loop.RefreshDaemon daemon =
            io.drydock.refresh.loop.RefreshDaemon.start(
                cfg,
                runner,
                state,
                heads,
                auth,
                host,
                port,
                line -> {
                  err.println("refresh: " + line);
                  err.flush();
                },
                Clock.systemUTC())) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "drydock-refresh-stop"));
      err.println(
          "drydock refresh: watching "
              + cfg.bases().size()
              + " base(s) every "
              + cfg.poll().toSeconds()
              + " s"
              + (daemon.port() >= 0 ? ", push webhooks on port " + daemon.port() : ""));
      err.flush();
      stop.await();
    }
  }

  private static void print(List<RefreshReport> reports, String fmt, PrintWriter out) {
    if (fmt.equals("json")) {
      ArrayNode a = Json.MAPPER.createArrayNode();
      reports.forEach(r -> a.add(r.toJson()));
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(a));
    } else if (reports.isEmpty()) {
      out.println("No base changed.");
    } else {
      reports.forEach(r -> out.println(r.text()));
    }
    out.flush();
  }
}
