package io.drydock.oci.registry;

import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP side of {@link RegistryClient}: scheme choice per registry, the 401 challenge, tokens,
 * retries and redirects. Thread-safe: per-registry state is set up once under the endpoint's lock,
 * tokens live in a concurrent map keyed by registry and scope set.
 */
final class RegistryTransport {
  static final Set<Integer> RETRY_STATUS = Set.of(429, 502, 503, 504);
  static final int MAX_REDIRECTS = 5;
  private static final int MAX_ERROR_BODY = 8 * 1024;
  private static final int MAX_TOKEN_BODY = 1024 * 1024;
  private static final Duration MIN_TOKEN_LIFETIME = Duration.ofSeconds(60);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private final RegistryOptions options;
  private final CredentialResolver resolver;

  /** How a request reaches its host: plain HTTP, verified TLS, or TLS for an insecure host. */
  private enum Kind {
    PLAIN,
    VERIFIED,
    INSECURE
  }

  private final java.util.EnumMap<Kind, HttpClient> clients = new java.util.EnumMap<>(Kind.class);
  private final java.util.EnumMap<Kind, javax.net.ssl.SSLContext> tls =
      new java.util.EnumMap<>(Kind.class);
  private final ConcurrentHashMap<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();

  static {
    // java.net.http reads responses in 16 KiB buffers by default; 128 KiB cut a cold 53 MB pull
    // by about 0.2 s here (BENCHMARKS.md). Read once, when the first client is built; a value the
    // user set wins.
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", Integer.toString(128 * 1024));
    }
  }

  RegistryTransport(RegistryOptions options) throws IOException {
    this.options = options;
    this.resolver = CredentialResolver.from(options);
    if (!options.caCertificates().isEmpty()) {
      // Built now so that a bad --ca-cert file fails before any request.
      tls.put(Kind.VERIFIED, TlsContexts.verified(options.caCertificates()));
    }
  }

  /*
   * TLS contexts and java.net.http clients are built on first use: loading the JDK trust store
   * and starting a client cost about 0.2 s each of a short command, and a pull of a loopback
   * registry needs neither (GET and HEAD go through UrlConnectionExchange).
   */
  private synchronized javax.net.ssl.SSLContext tls(Kind kind) {
    javax.net.ssl.SSLContext ctx = tls.get(kind);
    if (ctx == null) {
      try {
        ctx =
            switch (kind) {
              case PLAIN -> TlsContexts.trustNothing();
              case VERIFIED -> TlsContexts.verified(options.caCertificates());
              case INSECURE -> TlsContexts.trustAll();
            };
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      tls.put(kind, ctx);
    }
    return ctx;
  }

  private synchronized HttpClient client(Kind kind) {
    return clients.computeIfAbsent(kind, k -> client(tls(k)));
  }

  private HttpClient client(javax.net.ssl.SSLContext ssl) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(options.connectTimeout())
        .sslContext(ssl)
        .build();
  }

  RegistryOptions options() {
    return options;
  }

  /** Opens a fresh request body for each attempt. */
  @FunctionalInterface
  interface Body {
    HttpRequest.BodyPublisher open() throws IOException;
  }

  /**
   * One logical request. {@code target} is a path ({@code /v2/...}) on the registry, or an absolute
   * URL (upload locations). {@code what} names the operation in errors ("manifest x/y:z").
   */
  record Call(
      String method,
      ImageRef repo,
      String target,
      Map<String, String> headers,
      Body body,
      List<String> scopes,
      String what,
      boolean followRedirects) {

    static Call get(ImageRef repo, String target, String what, List<String> scopes) {
      return new Call("GET", repo, target, Map.of(), null, scopes, what, false);
    }

    Call withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Call(method, repo, target, h, body, scopes, what, followRedirects);
    }

    Call withMethod(String m) {
      return new Call(m, repo, target, headers, body, scopes, what, followRedirects);
    }

    Call withBody(Body b) {
      return new Call(method, repo, target, headers, b, scopes, what, followRedirects);
    }

    Call withRedirects() {
      return new Call(method, repo, target, headers, body, scopes, what, true);
    }
  }

  static final class Endpoint {
    final String registry;
    final String apiHost;
    final boolean loopback;
    final boolean insecure;
    volatile URI base;
    volatile AuthChallenge challenge;
    volatile boolean ready;
    private Optional<Credentials> credentials;

    Endpoint(String registry, String apiHost, boolean loopback, boolean insecure) {
      this.registry = registry;
      this.apiHost = apiHost;
      this.loopback = loopback;
      this.insecure = insecure;
    }
  }

  private record Token(String value, Instant expires) {}

  static String pull(ImageRef repo) {
    return "repository:" + repo.repository() + ":pull";
  }

  static String push(ImageRef repo) {
    return "repository:" + repo.repository() + ":pull,push";
  }

  Endpoint endpoint(ImageRef ref) {
    return endpoints.computeIfAbsent(
        ref.apiHost(),
        h -> new Endpoint(ref.registry(), h, ref.isLoopbackRegistry(), options.isInsecure(h)));
  }

  /** Pings the registry once (scheme choice, auth challenge); later calls return at once. */
  Endpoint ready(ImageRef ref) throws IOException {
    Endpoint ep = endpoint(ref);
    if (ep.ready) {
      return ep;
    }
    synchronized (ep) {
      if (ep.ready) {
        return ep;
      }
      List<String> schemes =
          ep.loopback
              ? List.of("http", "https")
              : ep.insecure ? List.of("https", "http") : List.of("https");
      for (int i = 0; i < schemes.size(); i++) {
        String scheme = schemes.get(i);
        boolean hasNext = i + 1 < schemes.size();
        URI base = URI.create(scheme + "://" + ep.apiHost);
        URI uri = base.resolve("/v2/");
        // a probe that has a fallback gets at most 10 s: a plain HTTP server may leave a TLS
        // handshake hanging
        Duration timeout =
            hasNext && options.requestTimeout().compareTo(PROBE_TIMEOUT) > 0
                ? PROBE_TIMEOUT
                : options.requestTimeout();
        HttpResponse<InputStream> r;
        try {
          r =
              retrying(
                  "GET",
                  uri,
                  "ping of registry " + ep.registry,
                  () -> exchange(ep, uri, request(uri, "GET", Map.of(), null, null, timeout)));
        } catch (RegistryException e) {
          throw e;
        } catch (IOException e) {
          if (hasNext && worthFallback(e, scheme)) {
            continue;
          }
          throw describe(e, "GET", uri, ep, "ping of registry " + ep.registry);
        }
        int s = r.statusCode();
        if (s == 400 && scheme.equals("http") && hasNext) {
          String body = readErrorBody(r);
          if (body.toLowerCase(Locale.ROOT).contains("https")) {
            continue; // "Client sent an HTTP request to an HTTPS server"
          }
          throw statusError("ping of registry " + ep.registry, "GET", uri, s, r, body, ep, null);
        }
        AuthChallenge challenge = null;
        if (s == 401) {
          challenge = AuthChallenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(null));
          discard(r);
          if (challenge == null || !(challenge.isBasic() || challenge.isBearer())) {
            throw new RegistryException(
                "registry "
                    + ep.registry
                    + " answered GET "
                    + uri
                    + " with 401 and no Basic or Bearer challenge",
                401,
                null);
          }
        } else if (s == 200) {
          discard(r);
        } else if (s == 404) {
          discard(r);
          throw new RegistryException(
              ep.registry + " is not a container registry: GET " + uri + " answered HTTP 404",
              404,
              null);
        } else {
          throw statusError(
              "ping of registry " + ep.registry, "GET", uri, s, r, readErrorBody(r), ep, null);
        }
        ep.base = base;
        ep.challenge = challenge;
        ep.ready = true;
        return ep;
      }
      throw new RegistryException("registry " + ep.registry + " answered neither HTTP nor HTTPS");
    }
  }

  private static boolean worthFallback(IOException e, String scheme) {
    if (scheme.equals("https")) {
      return hasCause(e, SSLException.class) && !isCertificateProblem(e);
    }
    // plain HTTP to a TLS server that just drops the connection (not refused, not unknown host)
    return !hasCause(e, ConnectException.class)
        && !hasCause(e, UnknownHostException.class)
        && !hasCause(e, java.nio.channels.UnresolvedAddressException.class)
        && !(e instanceof HttpConnectTimeoutException);
  }

  /**
   * Sends {@code call} with authentication, retries and (for GET/HEAD when asked) redirects. The
   * caller owns the returned response's body stream and must close it. 401 after one
   * re-authentication becomes a {@link RegistryException} with the login hint; other statuses are
   * returned as they are.
   */
  HttpResponse<InputStream> send(Call call) throws IOException {
    Endpoint ep = ready(call.repo());
    URI uri = ep.base.resolve(call.target());
    List<String> scopes = new ArrayList<>(call.scopes());
    try {
      return authenticated(ep, call, uri, scopes);
    } catch (RegistryException e) {
      throw e;
    } catch (IOException e) {
      throw describe(e, call.method(), uri, ep, call.what());
    }
  }

  private HttpResponse<InputStream> authenticated(
      Endpoint ep, Call call, URI uri, List<String> scopes) throws IOException {
    HttpResponse<InputStream> r =
        retrying(call.method(), uri, call.what(), () -> dispatch(ep, call, uri, scopes, false));
    if (r.statusCode() != 401) {
      return r;
    }
    AuthChallenge challenge =
        AuthChallenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(null));
    discard(r);
    boolean retry = false;
    if (challenge != null && challenge.isBearer()) {
      String scope = challenge.param("scope");
      if (scope != null) {
        for (String sc : scope.split(" ")) {
          if (!sc.isBlank() && !scopes.contains(sc)) {
            scopes.add(sc);
          }
        }
      }
      if (ep.challenge == null || !ep.challenge.isBearer()) {
        ep.challenge = challenge;
      }
      tokens.remove(tokenKey(ep, scopes));
      retry = true;
    } else if (challenge != null && challenge.isBasic() && ep.challenge == null) {
      ep.challenge = challenge;
      retry = credentials(ep).isPresent();
    }
    if (retry) {
      r = retrying(call.method(), uri, call.what(), () -> dispatch(ep, call, uri, scopes, true));
      if (r.statusCode() != 401) {
        return r;
      }
      challenge = AuthChallenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(null));
      discard(r);
    }
    throw authError(ep, call.repo(), challenge);
  }

  private HttpResponse<InputStream> dispatch(
      Endpoint ep, Call call, URI first, List<String> scopes, boolean fresh)
      throws IOException, InterruptedException {
    String auth = authorization(ep, call, scopes, fresh);
    URI uri = first;
    for (int hop = 0; ; hop++) {
      boolean sameOrigin = sameOrigin(uri, ep.base);
      HttpRequest req =
          request(
              uri,
              hop == 0 || call.method().equals("HEAD") ? call.method() : "GET",
              call.headers(),
              hop == 0 && call.body() != null ? call.body().open() : null,
              sameOrigin ? auth : null,
              options.requestTimeout());
      HttpResponse<InputStream> r = exchange(ep, uri, req);
      int s = r.statusCode();
      boolean redirect = s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
      Optional<String> location = r.headers().firstValue("Location");
      if (!call.followRedirects() || !redirect || location.isEmpty()) {
        return r;
      }
      discard(r);
      if (hop >= MAX_REDIRECTS) {
        throw new RegistryException(
            call.what() + ": more than " + MAX_REDIRECTS + " redirects, last to " + location.get(),
            s,
            null);
      }
      URI next = uri.resolve(location.get().trim());
      String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        throw new RegistryException(call.what() + ": redirect to unsupported URL " + next, s, null);
      }
      if (scheme.equals("http") && uri.getScheme().equals("https") && !isLoopbackHost(next)) {
        throw new RegistryException(
            call.what() + ": refusing redirect from HTTPS to plain HTTP URL " + next, s, null);
      }
      uri = next;
    }
  }

  private static boolean isLoopbackHost(URI u) {
    String h = u.getHost();
    return h != null
        && (h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1"));
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private Kind kindFor(Endpoint ep, URI uri) {
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      return Kind.PLAIN;
    }
    if (!options.insecureRegistries().isEmpty()) {
      String authority = uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
      if ((ep.insecure && authority.equalsIgnoreCase(ep.apiHost))
          || options.isInsecure(authority)) {
        return Kind.INSECURE;
      }
    }
    return Kind.VERIFIED;
  }

  private HttpRequest request(
      URI uri,
      String method,
      Map<String, String> headers,
      HttpRequest.BodyPublisher body,
      String auth,
      Duration timeout) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", options.userAgent());
    headers.forEach(b::header);
    if (auth != null) {
      b.header("Authorization", auth);
    }
    b.method(method, body != null ? body : HttpRequest.BodyPublishers.noBody());
    return b.build();
  }

  /**
   * Sends one request: GET/HEAD over {@link UrlConnectionExchange}, the rest over java.net.http.
   */
  private HttpResponse<InputStream> exchange(Endpoint ep, URI uri, HttpRequest req)
      throws IOException, InterruptedException {
    Kind kind = kindFor(ep, uri);
    if (UrlConnectionExchange.handles(req)) {
      return UrlConnectionExchange.send(
          req,
          kind == Kind.PLAIN ? null : tls(kind),
          kind == Kind.INSECURE,
          options.connectTimeout());
    }
    return client(kind).send(req, bodyHandler());
  }

  /** Bodies as streams that fail after {@link RegistryOptions#requestTimeout()} without data. */
  private HttpResponse.BodyHandler<InputStream> bodyHandler() {
    return IdleTimeoutBody.handler(options.requestTimeout());
  }

  // ---------------------------------------------------------------- authentication

  Optional<Credentials> credentials(Endpoint ep) throws IOException {
    synchronized (ep) {
      if (ep.credentials == null) {
        ep.credentials = resolver.resolve(ep.registry);
      }
      return ep.credentials;
    }
  }

  private String authorization(Endpoint ep, Call call, List<String> scopes, boolean fresh)
      throws IOException {
    AuthChallenge ch = ep.challenge;
    if (ch == null) {
      return null;
    }
    if (ch.isBasic()) {
      Optional<Credentials> c = credentials(ep);
      if (c.isEmpty() || c.get().password() == null) {
        return null;
      }
      return "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  (c.get().username() + ":" + c.get().password()).getBytes(StandardCharsets.UTF_8));
    }
    String key = tokenKey(ep, scopes);
    Token t = tokens.get(key);
    if (!fresh && t != null && Instant.now().isBefore(t.expires())) {
      return "Bearer " + t.value();
    }
    synchronized (ep) {
      t = tokens.get(key);
      if (!fresh && t != null && Instant.now().isBefore(t.expires())) {
        return "Bearer " + t.value();
      }
      t = fetchToken(ep, ch, scopes, call.repo());
      tokens.put(key, t);
      return "Bearer " + t.value();
    }
  }

  private static String tokenKey(Endpoint ep, List<String> scopes) {
    return ep.apiHost + " " + String.join(" ", new TreeSet<>(scopes));
  }

  private Token fetchToken(Endpoint ep, AuthChallenge ch, List<String> scopes, ImageRef repo)
      throws IOException {
    String realm = ch.param("realm");
    if (realm == null || realm.isBlank()) {
      throw new RegistryException(
          "registry " + ep.registry + " sent a Bearer challenge without a realm");
    }
    URI realmUri;
    try {
      realmUri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(
          "registry " + ep.registry + " sent an invalid token realm \"" + realm + "\"");
    }
    if (!"https".equalsIgnoreCase(realmUri.getScheme())
        && !"http".equalsIgnoreCase(realmUri.getScheme())) {
      throw new RegistryException(
          "registry " + ep.registry + " sent an unsupported token realm \"" + realm + "\"");
    }
    Optional<Credentials> creds = credentials(ep);
    String service = ch.param("service");
    StringBuilder q = new StringBuilder();
    HttpRequest.Builder b =
        HttpRequest.newBuilder()
            .timeout(options.requestTimeout())
            .header("User-Agent", options.userAgent());
    URI uri;
    String method;
    if (creds.isPresent() && creds.get().hasIdentityToken()) {
      // OAuth2 refresh-token grant, as Docker does with an identity token
      appendParam(q, "grant_type", "refresh_token");
      if (service != null) {
        appendParam(q, "service", service);
      }
      appendParam(q, "client_id", "drydock");
      appendParam(q, "refresh_token", creds.get().identityToken());
      if (!scopes.isEmpty()) {
        appendParam(q, "scope", String.join(" ", scopes));
      }
      uri = realmUri;
      method = "POST";
      b.uri(uri)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(q.toString()));
    } else {
      if (service != null) {
        appendParam(q, "service", service);
      }
      for (String s : scopes) {
        appendParam(q, "scope", s);
      }
      String sep = realmUri.getRawQuery() == null ? "?" : "&";
      uri = URI.create(realm + (q.length() == 0 ? "" : sep + q));
      method = "GET";
      b.uri(uri).GET();
      if (creds.isPresent()) {
        b.header(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (creds.get().username() + ":" + creds.get().password())
                            .getBytes(StandardCharsets.UTF_8)));
      }
    }
    HttpRequest req = b.build();
    String what = "token request to " + realmUri.getHost() + " for registry " + ep.registry;
    HttpResponse<InputStream> r = retrying(method, uri, what, () -> exchange(ep, uri, req));
    int s = r.statusCode();
    if (s == 401 || s == 403) {
      discard(r);
      throw authError(ep, repo, null);
    }
    if (s != 200) {
      throw statusError(what, method, realmUri, s, r, readErrorBody(r), ep, repo);
    }
    byte[] body;
    try (InputStream in = r.body()) {
      body = in.readNBytes(MAX_TOKEN_BODY + 1);
    }
    if (body.length > MAX_TOKEN_BODY) {
      throw new RegistryException(what + ": answer larger than " + MAX_TOKEN_BODY + " bytes");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new RegistryException(what + ": answer is not valid JSON");
    }
    String token = textOrNull(node, "token");
    if (token == null || token.isEmpty()) {
      token = textOrNull(node, "access_token");
    }
    if (token == null || token.isEmpty()) {
      throw new RegistryException(what + ": answer has no token or access_token");
    }
    Duration life = MIN_TOKEN_LIFETIME;
    JsonNode exp = node.get("expires_in");
    if (exp != null && exp.canConvertToLong() && exp.asLong() > 60) {
      life = Duration.ofSeconds(Math.min(exp.asLong(), 24 * 3600));
    }
    // renew a little early so a token does not expire between the check and the request
    return new Token(token, Instant.now().plus(life).minusSeconds(10));
  }

  private static void appendParam(StringBuilder q, String k, String v) {
    if (q.length() > 0) {
      q.append('&');
    }
    q.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
  }

  RegistryException authError(Endpoint ep, ImageRef repo, AuthChallenge challenge)
      throws IOException {
    Optional<Credentials> c = credentials(ep);
    String repoName = repo == null ? "" : " for " + repo.repository();
    if (c.isEmpty()) {
      return new RegistryException(
          "registry "
              + ep.registry
              + " requires authentication"
              + repoName
              + ": run 'docker login "
              + ep.registry
              + "' or pass --username/--password (or set DRYDOCK_USERNAME/DRYDOCK_PASSWORD)",
          401,
          null);
    }
    if (challenge != null && "insufficient_scope".equals(challenge.param("error"))) {
      return new RegistryException(
          "registry "
              + ep.registry
              + " denied user "
              + c.get().username()
              + " access"
              + repoName
              + " (insufficient scope "
              + challenge.param("scope")
              + ")",
          401,
          null);
    }
    return new RegistryException(
        "registry " + ep.registry + " rejected the credentials for user " + c.get().username(),
        401,
        null);
  }

  // ---------------------------------------------------------------- retries

  @FunctionalInterface
  interface Attempt {
    HttpResponse<InputStream> run() throws IOException, InterruptedException;
  }

  /**
   * Runs {@code attempt} until it answers something other than 429/502/503/504, or an I/O error
   * that is not worth retrying, or the attempts are used up (then a {@link RegistryException}
   * naming the URL and the last status).
   */
  HttpResponse<InputStream> retrying(String method, URI uri, String what, Attempt attempt)
      throws IOException {
    int max = options.retry().maxAttempts();
    for (int n = 1; ; n++) {
      HttpResponse<InputStream> r;
      try {
        r = attempt.run();
      } catch (RegistryException e) {
        throw e;
      } catch (IOException e) {
        if (n < max && retryable(e)) {
          sleep(options.retry().backoff(n));
          continue;
        }
        if (n > 1) {
          throw new RegistryException(
              what + ": " + method + " " + uri + " failed after " + n + " attempts: " + brief(e),
              0,
              e);
        }
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(what + ": interrupted");
      }
      int s = r.statusCode();
      if (!RETRY_STATUS.contains(s)) {
        return r;
      }
      if (n >= max) {
        String body = readErrorBody(r);
        throw new RegistryException(
            what
                + ": "
                + method
                + " "
                + r.uri()
                + " answered HTTP "
                + s
                + errorDetail(r, body)
                + (max > 1 ? " after " + max + " attempts" : ""),
            s,
            null);
      }
      Duration delay =
          retryAfter(r.headers().firstValue("Retry-After").orElse(null))
              .map(options.retry()::cap)
              .orElse(options.retry().backoff(n));
      discard(r);
      sleep(delay);
    }
  }

  private void sleep(Duration d) throws InterruptedIOException {
    try {
      options.sleeper().sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }

  private static boolean retryable(IOException e) {
    return !(hasCause(e, ConnectException.class)
        || hasCause(e, UnknownHostException.class)
        || hasCause(e, java.nio.channels.UnresolvedAddressException.class)
        || hasCause(e, SSLException.class)
        || e instanceof HttpConnectTimeoutException
        || e instanceof InterruptedIOException && !(e instanceof HttpTimeoutException));
  }

  /** {@code Retry-After}: delta seconds or an HTTP date. */
  static Optional<Duration> retryAfter(String v) {
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    String s = v.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(s))));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(Instant.now(), when.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  // ---------------------------------------------------------------- errors and bodies

  static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCertificateProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException
          || (t.getMessage() != null
              && (t.getMessage().contains("PKIX")
                  || t.getMessage().contains("certificate")
                  || t.getMessage().contains("subject alternative")))) {
        return true;
      }
    }
    return false;
  }

  /** A one-line message for an I/O failure talking to {@code ep}. */
  RegistryException describe(IOException e, String method, URI uri, Endpoint ep, String what) {
    if (e instanceof RegistryException re) {
      return re;
    }
    String host = ep.registry;
    String msg;
    if (hasCause(e, SSLException.class)) {
      if (isCertificateProblem(e)) {
        msg =
            "TLS certificate of registry "
                + host
                + " is not trusted ("
                + rootMessage(e)
                + "): pass its CA with --ca-cert <pem>, or --insecure "
                + host
                + " to skip verification";
      } else if (hasCause(e, SSLHandshakeException.class)) {
        msg = "TLS handshake with registry " + host + " failed: " + rootMessage(e);
      } else {
        msg = "TLS error talking to registry " + host + ": " + rootMessage(e);
      }
    } else if (hasCause(e, UnknownHostException.class)
        || hasCause(e, java.nio.channels.UnresolvedAddressException.class)) {
      msg = "cannot resolve registry host " + host;
    } else if (hasCause(e, ConnectException.class)) {
      // the JDK's ConnectException for a refused connection often has no message at all
      String why = null;
      for (Throwable t = e; t != null && why == null; t = t.getCause()) {
        if (t instanceof ConnectException && t.getMessage() != null) {
          why = oneLine(t.getMessage(), 200);
        }
      }
      msg =
          "cannot connect to registry "
              + host
              + " ("
              + uri
              + "): "
              + (why == null || why.equalsIgnoreCase("Connection refused")
                  ? "connection refused"
                  : why);
    } else if (e instanceof HttpConnectTimeoutException) {
      msg = "cannot connect to registry " + host + " (" + uri + "): connect timed out";
    } else if (e instanceof HttpTimeoutException) {
      msg =
          "registry "
              + host
              + " did not answer "
              + method
              + " "
              + uri
              + " within "
              + options.requestTimeout().toSeconds()
              + " s";
    } else {
      msg = what + ": " + method + " " + uri + " failed: " + brief(e);
    }
    return new RegistryException(msg, 0, e);
  }

  static String brief(Throwable e) {
    String m = rootMessage(e);
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    String m = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        m = t.getMessage();
      }
    }
    if (m == null) {
      m = t.getClass().getSimpleName();
    }
    return oneLine(m, 200);
  }

  static String oneLine(String s, int max) {
    String t = s.replaceAll("[\\r\\n\\t]+", " ").trim();
    return t.length() > max ? t.substring(0, max) + "…" : t;
  }

  /** Reads up to 8 KiB of an error body as text and closes the stream. */
  static String readErrorBody(HttpResponse<InputStream> r) {
    try (InputStream in = r.body()) {
      return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Closes a response body without reading it (the connection is dropped, not reused). */
  static void discard(HttpResponse<InputStream> r) {
    try {
      r.body().close();
    } catch (IOException ignored) {
      // nothing to do: the response is not used
    }
  }

  /**
   * A one-line status error: {@code what: METHOD url answered HTTP 500 (CODE: message)}. Error
   * bodies are summarised: distribution's JSON errors by code and message, anything else (HTML) by
   * its content type only.
   */
  RegistryException statusError(
      String what,
      String method,
      URI uri,
      int status,
      HttpResponse<InputStream> r,
      String body,
      Endpoint ep,
      ImageRef repo) {
    String detail = errorDetail(r, body);
    if (status == 403) {
      String who;
      try {
        who =
            ep == null
                ? "anonymous access"
                : credentials(ep).map(c -> "user " + c.username()).orElse("anonymous access");
      } catch (IOException e) {
        who = "these credentials";
      }
      return new RegistryException(
          "registry "
              + (ep == null ? uri.getHost() : ep.registry)
              + " denied "
              + who
              + (repo == null ? "" : " to " + repo.repository())
              + ": "
              + method
              + " "
              + uri
              + " answered HTTP 403"
              + detail,
          status,
          null);
    }
    return new RegistryException(
        what
            + (status == 404 ? " not found: " : ": ")
            + method
            + " "
            + uri
            + " answered HTTP "
            + status
            + detail,
        status,
        null);
  }

  static String errorDetail(HttpResponse<InputStream> r, String body) {
    String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (body == null || body.isBlank()) {
      return "";
    }
    if (type.contains("json") || body.trim().startsWith("{")) {
      try {
        JsonNode node = Json.MAPPER.readTree(body);
        JsonNode errors = node == null ? null : node.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
          List<String> parts = new ArrayList<>();
          for (JsonNode e : errors) {
            String code = textOrNull(e, "code");
            String message = textOrNull(e, "message");
            parts.add(
                (code == null ? "" : code)
                    + (message == null ? "" : (code == null ? "" : ": ") + message));
            if (parts.size() == 3) {
              break;
            }
          }
          return " (" + oneLine(String.join("; ", parts), 300) + ")";
        }
      } catch (JacksonException ignored) {
        // fall through: not the distribution error format
      }
    }
    if (type.contains("text/plain") && body.length() < 300) {
      return " (" + oneLine(body, 200) + ")";
    }
    return type.isEmpty() ? "" : " (" + type.split(";")[0].trim() + " body)";
  }

  static String textOrNull(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isString() ? v.asString() : null;
  }
}
