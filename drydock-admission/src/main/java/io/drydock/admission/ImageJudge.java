package io.drydock.admission;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageConfig;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.oci.Platform;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryException;
import io.drydock.oci.registry.RegistryImageSource;
import io.drydock.policy.Action;
import io.drydock.policy.AttestedScan;
import io.drydock.policy.Decision;
import io.drydock.policy.PolicyInput;
import io.drydock.policy.Violation;
import io.drydock.sign.AttestationResult;
import io.drydock.sign.Cosign;
import io.drydock.sign.VerificationResult;
import io.drydock.sign.VerifiedAttestation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Decides images: resolves a tag to a digest, verifies the cosign signature and the scan
 * attestation with every trusted key, reads the attested scan and evaluates the policy on it.
 *
 * <p>Speed by design: one evaluation per (image name, tag, digest, policy) at a time, however many
 * containers and requests ask for it (single flight); decisions cached for {@link
 * AdmissionConfig#cacheTtl()} (allow) or {@link AdmissionConfig#negativeCacheTtl()} (deny); tag
 * resolutions cached for {@link AdmissionConfig#tagCacheTtl()}; failures (registry down, timeouts)
 * are never cached. The registry calls of one evaluation run in parallel on {@code executor}, each
 * bounded by the registry client's timeouts. Thread-safe.
 */
final class ImageJudge {
  /** Cache entries kept before expired ones are swept (and, if still over, all dropped). */
  static final int MAX_ENTRIES = 50_000;

  /** Verified signature payloads and attestation envelopes remembered (content-addressed). */
  static final int VERIFIED_BLOBS = 10_000;

  private final AdmissionConfig config;
  private final RegistryClient client;
  private final Cosign cosign;
  private final Clock clock;
  private final ExecutorService executor;
  private final Map<String, Cached<Digest>> tags = new ConcurrentHashMap<>();
  private final Map<Key, Cached<ImageDecision>> decisions = new ConcurrentHashMap<>();
  private final Map<Object, CompletableFuture<?>> inflight = new ConcurrentHashMap<>();
  final LongAdder cacheHits = new LongAdder();
  final LongAdder cacheMisses = new LongAdder();

  ImageJudge(AdmissionConfig config, RegistryClient client, Clock clock, ExecutorService executor) {
    this.config = config;
    this.client = client;
    // verified signature payloads and envelopes are content-addressed: check each blob once
    this.cosign = new Cosign(client, clock, VERIFIED_BLOBS);
    this.clock = clock;
    this.executor = executor;
  }

  private record Key(String name, String tag, Digest digest, String policyHash) {}

  private record Cached<T>(T value, long expiresAt) {}

  /** The number of cached decisions (for metrics). */
  int cachedDecisions() {
    return decisions.size();
  }

  /**
   * The decision for {@code image} as written in a pod spec. Never completes exceptionally: a
   * registry failure completes with {@link ImageDecision#failure()} set.
   */
  CompletableFuture<ImageDecision> judge(String image) {
    ImageRef ref;
    try {
      ref = ImageRef.parse(image);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          ImageDecision.denied(null, "not a valid image reference: " + e.getMessage()));
    }
    CompletableFuture<Digest> digest =
        ref.digest() != null ? CompletableFuture.completedFuture(ref.digest()) : resolve(ref);
    return digest
        .thenCompose(d -> decide(ref, d))
        .exceptionally(
            e ->
                notFound(e)
                    ? ImageDecision.denied(null, ref + " was not found in its registry")
                    : ImageDecision.failed(null, failure(ref, e)));
  }

  private CompletableFuture<Digest> resolve(ImageRef ref) {
    String key = ref.name() + ":" + ref.tag();
    long now = System.nanoTime();
    Cached<Digest> c = tags.get(key);
    if (c != null && now - c.expiresAt() < 0) {
      return CompletableFuture.completedFuture(c.value());
    }
    return once(
        "tag:" + key,
        () -> {
          try {
            Digest d = client.headManifest(ref).digest();
            put(tags, key, d, config.tagCacheTtl());
            return d;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private CompletableFuture<ImageDecision> decide(ImageRef ref, Digest digest) {
    Key key = new Key(ref.name(), ref.tag(), digest, config.policyHash());
    Cached<ImageDecision> c = decisions.get(key);
    if (c != null && System.nanoTime() - c.expiresAt() < 0) {
      cacheHits.increment();
      return CompletableFuture.completedFuture(c.value());
    }
    cacheMisses.increment();
    // The cache is filled before the single flight ends, so no later caller evaluates again.
    return onceAsync(
        key,
        () ->
            evaluate(ref, digest)
                .thenApply(
                    d -> {
                      put(
                          decisions,
                          key,
                          d,
                          d.denials().isEmpty() ? config.cacheTtl() : config.negativeCacheTtl());
                      return d;
                    }));
  }

  /**
   * Starts {@code work} (which returns a future) once for concurrent callers with the same {@code
   * key}; the key stays claimed until that future completes, so callers arriving while its registry
   * calls are in flight share it.
   */
  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> onceAsync(Object key, Supplier<CompletableFuture<T>> work) {
    CompletableFuture<T> mine = new CompletableFuture<>();
    CompletableFuture<T> running = (CompletableFuture<T>) inflight.putIfAbsent(key, mine);
    if (running != null) {
      return running;
    }
    CompletableFuture<T> started;
    try {
      started = work.get();
    } catch (RuntimeException e) {
      inflight.remove(key, mine);
      mine.completeExceptionally(e);
      return mine;
    }
    started.whenComplete(
        (v, e) -> {
          inflight.remove(key, mine);
          if (e != null) {
            mine.completeExceptionally(e);
          } else {
            mine.complete(v);
          }
        });
    return mine;
  }

  /** Runs {@code work} once for concurrent callers with the same {@code key}. */
  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> once(Object key, Supplier<T> work) {
    CompletableFuture<T> mine = new CompletableFuture<>();
    CompletableFuture<T> running = (CompletableFuture<T>) inflight.putIfAbsent(key, mine);
    if (running != null) {
      return running;
    }
    try {
      executor.execute(
          () -> {
            try {
              mine.complete(work.get());
            } catch (RuntimeException | Error e) {
              mine.completeExceptionally(e);
            } finally {
              inflight.remove(key, mine);
            }
          });
    } catch (RuntimeException e) { // rejected: the pool is shutting down
      inflight.remove(key, mine);
      mine.completeExceptionally(e);
    }
    return mine;
  }

  /** Starts the registry calls of one evaluation in parallel; the result combines them. */
  private CompletableFuture<ImageDecision> evaluate(ImageRef ref, Digest digest) {
    ImageRef pinned = ref.withDigest(digest);
    CompletableFuture<ImageConfig> imageConfig =
        async(() -> RegistryImageSource.open(pinned, client).image(Platform.LINUX_AMD64).config());
    Map<String, CompletableFuture<VerificationResult>> signatures = new java.util.TreeMap<>();
    Map<String, CompletableFuture<AttestationResult>> attestations = new java.util.TreeMap<>();
    for (Map.Entry<String, PublicKey> k : config.keys().entrySet()) {
      signatures.put(k.getKey(), async(() -> cosign.verify(pinned, k.getValue())));
      attestations.put(
          k.getKey(),
          async(
              () -> cosign.verifyAttestations(pinned, k.getValue(), Cosign.VULN_PREDICATE, null)));
    }
    List<CompletableFuture<?>> all = new ArrayList<>();
    all.add(imageConfig);
    all.addAll(signatures.values());
    all.addAll(attestations.values());
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(
            v ->
                combine(
                    ref,
                    digest,
                    imageConfig.join(),
                    signatures.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue().join()))
                        .toList(),
                    attestations.values().stream().map(CompletableFuture::join).toList()));
  }

  private ImageDecision combine(
      ImageRef ref,
      Digest digest,
      ImageConfig imageConfig,
      List<Map.Entry<String, VerificationResult>> signatures,
      List<AttestationResult> attestations) {
    Instant now = clock.instant();
    String d = digest.toString();
    List<PolicyInput.SignatureFacts> sigFacts = new ArrayList<>();
    String sigReason = null;
    for (Map.Entry<String, VerificationResult> s : signatures) {
      sigFacts.add(new PolicyInput.SignatureFacts(s.getKey(), s.getValue().verified()));
      if (!s.getValue().verified() && sigReason == null) {
        sigReason = s.getValue().firstReason();
      }
    }
    if (sigFacts.stream().noneMatch(PolicyInput.SignatureFacts::verified)) {
      return ImageDecision.denied(d, "not signed by a trusted key: " + sigReason);
    }
    VerifiedAttestation newest = null;
    String attReason = null;
    List<PolicyInput.AttestationFacts> attFacts = new ArrayList<>();
    for (AttestationResult a : attestations) {
      if (!a.verified() && attReason == null) {
        attReason = a.firstReason();
      }
      for (VerifiedAttestation v : a.attestations()) {
        long hours = v.age() == null ? Long.MAX_VALUE : Math.max(0, v.age().toHours());
        attFacts.add(new PolicyInput.AttestationFacts(v.predicateType(), hours, true));
        if (newest == null || later(v, newest)) {
          newest = v;
        }
      }
    }
    if (newest == null) {
      return ImageDecision.denied(d, "no verified scan attestation: " + attReason);
    }
    AttestedScan scan;
    try {
      JsonNode statement =
          Json.readObject(newest.statement().getBytes(StandardCharsets.UTF_8), "statement");
      scan = AttestedScan.fromReport(statement.path("predicate").path("scanner").path("result"));
    } catch (IOException | IllegalArgumentException e) {
      return ImageDecision.denied(
          d,
          "the scan attestation "
              + newest.layer().shortHex()
              + " is unreadable: "
              + e.getMessage());
    }
    Instant baseCreated = baseCreated(ref, scan.base());
    PolicyInput input =
        scan.input(
            PolicyInput.ImageFacts.of(ref.toString(), d),
            PolicyInput.ConfigFacts.of(imageConfig),
            baseCreated,
            sigFacts,
            attFacts,
            now);
    Decision decision = config.policy().evaluate(input);
    List<String> denials = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    boolean findingsOnly = true;
    for (Violation v : decision.violations()) {
      String line = line(v);
      if (v.action() == Action.DENY) {
        denials.add(line);
        findingsOnly &= !v.findings().isEmpty();
      } else {
        warnings.add(line);
      }
    }
    return new ImageDecision(d, denials, warnings, findingsOnly && !denials.isEmpty(), null);
  }

  /** "rule R: message [ids]", ids only when the message does not name them all already. */
  static String line(Violation v) {
    boolean named = v.findings().stream().allMatch(v.message()::contains);
    return "rule "
        + v.rule()
        + ": "
        + v.message()
        + (named ? "" : " [" + String.join(", ", v.findings()) + "]");
  }

  private static boolean later(VerifiedAttestation a, VerifiedAttestation b) {
    if (a.finishedOn() == null) {
      return false;
    }
    return b.finishedOn() == null || a.finishedOn().isAfter(b.finishedOn());
  }

  /**
   * When the base image named by the attested scan was built: its config's {@code created}, read
   * from the app's registry by digest; {@code null} when unknown or unreachable (a base-age rule
   * then sees no age).
   */
  private Instant baseCreated(ImageRef app, PolicyInput.BaseFacts base) {
    if (base.digest().isEmpty() || base.name().isEmpty()) {
      return null;
    }
    try {
      Digest d = Digest.parse(base.digest());
      ImageRef named = ImageRef.parse(base.name());
      ImageRef where = named.withDigest(d);
      return RegistryImageSource.open(where, client).image(Platform.LINUX_AMD64).config().created();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private <T> CompletableFuture<T> async(IoSupplier<T> s) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return s.get();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        executor);
  }

  @FunctionalInterface
  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  private <K, V> void put(Map<K, Cached<V>> map, K key, V value, Duration ttl) {
    if (ttl.isZero()) {
      return;
    }
    if (map.size() >= MAX_ENTRIES) {
      long now = System.nanoTime();
      map.values().removeIf(c -> now - c.expiresAt() >= 0);
      if (map.size() >= MAX_ENTRIES) {
        map.clear();
      }
    }
    map.put(key, new Cached<>(value, System.nanoTime() + ttl.toNanos()));
  }

  private static Throwable root(Throwable e) {
    Throwable c = e;
    while ((c instanceof CompletionException || c instanceof UncheckedIOException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  private static boolean notFound(Throwable e) {
    return root(e) instanceof RegistryException r && r.status() == 404;
  }

  /** One line on why {@code ref} could not be decided. */
  static String failure(ImageRef ref, Throwable e) {
    Throwable c = root(e);
    String what;
    if (c instanceof ConnectException) {
      what = "registry " + ref.registry() + " refused the connection";
    } else if (c instanceof HttpTimeoutException || c instanceof java.net.SocketTimeoutException) {
      what = "registry " + ref.registry() + " did not answer in time";
    } else {
      what = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
    return "could not check " + ref + ": " + what;
  }
}
