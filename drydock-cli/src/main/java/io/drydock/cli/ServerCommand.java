package io.drydock.cli;

import io.drydock.server.DrydockServer;
import io.drydock.server.ServerConfig;
import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.drydock.server.api.ApiPart;
import io.drydock.server.api.Tokens;
import io.drydock.server.dashboard.DashboardPart;
import io.drydock.server.db.Vendor;
import io.drydock.server.inventory.KubeInventoryPart;
import io.drydock.server.inventory.RefreshHistoryPart;
import io.drydock.server.inventory.RegistryWebhookPart;
import io.drydock.server.refresh.RefreshPart;
import io.drydock.server.scan.ScanPart;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drydock server}: the inventory, re-evaluation and API server, until SIGTERM. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    header = "Run the Drydock server: inventory, re-evaluation, API, dashboard.",
    description = {
      "Run the Drydock server: the inventory of what runs, SBOM once per digest, re-evaluation",
      "when advisories change, a work queue shared by replicas, the HTTP API (/api/v1, token",
      "required; /openapi.json), /healthz, /readyz and /metrics. SQLite in --data-dir by",
      "default; --db-url jdbc:postgresql://… for several replicas. Runs until SIGTERM/SIGINT.",
      "Create an API token first: drydock server token create NAME."
    },
    subcommands = {ServerTokenCommand.class})
final class ServerCommand implements Callable<Integer> {
  /** The token name under which {@code --token-file}'s secret is stored. */
  static final String TOKEN_FILE_NAME = "token-file";

  @Spec CommandSpec spec;

  @Mixin ServerDbOptions db;

  @Option(
      names = "--listen",
      defaultValue = ":8080",
      paramLabel = "[HOST]:PORT",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--db-dir",
      paramLabel = "D",
      description =
          "Advisory database directory (default: $DRYDOCK_CACHE_DIR/db or ~/.cache/drydock/db).")
  Path dbDir;

  @Option(
      names = "--workers",
      defaultValue = "2",
      paramLabel = "N",
      description = "Job worker threads in this replica (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description =
          "Watch this namespace's pods (repeatable; '*' for all). Without it there is no"
              + " Kubernetes inventory.")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--kubeconfig",
      paramLabel = "F",
      description = "Kubeconfig for the watch (default: in-cluster, else ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--notify-webhook",
      paramLabel = "URL",
      description = "Slack-compatible webhook for new findings on running images.")
  String notifyWebhook;

  @Option(
      names = "--update-every",
      defaultValue = "6h",
      paramLabel = "DURATION",
      converter = SigningKeys.DurationConverter.class,
      description =
          "Update the advisories and re-evaluate every stored SBOM this often; 0s: never"
              + " (default: ${DEFAULT-VALUE}).")
  Duration updateEvery;

  @Option(
      names = "--webhook-token-env",
      paramLabel = "VAR",
      description = "Environment variable holding the token registries send with push webhooks.")
  String webhookTokenEnv;

  @Option(
      names = "--token-file",
      paramLabel = "F",
      description =
          "File holding an API token (e.g. a mounted Kubernetes Secret); its hash is stored at"
              + " startup as token '"
              + TOKEN_FILE_NAME
              + "', replacing the previous one.")
  Path tokenFile;

  @Option(
      names = "--advisory-source",
      paramLabel = "URL|DIR",
      description =
          "Where the scheduled advisory update reads OSV data (default: OSV.dev's bulk export;"
              + " a directory laid out the same way for air-gapped sites).")
  String advisorySource;

  @Option(
      names = "--refresh-config",
      paramLabel = "F",
      description = {
        "Run the refresh loop in the server (drydock refresh's config): watched bases are",
        "checked every poll and on registry pushes, apps on a changed base come from the config",
        "and from the inventory's lineage, and every report goes to the refresh history."
      })
  Path refreshConfig;

  @Mixin SourceOptions sourceOptions;
  @Mixin SigningKeys keys;

  /** Set by tests: the cluster side of the refresh loop (default: from the kubeconfig). */
  io.drydock.refresh.loop.Workloads refreshWorkloads;

  /**
   * Every part of the server: API and tokens, dashboard, scanning and re-evaluation, the Kubernetes
   * inventory, registry push webhooks, the refresh history, and (with {@code --refresh-config}) the
   * refresh loop, told of pushes to its bases by the webhook part.
   */
  List<Function<ServerContext, ServerPart>> parts(ServerConfig config) throws IOException {
    List<Function<ServerContext, ServerPart>> parts = new ArrayList<>(ApiPart.factories());
    parts.add(DashboardPart.factory());
    ScanPart.Options scan =
        ScanPart.Options.defaults().withRegistry(sourceOptions.registryOptions());
    if (advisorySource != null) {
      scan = scan.withAdvisorySource(advisorySource, List.of());
    }
    parts.add(ScanPart.factory(scan));
    parts.add(KubeInventoryPart.factory());
    parts.add(RefreshHistoryPart.factory());
    java.util.concurrent.atomic.AtomicReference<RefreshPart> refresh =
        new java.util.concurrent.atomic.AtomicReference<>();
    parts.add(
        RegistryWebhookPart.factory(
            push -> {
              RefreshPart r = refresh.get();
              if (r != null) {
                r.onPush(push);
              }
            }));
    if (refreshConfig != null) {
      io.drydock.refresh.loop.RefreshConfig cfg =
          io.drydock.refresh.loop.RefreshConfig.load(refreshConfig);
      RefreshPart.RunnerFactory runners = refreshRunners(cfg, config);
      parts.add(
          ctx -> {
            RefreshPart r = new RefreshPart(ctx, cfg, runners);
            refresh.set(r);
            return r;
          });
    }
    return parts;
  }

  /** The refresh loop's runners: the CLI's validator (scan, policy, sign) and the cluster. */
  private RefreshPart.RunnerFactory refreshRunners(
      io.drydock.refresh.loop.RefreshConfig cfg, ServerConfig config) throws IOException {
    if (cfg.policy() == null) {
      throw new IllegalArgumentException(
          refreshConfig + ": no policy: refreshed images are validated before they run");
    }
    if (cfg.signingKey() == null) {
      throw new IllegalArgumentException(
          refreshConfig + ": no signingKey: refreshed images are signed and attested");
    }
    io.drydock.policy.PolicyEngine policy = io.drydock.policy.PolicyEngine.load(cfg.policy());
    java.security.PrivateKey signing = keys.privateKey(cfg.signingKey());
    DbDirOptions advisories = new DbDirOptions();
    advisories.dbDir = config.advisoryDir();
    CacheDirOptions cache = new CacheDirOptions();
    cache.cacheDir = config.dataDir().resolve("cache");
    PrintWriter err = spec.commandLine().getErr();
    RefreshValidator validator =
        new RefreshValidator(policy, signing, cfg, err, advisories, cache, sourceOptions);
    io.drydock.refresh.loop.Workloads workloads = refreshWorkloads;
    if (workloads == null && cfg.kubernetes().enabled()) {
      try {
        workloads =
            new io.drydock.refresh.loop.KubeWorkloads(
                kubeconfig != null
                    ? io.drydock.kube.Fabric8Workloads.connect(
                        kubeconfig, cfg.kubernetes().namespaces())
                    : io.drydock.kube.Fabric8Workloads.connect(cfg.kubernetes().namespaces()));
      } catch (io.drydock.kube.KubeException e) {
        throw new IOException(refreshConfig + ": kubernetes: " + e.getMessage(), e);
      }
    }
    io.drydock.refresh.loop.Workloads cluster = workloads;
    io.drydock.refresh.loop.Rebuilder rebuilder =
        cfg.apps().stream()
                .anyMatch(a -> a.action() == io.drydock.refresh.loop.RefreshConfig.Action.REBUILD)
            ? new io.drydock.refresh.loop.TriggerRebuilder(
                sourceOptions.client(), line -> LOG.info("refresh: {}", line))
            : null;
    return (state, inventory) ->
        new io.drydock.refresh.loop.RefreshRunner(
            cfg,
            sourceOptions.client(),
            validator,
            cluster,
            rebuilder,
            state,
            new io.drydock.refresh.loop.Notifier(cfg.notifyWebhook()),
            line -> LOG.info("refresh: {}", line),
            Clock.systemUTC(),
            inventory);
  }

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ServerCommand.class);

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig config = config();
    String tokenSecret = tokenFile == null ? null : readTokenFile(tokenFile);
    CountDownLatch stopped = new CountDownLatch(1);
    DrydockServer server = DrydockServer.start(config, Clock.systemUTC(), parts(config));
    Thread hook =
        new Thread(
            () -> {
              server.close();
              stopped.countDown();
            },
            "drydock-server-stop");
    try {
      if (tokenSecret != null) {
        new Tokens(server.context().db(), Clock.systemUTC()).store(TOKEN_FILE_NAME, tokenSecret);
      }
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    err.println(
        "drydock server: serving http://"
            + config.host()
            + ":"
            + server.port()
            + " (/api/v1, /openapi.json, /healthz, /readyz, /metrics); database "
            + Vendor.redact(config.dbUrl())
            + ", "
            + config.workers()
            + " worker(s) as "
            + server.workerName());
    err.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // stopped from within the JVM (tests): stop as on SIGTERM
      Runtime.getRuntime().removeShutdownHook(hook);
      server.close();
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  ServerConfig config() throws IOException {
    if (workers < 1 || workers > 256) {
      throw new IllegalArgumentException("--workers " + workers + ": expected 1-256");
    }
    String[] hostPort = AdmissionServeCommand.listen(listen);
    String url = db.url();
    Vendor.of(url); // names a bad --db-url before anything else
    if (notifyWebhook != null) {
      URI u;
      try {
        u = URI.create(notifyWebhook);
      } catch (IllegalArgumentException e) {
        u = null;
      }
      if (u == null || u.getHost() == null || !List.of("http", "https").contains(u.getScheme())) {
        throw new IllegalArgumentException(
            "--notify-webhook " + notifyWebhook + ": expected an http(s):// URL");
      }
    }
    String webhookToken = null;
    if (webhookTokenEnv != null) {
      webhookToken = System.getenv(webhookTokenEnv);
      if (webhookToken == null || webhookToken.isBlank()) {
        throw new IllegalArgumentException(
            "--webhook-token-env " + webhookTokenEnv + ": the variable is not set or empty");
      }
    }
    List<String> ns = null;
    if (!namespaces.isEmpty()) {
      ns = namespaces.contains("*") ? List.of() : List.copyOf(namespaces);
    }
    Path dataDir = db.dataDir();
    Path advisories = dbDir != null ? dbDir : new DbDirOptions().dir(); // the db commands' default
    return new ServerConfig(
        url,
        db.dbUser,
        db.password(),
        hostPort[0].isEmpty() ? "0.0.0.0" : hostPort[0],
        Integer.parseInt(hostPort[1]),
        dataDir,
        advisories,
        workers,
        Duration.ofMinutes(2),
        ns,
        kubeconfig,
        notifyWebhook,
        updateEvery.isZero() ? null : updateEvery,
        webhookToken);
  }

  private static String readTokenFile(Path file) throws IOException {
    String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("--token-file " + file + ": the file is empty");
    }
    if (secret.length() < 20 || secret.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "--token-file " + file + ": expected one token of at least 20 characters");
    }
    return secret;
  }
}
