package io.drydock.oci.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link RegistryClient} is configured with, for one CLI run. Immutable; change it
 * with the {@code with*} methods, starting from {@link #defaults()}.
 *
 * <p><b>Transport security.</b> Every registry needs TLS verified against the JDK's trust store
 * plus {@link #caCertificates()}, except:
 *
 * <ul>
 *   <li>hosts named in {@link #insecureRegistries()} ({@code --insecure}): HTTPS without
 *       certificate or host-name verification first (at most 10 s for that probe), plain HTTP if
 *       the TLS handshake fails (loopback hosts: plain HTTP first, as below);
 *   <li>loopback registries ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}, see {@link
 *       io.drydock.oci.ImageRef#isLoopbackRegistry()}): plain HTTP first, and HTTPS (verified) when
 *       the server says it speaks TLS — the {@code 400 "Client sent an HTTP request to an HTTPS
 *       server"} answer of Go and nginx servers, or a dropped connection. HTTP first, rather than
 *       Docker's HTTPS first, because a plain HTTP server can leave a TLS handshake hanging until a
 *       timeout while a TLS server answers a plain request at once.
 * </ul>
 *
 * <p><b>Credentials</b> come, in this order, from {@link #credentials()} ({@code
 * --username/--password}), the environment ({@code DRYDOCK_USERNAME}/{@code DRYDOCK_PASSWORD}),
 * then the auth file (see {@link CredentialResolver}). Explicit and environment credentials apply
 * to every registry the run talks to.
 *
 * @param insecureRegistries {@code host} or {@code host:port}; a bare host matches every port
 * @param caCertificates PEM files of extra CAs to trust (besides the JDK's)
 * @param credentials explicit credentials, or {@code null}
 * @param environment the process environment (injectable for tests): {@code DRYDOCK_USERNAME},
 *     {@code DRYDOCK_PASSWORD}, {@code REGISTRY_AUTH_FILE}, {@code DOCKER_CONFIG}, {@code HOME},
 *     {@code PATH} (where credential helpers are looked up)
 * @param authFile an explicit docker {@code config.json} / podman {@code auth.json}, or {@code
 *     null} to find it from the environment
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout longest wait for the response headers of one request, and for each next
 *     piece of a response body (a stalled download fails; a slow one does not)
 * @param retry retry policy for 429/502/503/504 and I/O errors
 * @param sleeper how to wait between retries
 * @param userAgent {@code User-Agent} header
 * @param chunkSize bytes per PATCH in a chunked upload
 * @param chunkThreshold blobs larger than this are uploaded in chunks ({@code 0}: always chunked)
 */
public record RegistryOptions(
    Set<String> insecureRegistries,
    List<Path> caCertificates,
    Credentials credentials,
    Map<String, String> environment,
    Path authFile,
    Duration connectTimeout,
    Duration requestTimeout,
    RetryPolicy retry,
    RetryPolicy.Sleeper sleeper,
    String userAgent,
    long chunkSize,
    long chunkThreshold) {

  /** Drydock's version as the jar manifest states it, {@code dev} when run from classes. */
  public static final String VERSION =
      Objects.requireNonNullElse(
          RegistryOptions.class.getPackage().getImplementationVersion(), "dev");

  public RegistryOptions {
    insecureRegistries = Set.copyOf(insecureRegistries);
    caCertificates = List.copyOf(caCertificates);
    environment = Map.copyOf(environment);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(userAgent, "userAgent");
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
    }
  }

  /** TLS everywhere but loopback, no extra CAs, the process environment, default retries. */
  public static RegistryOptions defaults() {
    return new RegistryOptions(
        Set.of(),
        List.of(),
        null,
        System.getenv(),
        null,
        Duration.ofSeconds(15),
        Duration.ofSeconds(60),
        RetryPolicy.DEFAULT,
        RetryPolicy.Sleeper.REAL,
        "drydock/" + VERSION,
        16L << 20,
        64L << 20);
  }

  /** Adds {@code --insecure} hosts. */
  public RegistryOptions withInsecure(String... hosts) {
    Set<String> s = new LinkedHashSet<>(insecureRegistries);
    for (String h : hosts) {
      s.add(h.toLowerCase(Locale.ROOT));
    }
    return copy(c -> c.insecureRegistries = s);
  }

  /** Adds {@code --ca-cert} PEM files. */
  public RegistryOptions withCaCertificates(Path... pems) {
    List<Path> l = new ArrayList<>(caCertificates);
    l.addAll(List.of(pems));
    return copy(c -> c.caCertificates = l);
  }

  /** Explicit credentials ({@code --username/--password}); {@code null} removes them. */
  public RegistryOptions withCredentials(Credentials credentials) {
    return copy(c -> c.credentials = credentials);
  }

  public RegistryOptions withCredentials(String username, String password) {
    return withCredentials(Credentials.basic(username, password));
  }

  /** Replaces the environment (tests: an isolated {@code HOME}, {@code PATH}, ...). */
  public RegistryOptions withEnvironment(Map<String, String> env) {
    return copy(c -> c.environment = env);
  }

  /** An explicit auth file ({@code --authfile}); {@code null} finds it from the environment. */
  public RegistryOptions withAuthFile(Path file) {
    return copy(c -> c.authFile = file);
  }

  public RegistryOptions withTimeouts(Duration connect, Duration request) {
    return copy(
        c -> {
          c.connectTimeout = connect;
          c.requestTimeout = request;
        });
  }

  public RegistryOptions withRetry(RetryPolicy policy) {
    return copy(c -> c.retry = policy);
  }

  public RegistryOptions withSleeper(RetryPolicy.Sleeper s) {
    return copy(c -> c.sleeper = s);
  }

  public RegistryOptions withUserAgent(String ua) {
    return copy(c -> c.userAgent = ua);
  }

  /** Chunked uploads: {@code size} bytes per PATCH, for blobs over {@code threshold} bytes. */
  public RegistryOptions withChunking(long size, long threshold) {
    return copy(
        c -> {
          c.chunkSize = size;
          c.chunkThreshold = threshold;
        });
  }

  /** This record with the fields {@code change} sets replaced: the one place withers build. */
  private RegistryOptions copy(java.util.function.Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new RegistryOptions(
        f.insecureRegistries,
        f.caCertificates,
        f.credentials,
        f.environment,
        f.authFile,
        f.connectTimeout,
        f.requestTimeout,
        f.retry,
        f.sleeper,
        f.userAgent,
        f.chunkSize,
        f.chunkThreshold);
  }

  /** The record's components as mutable fields, for {@link #copy}. */
  private static final class Fields {
    Set<String> insecureRegistries;
    List<Path> caCertificates;
    Credentials credentials;
    Map<String, String> environment;
    Path authFile;
    Duration connectTimeout;
    Duration requestTimeout;
    RetryPolicy retry;
    RetryPolicy.Sleeper sleeper;
    String userAgent;
    long chunkSize;
    long chunkThreshold;

    Fields(RegistryOptions o) {
      insecureRegistries = o.insecureRegistries;
      caCertificates = o.caCertificates;
      credentials = o.credentials;
      environment = o.environment;
      authFile = o.authFile;
      connectTimeout = o.connectTimeout;
      requestTimeout = o.requestTimeout;
      retry = o.retry;
      sleeper = o.sleeper;
      userAgent = o.userAgent;
      chunkSize = o.chunkSize;
      chunkThreshold = o.chunkThreshold;
    }
  }

  /** An {@code --insecure} entry that names every registry ({@code --insecure} without a value). */
  public static final String ALL = "*";

  /** Whether {@code --insecure} names {@code hostPort} (or its host without the port). */
  public boolean isInsecure(String hostPort) {
    String h = hostPort.toLowerCase(Locale.ROOT);
    if (insecureRegistries.contains(h) || insecureRegistries.contains(ALL)) {
      return true;
    }
    int colon = h.lastIndexOf(':');
    return colon > 0 && !h.endsWith("]") && insecureRegistries.contains(h.substring(0, colon));
  }
}
