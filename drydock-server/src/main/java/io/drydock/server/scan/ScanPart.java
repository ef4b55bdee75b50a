package io.drydock.server.scan;

import io.drydock.oci.Digest;
import io.drydock.oci.Image;
import io.drydock.oci.ImageRef;
import io.drydock.oci.ImageSource;
import io.drydock.oci.ImageSources;
import io.drydock.oci.Platform;
import io.drydock.oci.Target;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.refresh.loop.Notifier;
import io.drydock.sbom.Extractors;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.engine.BaseAttribution.BaseLookup;
import io.drydock.sbom.engine.SbomEngine;
import io.drydock.sbom.format.SbomReader;
import io.drydock.server.DaemonThreads;
import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.drydock.server.db.ServerState;
import io.drydock.server.jobs.Job;
import io.drydock.server.jobs.JobHandler;
import io.drydock.server.scan.ImageStore.Evaluated;
import io.drydock.vuln.store.OsvBulkUpdater;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scanning and re-evaluation: turns an image into a stored SBOM and findings, and re-matches the
 * stored SBOMs when the advisories change.
 *
 * <p>Job kinds:
 *
 * <ul>
 *   <li>{@value #SCAN} (subject: the reference; payload {@code {"reference", "source"}}, or {@code
 *       {"reference", "digest", "sbom"}} for an SBOM submitted by CI, CycloneDX or SPDX JSON as a
 *       string): the SBOM is built once per digest (pulled from the registry only when none is
 *       stored), then matched and the findings' diff written. A failed pull is recorded in {@code
 *       images.scan_error} and fails the job.
 *   <li>{@value #REEVALUATE} (subject {@code all}, {@code all:<anything>}, or a digest): re-matches
 *       stored SBOMs against the current advisory store ({@link Reevaluator}), never pulling; then
 *       notifies the webhook about new findings on running images.
 *   <li>{@value #ADVISORY_UPDATE}: {@code db update} inside the server from {@link
 *       Options#advisorySource()}; when the store changed, queues {@code reevaluate all:<build>}.
 *       {@link #start()} queues one per {@code updateEvery} time slot, claimed in {@code
 *       server_state} so that replicas queue it once.
 * </ul>
 */
public final class ScanPart implements ServerPart {
  private static final Logger LOG = LoggerFactory.getLogger(ScanPart.class);

  public static final String SCAN = "scan";
  public static final String REEVALUATE = "reevaluate";
  public static final String ADVISORY_UPDATE = "advisory-update";

  /** Largest CI-submitted SBOM accepted in a job payload (characters). */
  public static final int MAX_SUBMITTED_SBOM = 64 << 20;

  static final String SLOT_STATE = "scan.advisory-update.slot";
  static final String BUILT_STATE = "advisories.built";
  private static final Set<String> SOURCES = Set.of("api", "kubernetes", "registry", "ci");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * What the part needs beyond the server's settings.
   *
   * @param registry registry access for pulls (loopback registries are reached over plain HTTP
   *     without further options, as Docker does)
   * @param platform the platform picked from multi-platform images
   * @param advisorySource the OSV bulk layout to update from: an {@code http(s)://} base URL or a
   *     local directory (an air-gapped mirror; tests)
   * @param ecosystems the ecosystems to update (empty: all in the source's {@code ecosystems.txt})
   * @param matchThreads threads that match SBOMs during a re-evaluation
   */
  public record Options(
      RegistryOptions registry,
      Platform platform,
      String advisorySource,
      List<String> ecosystems,
      int matchThreads) {
    public Options {
      ecosystems = List.copyOf(ecosystems);
    }

    /** Default registry access, linux/amd64, OSV.dev, every ecosystem, one thread per CPU. */
    public static Options defaults() {
      return new Options(
          RegistryOptions.defaults(),
          Platform.LINUX_AMD64,
          OsvBulkUpdater.DEFAULT_SOURCE,
          List.of(),
          Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    public Options withRegistry(RegistryOptions r) {
      return new Options(r, platform, advisorySource, ecosystems, matchThreads);
    }

    public Options withAdvisorySource(String source, List<String> ecos) {
      return new Options(registry, platform, source, ecos, matchThreads);
    }

    public Options withMatchThreads(int n) {
      return new Options(registry, platform, advisorySource, ecosystems, Math.max(1, n));
    }
  }

  /** The part, for {@code DrydockServer.start}. */
  public static Function<ServerContext, ServerPart> factory(Options options) {
    return ctx -> new ScanPart(ctx, options);
  }

  private final ServerContext ctx;
  private final Options options;
  private final ImageStore images;
  private final Advisories advisories;
  private final Reevaluator reevaluator;
  private final SbomEngine engine;
  private final Notifier notifier;
  private final Histogram scanSeconds;
  private final Histogram reevaluationSeconds;
  private RegistryClient client;
  private HttpClient http;
  private ScheduledExecutorService schedule;
  private volatile AgeCache age;

  public ScanPart(ServerContext ctx, Options options) {
    this.ctx = ctx;
    this.options = options;
    this.images = new ImageStore(ctx.db(), ctx.clock());
    this.advisories = new Advisories(ctx.config().advisoryDir());
    this.reevaluator =
        new Reevaluator(images, advisories, ctx.db().jdbi(), ctx.clock(), options.matchThreads());
    Path cache = ctx.dataDir().resolve("cache");
    this.engine =
        new SbomEngine(
            new SbomEngine.Options(
                Extractors.all(),
                Limits.defaults(),
                cache,
                cache.resolve("tmp"),
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                Extractors::chooseOs));
    this.notifier = new Notifier(ctx.config().notifyWebhook());
    this.scanSeconds =
        Histogram.builder()
            .name("drydock_server_scan_seconds")
            .help("Time of a scan job (SBOM from the store or a pull, matching, findings)")
            .classicOnly()
            .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
            .register(ctx.metrics());
    this.reevaluationSeconds =
        Histogram.builder()
            .name("drydock_server_reevaluation_seconds")
            .help("Time of a re-evaluation job (stored SBOMs matched again, findings' diff)")
            .classicOnly()
            .classicUpperBounds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
            .register(ctx.metrics());
    GaugeWithCallback.builder()
        .name("drydock_server_advisories_age_seconds")
        .help("Age of the advisory database (since its last build); absent when there is none")
        .callback(
            cb -> {
              Instant built = builtForMetrics();
              if (built != null) {
                cb.call(Math.max(0, ctx.clock().millis() - built.toEpochMilli()) / 1000.0);
              }
            })
        .register(ctx.metrics());
  }

  /** The image store this part writes (for other parts and tests). */
  public ImageStore images() {
    return images;
  }

  @Override
  public Map<String, JobHandler> jobs() {
    Map<String, JobHandler> jobs = new LinkedHashMap<>();
    jobs.put(SCAN, this::scan);
    jobs.put(REEVALUATE, this::reevaluate);
    jobs.put(ADVISORY_UPDATE, this::advisoryUpdate);
    return jobs;
  }

  @Override
  public void start() {
    Duration every = ctx.config().updateEvery();
    if (every == null || every.isZero() || every.isNegative()) {
      return;
    }
    schedule =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("drydock-advisory-schedule"));
    long tick = Math.max(1000, Math.min(every.toMillis(), 30_000));
    schedule.scheduleWithFixedDelay(
        () -> {
          try {
            scheduleUpdate();
          } catch (RuntimeException e) {
            LOG.warn("advisory update schedule: {}", e.getMessage());
          }
        },
        0,
        tick,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Queues the advisory update of the current time slot unless a replica already did: the slot is
   * claimed by moving {@code server_state}'s value forward, which only one writer can do.
   *
   * @return whether this call queued it
   */
  public boolean scheduleUpdate() {
    Duration every = ctx.config().updateEvery();
    if (every == null || every.toMillis() <= 0) {
      return false;
    }
    long slot = ctx.clock().millis() / every.toMillis();
    String value = String.format("%020d", slot); // zero-padded: text order is numeric order
    boolean claimed = new ServerState(ctx.db(), ctx.clock()).advance(SLOT_STATE, value);
    if (!claimed) {
      return false;
    }
    return ctx.enqueue(ADVISORY_UPDATE, "slot-" + slot, null);
  }

  // ---- scan -----------------------------------------------------------------------------------

  /** A parsed scan job. */
  record ScanRequest(String reference, String source, String digest, String sbom) {}

  static ScanRequest parseRequest(String subject, String payload) {
    if (payload == null || payload.isBlank()) {
      return new ScanRequest(subject, "api", null, null);
    }
    JsonNode p;
    try {
      p = JSON.readTree(payload);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "scan " + subject + ": the job's payload is not valid JSON: " + e.getOriginalMessage());
    }
    if (p == null || !p.isObject()) {
      throw new IllegalArgumentException(
          "scan " + subject + ": the job's payload is not a JSON object");
    }
    String reference = text(p, "reference", subject);
    String sbom = null;
    JsonNode s = p.get("sbom");
    if (s != null && !s.isNull()) {
      sbom = s.isString() ? s.asString() : s.toString();
      if (sbom.length() > MAX_SUBMITTED_SBOM) {
        throw new IllegalArgumentException(
            "scan "
                + subject
                + ": the submitted SBOM is larger than "
                + (MAX_SUBMITTED_SBOM >> 20)
                + " MiB");
      }
    }
    String source = text(p, "source", sbom != null ? "ci" : "api");
    if (!SOURCES.contains(source)) {
      throw new IllegalArgumentException(
          "scan " + subject + ": source " + source + " is not one of " + SOURCES);
    }
    String digest = text(p, "digest", null);
    if (digest != null) {
      try {
        digest = Digest.parse(digest).toString();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "scan " + subject + ": digest " + digest + " is not a digest: " + e.getMessage());
      }
    }
    if (sbom != null && digest == null) {
      throw new IllegalArgumentException(
          "scan " + subject + ": a submitted SBOM needs the image's \"digest\"");
    }
    return new ScanRequest(reference, source, digest, sbom);
  }

  private static String text(JsonNode p, String field, String fallback) {
    JsonNode v = p.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isString() || v.asString().isBlank()) {
      throw new IllegalArgumentException(
          "the scan job's \"" + field + "\" must be a non-empty string");
    }
    return v.asString();
  }

  private String scan(Job job) throws Exception {
    long t0 = System.nanoTime();
    try {
      return runScan(job);
    } finally {
      scanSeconds.observe((System.nanoTime() - t0) / 1e9);
    }
  }

  /**
   * Brings this replica's advisory database up to the newest build any replica recorded: each
   * replica keeps its own copy (a local SQLite file), and the scheduled update runs on one replica
   * only, so a replica that claims a scan or a re-evaluation after another replica's update updates
   * its own copy first. On one node this is one row read per job.
   */
  synchronized void catchUp() throws IOException {
    Optional<String> shared = new ServerState(ctx.db(), ctx.clock()).value(BUILT_STATE);
    if (shared.isEmpty()) {
      return;
    }
    Instant newest;
    try {
      newest = Instant.parse(shared.get());
    } catch (java.time.format.DateTimeParseException e) {
      return;
    }
    Optional<Instant> local = advisories.built();
    if (local.isPresent() && !local.get().isBefore(newest)) {
      return;
    }
    String source = options.advisorySource();
    boolean remote = source.startsWith("http://") || source.startsWith("https://");
    if (!remote && !Files.isDirectory(Path.of(source))) {
      throw new IOException("advisory update: source " + source + " is not a directory or URL");
    }
    LOG.info(
        "advisories: this replica's copy ({}) is older than the newest build ({}); updating",
        local.map(Instant::toString).orElse("none"),
        newest);
    new OsvBulkUpdater(advisories.file(), source, remote ? http() : null)
        .update(options.ecosystems());
  }

  private String runScan(Job job) throws Exception {
    catchUp();
    ScanRequest req = parseRequest(job.subject(), job.payload());
    String digest;
    Sbom sbom;
    boolean pulled = false;
    if (req.sbom() != null) {
      digest = req.digest();
      images.seen(digest, repositoryOf(req.reference()), req.reference(), req.source());
      sbom = stored(digest);
      if (sbom == null) {
        sbom = readSubmitted(req);
        images.storeSbom(digest, sbom);
      }
    } else {
      ImageRef ref = registryRef(req.reference());
      digest =
          req.digest() != null
              ? req.digest()
              : ref.digest() != null
                  ? ref.digest().toString()
                  : client().headManifest(ref).digest().toString();
      images.seen(digest, ref.name(), req.reference(), req.source());
      sbom = stored(digest);
      if (sbom == null) {
        try {
          sbom = pull(ref.withDigest(Digest.parse(digest)));
        } catch (IOException | RuntimeException e) {
          String msg = oneLine(e);
          images.scanFailed(digest, msg);
          throw new IOException("scan " + req.reference() + ": " + msg, e);
        }
        images.storeSbom(digest, sbom);
        pulled = true;
      }
    }
    FindingDiff diff;
    String built;
    try (Advisories.Session session = advisories.open()) {
      built = session.built();
      diff = images.apply(List.of(Evaluated.ok(digest, session.rows(sbom))), built).get(0);
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("digest", digest);
    result.put("pulled", pulled);
    result.put("packages", sbom.components().size());
    result.put("findings", diff.open());
    result.put("new", diff.added().size());
    result.put("resolved", diff.resolved().size());
    result.put("advisoriesBuilt", built);
    return result.toString();
  }

  /** The stored SBOM, or {@code null} when none is stored or it is unreadable (then deleted). */
  private Sbom stored(String digest) {
    try {
      return images.sbom(digest).orElse(null);
    } catch (IOException e) {
      LOG.warn("{}; building it again", e.getMessage());
      images.deleteSbom(digest);
      return null;
    }
  }

  private static ImageRef registryRef(String reference) {
    Target t;
    try {
      t = Target.parse(reference);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "scan " + reference + ": not an image reference: " + e.getMessage());
    }
    if (!(t instanceof Target.Registry r)) {
      // the server pulls from registries only: a path would read the server's own files
      throw new IllegalArgumentException(
          "scan " + reference + ": not a registry reference (the server scans registry images)");
    }
    return r.ref();
  }

  private static String repositoryOf(String reference) {
    try {
      return ImageRef.parse(reference).name();
    } catch (IllegalArgumentException e) {
      return reference;
    }
  }

  private Sbom readSubmitted(ScanRequest req) throws IOException {
    Path tmp = ctx.dataDir().resolve("tmp");
    Files.createDirectories(tmp);
    Path file = Files.createTempFile(tmp, "submitted-", ".json");
    try {
      Files.writeString(file, req.sbom(), StandardCharsets.UTF_8);
      return SbomReader.read(file);
    } catch (IOException e) {
      // the temporary file's name means nothing to whoever submitted the SBOM
      String msg = oneLine(e).replace(file.toString(), "the submitted SBOM");
      throw new IOException("scan " + req.reference() + ": " + msg, e);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private Sbom pull(ImageRef ref) throws IOException {
    try (ImageSource source = ImageSources.open(new Target.Registry(ref), this::client)) {
      Image image = source.image(options.platform());
      return engine.analyze(image, ref.toString(), null, baseLookup(ref));
    }
  }

  /** Reads an annotated base's layers from the app's registry, then from the base's own. */
  private BaseLookup baseLookup(ImageRef app) {
    return (name, digest) -> {
      Digest d;
      ImageRef base;
      try {
        d = Digest.parse(digest);
        base = name == null ? null : ImageRef.parse(name);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      Set<ImageRef> candidates = new LinkedHashSet<>();
      if (base != null) {
        candidates.add(app.inRepository(base.repository()).withDigest(d));
        candidates.add(base.withDigest(d));
      }
      for (ImageRef c : candidates) {
        try (ImageSource s = ImageSources.open(new Target.Registry(c), this::client)) {
          Image image = s.image(options.platform());
          return Optional.of(image.config().diffIds().stream().map(Digest::toString).toList());
        } catch (IOException | RuntimeException e) {
          // not there: try the next place
        }
      }
      return Optional.empty();
    };
  }

  private synchronized RegistryClient client() throws IOException {
    if (client == null) {
      client = RegistryClient.create(options.registry());
    }
    return client;
  }

  // ---- re-evaluation --------------------------------------------------------------------------

  private String reevaluate(Job job) throws Exception {
    catchUp();
    String subject = job.subject();
    String digest = subject.equals("all") || subject.startsWith("all:") ? null : subject;
    long t0 = System.nanoTime();
    Reevaluator.Summary s;
    try {
      Set<String> running = Reevaluator.running(ctx.db().jdbi());
      s = reevaluator.run(digest, running::contains);
    } finally {
      reevaluationSeconds.observe((System.nanoTime() - t0) / 1e9);
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("evaluation", s.evaluationId());
    result.put("advisoriesBuilt", s.advisoriesBuilt());
    result.put("images", s.images());
    result.put("new", s.newFindings());
    result.put("resolved", s.resolved());
    result.put("errors", s.errors());
    if (!s.added().isEmpty() && ctx.config().notifyWebhook() != null) {
      String failure = notifier.send(notice(s));
      result.put("notified", s.added().size());
      if (failure != null) {
        // the diff is written: failing the job would not bring the findings back as new
        LOG.warn("new findings: {}", failure);
        result.put("notificationError", failure);
      }
    }
    return result.toString();
  }

  /** The message about the new findings of running images in {@code s}. */
  ObjectNode notice(Reevaluator.Summary s) {
    Set<String> digests = new LinkedHashSet<>();
    s.added().forEach(a -> digests.add(a.digest()));
    Map<String, List<String>> workloads = new HashMap<>();
    Map<String, String> repositories = new HashMap<>();
    List<String> all = new ArrayList<>(digests);
    for (int i = 0; i < all.size(); i += 500) {
      List<String> chunk = all.subList(i, Math.min(all.size(), i + 500));
      ctx.db()
          .jdbi()
          .useHandle(
              h -> {
                h.createQuery(
                        "SELECT digest, namespace, kind, name, container FROM workloads WHERE"
                            + " digest IN (<d>) ORDER BY namespace, kind, name, container")
                    .bindList("d", chunk)
                    .map(
                        (rs, c) -> {
                          workloads
                              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                              .add(
                                  rs.getString(2)
                                      + "/"
                                      + rs.getString(3)
                                      + "/"
                                      + rs.getString(4)
                                      + " ("
                                      + rs.getString(5)
                                      + ")");
                          return null;
                        })
                    .list();
                h.createQuery("SELECT digest, repository FROM images WHERE digest IN (<d>)")
                    .bindList("d", chunk)
                    .map(
                        (rs, c) -> {
                          repositories.put(rs.getString(1), rs.getString(2));
                          return null;
                        })
                    .list();
              });
    }
    return FindingNotice.message(s.added(), workloads, repositories, s.advisoriesBuilt());
  }

  // ---- advisory update ------------------------------------------------------------------------

  private String advisoryUpdate(Job job) throws Exception {
    String source = options.advisorySource();
    boolean remote = source.startsWith("http://") || source.startsWith("https://");
    if (!remote && !Files.isDirectory(Path.of(source))) {
      throw new IOException("advisory update: source " + source + " is not a directory or URL");
    }
    Optional<Instant> before = advisories.built();
    OsvBulkUpdater.Result r =
        new OsvBulkUpdater(advisories.file(), source, remote ? http() : null)
            .update(options.ecosystems());
    Optional<Instant> after = advisories.built();
    boolean changed = before.isEmpty() || r.imported().added() > 0 || r.imported().replaced() > 0;
    String built = after.map(Instant::toString).orElse("unknown");
    new ServerState(ctx.db(), ctx.clock()).put(BUILT_STATE, built);
    boolean queued = false;
    if (changed) {
      // a build-specific subject: a re-evaluation still running on the previous build must not
      // swallow this one (one queued or running job per kind and subject)
      queued = ctx.enqueue(REEVALUATE, "all:" + built, null);
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("advisoriesBuilt", built);
    result.put("added", r.imported().added());
    result.put("replaced", r.imported().replaced());
    result.put("total", r.imported().total());
    result.put("invalid", r.imported().invalid());
    result.put("reevaluationQueued", queued);
    return result.toString();
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .connectTimeout(Duration.ofSeconds(30))
              .build();
    }
    return http;
  }

  // ---- metrics --------------------------------------------------------------------------------

  private record AgeCache(FileTime modified, Instant built) {}

  /** The store's build for the age gauge, read again only when the file changed. */
  private Instant builtForMetrics() {
    Path file = advisories.file();
    try {
      if (!Files.isRegularFile(file)) {
        return null;
      }
      FileTime m = Files.getLastModifiedTime(file);
      AgeCache a = age;
      if (a == null || !a.modified().equals(m)) {
        a = new AgeCache(m, advisories.built().orElse(null));
        age = a;
      }
      return a.built();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  @Override
  public void close() {
    if (schedule != null) {
      schedule.shutdownNow();
    }
    synchronized (this) {
      if (client != null) {
        client.close();
        client = null;
      }
    }
  }
}
