package io.drydock.admission;

import io.drydock.oci.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's HTTPS server: {@code POST /validate}, {@code POST /mutate}, {@code GET /healthz},
 * {@code GET /readyz}, {@code GET /metrics}, all on one TLS connector (TLS 1.2 and 1.3 only; there
 * is no plain-HTTP port). The certificate files are re-read every {@code reloadInterval} and the
 * connector switches to them when their content changed (cert-manager rotation), without dropping
 * connections.
 *
 * <p>Plain Jetty 12 rather than Javalin: five fixed routes need no router, and Javalin always opens
 * a plain-HTTP connector besides the TLS one.
 */
public final class AdmissionServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("drydock.admission");

  /** How often the certificate files are checked for changes by default. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

  /** How much of an oversized body is read and dropped before answering 413. */
  static final long DRAIN_LIMIT = 64L << 20;

  private final Server server;
  private final ServerConnector connector;
  private final SslContextFactory.Server ssl;
  private final ExecutorService judges;
  private final ScheduledExecutorService reloader;
  private final AdmissionReviewHandler handler;
  private final AdmissionMetrics metrics;
  private final long maxBody;
  private final String selfSignedPem;
  private volatile boolean ready;

  /**
   * Where the serving certificate comes from: PEM files ({@code cert} and {@code key} both set),
   * or, with both {@code null}, a self-signed certificate generated at start.
   */
  public record Tls(Path cert, Path key) {
    public Tls {
      if ((cert == null) != (key == null)) {
        throw new IllegalArgumentException("--tls-cert and --tls-key go together");
      }
    }

    public static Tls selfSigned() {
      return new Tls(null, null);
    }
  }

  private AdmissionServer(
      AdmissionConfig config,
      RegistryClient client,
      String host,
      int port,
      Tls tls,
      Duration reloadInterval,
      ImageSightings sightings)
      throws IOException {
    this.maxBody = config.maxBodyBytes();
    this.judges = Executors.newFixedThreadPool(64, daemon("drydock-judge-"));
    ImageJudge judge = new ImageJudge(config, client, Clock.systemUTC(), judges);
    this.handler = new AdmissionReviewHandler(config, judge, sightings);
    this.metrics = new AdmissionMetrics(judge);
    KeyStore ks;
    if (tls.cert() == null) {
      TlsMaterial.SelfSigned s = TlsMaterial.selfSigned();
      ks = s.keyStore();
      selfSignedPem = s.pem();
    } else {
      ks = TlsMaterial.load(tls.cert(), tls.key());
      selfSignedPem = null;
    }
    ssl = new SslContextFactory.Server();
    ssl.setKeyStore(ks);
    ssl.setKeyStorePassword(TlsMaterial.PASSWORD);
    ssl.setKeyManagerPassword(TlsMaterial.PASSWORD);
    ssl.setIncludeProtocols("TLSv1.2", "TLSv1.3");
    QueuedThreadPool pool = new QueuedThreadPool(200, 4);
    pool.setName("drydock-http");
    pool.setDaemon(true);
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // The API server calls by service DNS name, tests and probes by IP: no SNI host check.
    http.addCustomizer(new SecureRequestCustomizer(false));
    connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Router());
    server.setStopTimeout(5_000);
    reloader = Executors.newSingleThreadScheduledExecutor(daemon("drydock-tls-reload-"));
    if (tls.cert() != null) {
      CertWatch watch = new CertWatch(tls.cert(), tls.key());
      long ms = reloadInterval.toMillis();
      reloader.scheduleWithFixedDelay(watch, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Starts serving.
   *
   * @param host the address to bind, {@code null} or empty for all
   * @param port the port, 0 for any free one
   * @param client the registry client (its timeouts bound every registry call); not closed here
   * @throws IOException the certificate cannot be read or the port cannot be bound
   */
  public static AdmissionServer start(
      AdmissionConfig config,
      RegistryClient client,
      String host,
      int port,
      Tls tls,
      Duration reloadInterval)
      throws IOException {
    return start(config, client, host, port, tls, reloadInterval, ImageSightings.NONE);
  }

  /** {@link #start} telling {@code sightings} of every decided image. */
  public static AdmissionServer start(
      AdmissionConfig config,
      RegistryClient client,
      String host,
      int port,
      Tls tls,
      Duration reloadInterval,
      ImageSightings sightings)
      throws IOException {
    AdmissionServer s =
        new AdmissionServer(config, client, host, port, tls, reloadInterval, sightings);
    try {
      s.server.start();
    } catch (Exception e) {
      s.close();
      throw new IOException(
          "listening on "
              + (host == null || host.isEmpty() ? "*" : host)
              + ":"
              + port
              + ": "
              + e.getMessage(),
          e);
    }
    s.warmUp();
    s.ready = true;
    return s;
  }

  /** Requests run through the handler before {@code /readyz} says ready. */
  static final int WARM_UP_REQUESTS = 3_000;

  /**
   * Runs {@link #WARM_UP_REQUESTS} AdmissionReviews that need no registry (a Pod without
   * containers: parsed, walked, answered and patched like any other) through the handler, so the
   * JIT has compiled the request path before the API server's traffic arrives: a fresh JVM at full
   * rate stalled for about 2 s in the benchmark. Takes well under a second; readiness waits for it.
   */
  private void warmUp() {
    byte[] review =
        ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
                + "\"uid\":\"warm-up\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":"
                + "\"Pod\"},\"operation\":\"CREATE\",\"namespace\":\"warm-up\","
                + "\"userInfo\":{\"username\":\"warm-up\"},\"object\":{\"metadata\":{\"name\":"
                + "\"w\"},\"spec\":{\"containers\":[]}}}}")
            .getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < WARM_UP_REQUESTS; i++) {
      handler.handle(review, (i & 1) == 0);
    }
  }

  /** The bound port. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The self-signed certificate in PEM when one was generated, else {@code null}. */
  public String selfSignedCertificate() {
    return selfSignedPem;
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops: {@code /readyz} fails first, then connections drain (up to 5 s). Idempotent. */
  @Override
  public void close() {
    ready = false;
    reloader.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the admission server: {}", e.toString());
    }
    judges.shutdownNow();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private final class Router extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long started = request.getBeginNanoTime();
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      switch (path) {
        case "/validate", "/mutate" -> {
          if (!method.equals("POST")) {
            return text(response, callback, 405, "use POST\n");
          }
          boolean mutate = path.equals("/mutate");
          AdmissionReviewHandler.Outcome o = admit(request, mutate, started);
          if (o == null) { // the client went away before its body arrived: nobody to answer
            callback.succeeded();
            return true;
          }
          metrics.record(path.substring(1), o.result(), System.nanoTime() - started);
          return send(response, callback, o.status(), "application/json", o.body());
        }
        case "/healthz" -> {
          return text(response, callback, 200, "ok\n");
        }
        case "/readyz" -> {
          return ready
              ? text(response, callback, 200, "ok\n")
              : text(response, callback, 503, "not ready\n");
        }
        case "/metrics" -> {
          return send(response, callback, 200, metrics.contentType(), metrics.scrape());
        }
        default -> {
          return text(response, callback, 404, "not found: " + path + "\n");
        }
      }
    }

    /** The answer, or {@code null} when the body could not be read (client gone). */
    private AdmissionReviewHandler.Outcome admit(Request request, boolean mutate, long arrived) {
      long length = request.getLength();
      byte[] body;
      try (InputStream in = Content.Source.asInputStream(request)) {
        body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
        if (body.length > maxBody) {
          // Read (and drop) a bounded rest, so the client finishes sending and reads the 413
          // instead of a reset connection; beyond that the connection is simply closed.
          long left = DRAIN_LIMIT;
          while (left > 0) {
            long n = in.skip(Math.min(left, 1 << 16));
            if (n <= 0 && in.read() < 0) {
              break;
            }
            left -= Math.max(n, 1);
          }
          return tooLarge(length);
        }
      } catch (IOException e) {
        LOG.debug("admission: reading the request body failed: {}", e.toString());
        return null;
      }
      return handler.handle(body, mutate, arrived);
    }

    private AdmissionReviewHandler.Outcome tooLarge(long length) {
      String why =
          "the request body "
              + (length >= 0 ? "of " + length + " bytes " : "")
              + "is over the limit of "
              + maxBody
              + " bytes";
      String json =
          "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":"
              + "{\"uid\":\"\",\"allowed\":false,\"status\":{\"code\":413,\"message\":\"drydock: "
              + why
              + "\"}}}";
      LOG.warn("admission: {}", why);
      return new AdmissionReviewHandler.Outcome(
          413, json.getBytes(StandardCharsets.UTF_8), "malformed");
    }

    private boolean text(Response response, Callback callback, int status, String body) {
      return send(
          response,
          callback,
          status,
          "text/plain; charset=utf-8",
          body.getBytes(StandardCharsets.UTF_8));
    }

    private boolean send(
        Response response, Callback callback, int status, String type, byte[] body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
      return true;
    }
  }

  /** Re-reads the certificate files and switches the connector when their content changed. */
  private final class CertWatch implements Runnable {
    private final Path cert;
    private final Path key;
    private byte[] seen;

    CertWatch(Path cert, Path key) {
      this.cert = Objects.requireNonNull(cert);
      this.key = Objects.requireNonNull(key);
      this.seen = fingerprint();
    }

    private byte[] fingerprint() {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(Files.readAllBytes(cert));
        md.update((byte) 0);
        md.update(Files.readAllBytes(key));
        return md.digest();
      } catch (IOException | NoSuchAlgorithmException e) {
        return null;
      }
    }

    @Override
    public void run() {
      byte[] now = fingerprint();
      if (now == null || Arrays.equals(now, seen)) {
        return; // unreadable mid-rotation, or unchanged: keep serving what we have
      }
      try {
        KeyStore ks = TlsMaterial.load(cert, key);
        ssl.reload(f -> f.setKeyStore(ks));
        seen = now;
        LOG.info("reloaded the serving certificate from {}", cert);
      } catch (Exception e) {
        LOG.warn(
            "the changed certificate files are not usable yet, keeping the old: {}",
            e.getMessage());
      }
    }
  }
}
