package io.drydock.testing.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OCI distribution registry in memory, on {@code 127.0.0.1} over plain HTTP on an ephemeral
 * port, with the fault injection and request recording that tests of a registry client need.
 *
 * <pre>{@code
 * try (InMemoryRegistry reg = InMemoryRegistry.start()) {
 *   String layer = reg.putBlob(bytes);
 *   reg.putManifest("team/app", "1.0", "application/vnd.oci.image.manifest.v1+json", raw);
 *   reg.faults().add(Fault.status(429).retryAfterSeconds(1).times(2).onPath("/blobs/"));
 *   ... client under test talks to reg.url() ...
 *   assertThat(reg.requests()).extracting(RecordedRequest::method) ...
 * }
 * }</pre>
 *
 * <p>It serves the distribution spec's endpoints: {@code /v2/}; manifests {@code GET/HEAD/PUT/
 * DELETE} (stored byte-exact under the request's {@code Content-Type}; a pushed image manifest's
 * blobs and an index's manifests must already be in the repository, else 400 {@code
 * MANIFEST_BLOB_UNKNOWN}); blobs {@code GET/HEAD/DELETE} (with single {@code Range} requests);
 * uploads (monolithic {@code POST ?digest=}, {@code POST} + {@code PATCH}* + {@code PUT ?digest=},
 * cross-repository {@code ?mount=&from=}); {@code tags/list} with {@code n}/{@code last} paging and
 * {@code Link}; {@code referrers} with the {@code artifactType} filter. Blobs are stored once but a
 * repository serves only those it was given (by upload, mount, or {@link #putManifest} seeding), so
 * a mount is observable. Upload {@code Location}s are relative and already carry a query ({@code
 * ?_state=}), as with the CNCF registry. Errors are {@code {"errors":[{"code","message"}]}}.
 *
 * <p>Bounded: request bodies over 512 MiB and manifests over 4 MiB are refused with 413; the most
 * recent {@value #MAX_RECORDED} requests are recorded. Content lives in memory: use small images.
 *
 * <p>Thread-safe: requests are served concurrently by a pool of daemon threads, and every method
 * may be called from any thread while the server runs.
 */
public final class InMemoryRegistry implements AutoCloseable {
  /** How many requests {@link #requests()} keeps (the oldest are dropped). */
  public static final int MAX_RECORDED = 100_000;

  private static final AtomicInteger SERVERS = new AtomicInteger();

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and delayed ACKs add ~40 ms to every small answer on loopback (measured here: 45 ms vs 2 ms
    // per request). Read once by the JDK when its first HttpServer starts; an explicit setting
    // wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Store store = new Store();
  private final Auth auth = new Auth();
  private final Faults faults = new Faults();
  private final Deque<RecordedRequest> requests = new ArrayDeque<>(); // guarded by itself
  private final HttpServer server;
  private final ExecutorService executor;
  private final int port;
  private volatile boolean referrersApi = true;
  private volatile int maxPageSize = Integer.MAX_VALUE;

  private InMemoryRegistry() throws IOException {
    int id = SERVERS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            32,
            r -> {
              Thread t = new Thread(r, "inmem-registry-" + id + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", new DistributionHandler(this, store, auth, faults));
    server.setExecutor(executor);
    server.start();
    port = server.getAddress().getPort();
  }

  /**
   * Starts a registry on {@code 127.0.0.1} and an ephemeral port, without authentication, with the
   * referrers API on and no tag paging.
   *
   * @throws UncheckedIOException if no loopback port can be bound
   */
  public static InMemoryRegistry start() {
    try {
      return new InMemoryRegistry();
    } catch (IOException e) {
      throw new UncheckedIOException("starting the in-memory registry on 127.0.0.1: " + e, e);
    }
  }

  /** Stops serving at once (open exchanges are cut) and releases the port. Idempotent. */
  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** {@code "127.0.0.1:PORT"}, the registry host for image references. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** {@code "http://127.0.0.1:PORT"}. */
  public String url() {
    return "http://" + hostPort();
  }

  int port() {
    return port;
  }

  // ---- authentication

  /**
   * From now on every {@code /v2/} request needs {@code Authorization: Basic} with these
   * credentials; others get 401 with {@code WWW-Authenticate: Basic realm="inmem"}.
   */
  public void requireBasicAuth(String user, String password) {
    auth.set(Auth.Mode.BASIC, Objects.requireNonNull(user), Objects.requireNonNull(password));
  }

  /**
   * From now on every {@code /v2/} request needs a bearer token from {@code GET <url>/token}.
   * Without one (or with one lacking the scope) the answer is 401 with {@code WWW-Authenticate:
   * Bearer realm="<url>/token",service="inmem",scope="repository:<name>:<actions>"} where actions
   * are {@code pull} for {@code GET}/{@code HEAD}, {@code pull,push} for uploads and manifest
   * pushes, {@code delete} for deletes (no scope for {@code /v2/}; {@code
   * error="insufficient_scope"} when a token was sent). The token endpoint checks Basic {@code
   * user:password}, or lets anyone in when both are empty, and answers {@code
   * {"token","access_token","expires_in":300,"issued_at"}}; a token grants exactly the repository
   * actions requested in its {@code scope} parameters. A cross-repository mount only succeeds when
   * the token also grants pull on {@code from}. Tokens issued earlier are forgotten.
   */
  public void requireBearerAuth(String user, String password) {
    auth.set(Auth.Mode.BEARER, Objects.requireNonNull(user), Objects.requireNonNull(password));
  }

  /** How many tokens the token endpoint has issued (to assert that a client caches them). */
  public int tokensIssued() {
    return auth.tokensIssued();
  }

  // ---- content

  /**
   * Stores a blob (copied) in no repository yet: {@link #putManifest} links the blobs its manifest
   * references to its repository. Returns its {@code sha256:<hex>} digest.
   */
  public String putBlob(byte[] content) {
    return store.putBlob(content);
  }

  /** Stores a blob (copied) and gives it to {@code repo}; returns its {@code sha256:<hex>}. */
  public String putBlob(String repo, byte[] content) {
    Store.requireName(repo);
    String digest = store.putBlob(content);
    store.link(repo, digest);
    return digest;
  }

  /**
   * Stores a manifest (byte-exact, copied) in {@code repo} under {@code mediaType}, tagged {@code
   * tag} unless null, and links the blobs it references that were {@link #putBlob put} to the
   * repository (no check that they exist). Returns its {@code sha256:<hex>} digest.
   *
   * @throws IllegalArgumentException for an invalid repository name or tag, or a body that is not a
   *     JSON object
   */
  public String putManifest(String repo, String tag, String mediaType, byte[] raw) {
    Objects.requireNonNull(mediaType, "mediaType");
    try {
      return store.putManifest(repo, tag, mediaType, raw, false).digest();
    } catch (ApiError e) {
      throw new IllegalArgumentException(
          "putManifest " + repo + (tag == null ? "" : ":" + tag) + ": " + e.getMessage(), e);
    }
  }

  /** A copy of the blob with this digest, in whichever repository. */
  public Optional<byte[]> blob(String digest) {
    return Optional.ofNullable(store.blob(digest)).map(byte[]::clone);
  }

  /** Whether {@code repo} holds (can serve) the blob. */
  public boolean hasBlob(String repo, String digest) {
    return store.hasBlob(repo, digest);
  }

  /** A copy of the manifest {@code repo} has under a tag or digest. */
  public Optional<byte[]> manifest(String repo, String tagOrDigest) {
    return store.manifest(repo, tagOrDigest).map(m -> m.content().clone());
  }

  /** The media type the manifest was stored under. */
  public Optional<String> manifestMediaType(String repo, String tagOrDigest) {
    return store.manifest(repo, tagOrDigest).map(Store.StoredManifest::mediaType);
  }

  /** The repository's tags in lexical order; empty for an unknown repository. */
  public List<String> tags(String repo) {
    return store.tags(repo).orElse(List.of());
  }

  // ---- behaviour

  /**
   * With false, {@code /v2/<name>/referrers/<digest>} answers 404 (a registry that predates the
   * referrers API; clients fall back to the {@code sha256-<hex>} tag schema) and manifest pushes
   * with a {@code subject} get no {@code OCI-Subject} header. On by default.
   */
  public void setReferrersApi(boolean enabled) {
    referrersApi = enabled;
  }

  boolean referrersEnabled() {
    return referrersApi;
  }

  /**
   * Pages {@code tags/list} at most {@code n} (>= 1) tags at a time, whatever {@code n} the client
   * asks for, with {@code Link: </v2/<name>/tags/list?n=..&last=..>; rel="next"} while more follow.
   */
  public void setMaxPageSize(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("max page size must be >= 1, got " + n);
    }
    maxPageSize = n;
  }

  int maxPageSize() {
    return maxPageSize;
  }

  /** The faults to inject; add to it at any time. */
  public Faults faults() {
    return faults;
  }

  // ---- recording

  void record(Call call) {
    RecordedRequest r =
        new RecordedRequest(
            call.method, call.rawPathAndQuery, call.exchange.getRequestHeaders(), call.host);
    synchronized (requests) {
      if (requests.size() == MAX_RECORDED) {
        requests.removeFirst();
      }
      requests.addLast(r);
    }
  }

  /** The requests received so far, oldest first (a snapshot). */
  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(new ArrayList<>(requests));
    }
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    synchronized (requests) {
      requests.clear();
    }
  }

  @Override
  public String toString() {
    return "InMemoryRegistry[" + url() + "]";
  }
}
