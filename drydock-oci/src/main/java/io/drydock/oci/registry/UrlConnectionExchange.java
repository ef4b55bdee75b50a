package io.drydock.oci.registry;

import io.drydock.oci.content.ChunkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

/**
 * Sends body-less GET and HEAD requests (pings, manifests, blobs, tokens: all of a pull) over
 * {@link HttpURLConnection} instead of {@code java.net.http}, and answers with the same {@link
 * HttpResponse} the rest of the transport handles.
 *
 * <p>Why: measured on this project's machine, a cold JVM downloading and hashing a 51 MB layer took
 * 230 ms through {@code HttpURLConnection} and 570–820 ms through {@code java.net.http}, whose
 * asynchronous pipeline runs interpreted until the JIT catches up. For a CLI that starts a JVM per
 * command that is most of a pull (BENCHMARKS.md). Uploads (POST/PUT/PATCH with bodies) stay on
 * {@code java.net.http}, which supports PATCH and streaming request bodies.
 *
 * <p>Semantics kept: no automatic redirects (the transport follows them, dropping {@code
 * Authorization} on other hosts), connect timeouts surface as {@link HttpConnectTimeoutException},
 * a server that does not answer within the request timeout as {@link HttpTimeoutException}, and a
 * body that stalls for the request timeout fails the read.
 */
final class UrlConnectionExchange {
  private UrlConnectionExchange() {}

  /** Whether {@code req} is a GET or HEAD without a body. */
  static boolean handles(HttpRequest req) {
    String m = req.method();
    return (m.equals("GET") || m.equals("HEAD"))
        && req.bodyPublisher().map(p -> p.contentLength() == 0).orElse(true);
  }

  /**
   * Sends {@code req}.
   *
   * @param ssl the TLS context for https URLs ({@code null} for plain HTTP)
   * @param trustAll whether host names go unchecked too ({@code --insecure})
   */
  static HttpResponse<InputStream> send(
      HttpRequest req, SSLContext ssl, boolean trustAll, Duration connectTimeout)
      throws IOException {
    URI uri = req.uri();
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    if (c instanceof HttpsURLConnection https) {
      if (ssl == null) {
        throw new IllegalStateException("no TLS context for " + uri);
      }
      https.setSSLSocketFactory(ssl.getSocketFactory());
      if (trustAll) {
        https.setHostnameVerifier((host, session) -> true);
      }
    }
    int idleMillis =
        (int) Math.min(Integer.MAX_VALUE, req.timeout().orElse(Duration.ofSeconds(60)).toMillis());
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    c.setReadTimeout(idleMillis);
    c.setRequestMethod(req.method());
    req.headers()
        .map()
        .forEach((name, values) -> values.forEach(v -> c.addRequestProperty(name, v)));
    if (c.getRequestProperty("Accept") == null) {
      c.setRequestProperty("Accept", "*/*");
    }
    int status;
    try {
      c.connect();
    } catch (SocketTimeoutException e) {
      c.disconnect();
      throw (HttpConnectTimeoutException)
          new HttpConnectTimeoutException("connect timed out: " + uri).initCause(e);
    }
    try {
      status = c.getResponseCode();
    } catch (SocketTimeoutException e) {
      c.disconnect();
      throw (HttpTimeoutException)
          new HttpTimeoutException("request timed out: " + uri).initCause(e);
    }
    if (status < 0) {
      c.disconnect();
      throw new IOException("invalid HTTP response from " + uri);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    c.getHeaderFields()
        .forEach(
            (k, v) -> {
              if (k != null) {
                headers.put(k, v);
              }
            });
    InputStream raw = status >= 400 ? c.getErrorStream() : c.getInputStream();
    InputStream body =
        new IdleFailing(raw == null ? InputStream.nullInputStream() : raw, idleMillis);
    HttpHeaders httpHeaders = HttpHeaders.of(headers, (a, b) -> true);
    return new Response(req, status, httpHeaders, body);
  }

  /** Turns a read timeout into the same one-line failure {@link IdleTimeoutBody} gives. */
  private static final class IdleFailing extends ChunkInputStream {
    private final int idleMillis;

    IdleFailing(InputStream in, int idleMillis) {
      super(in);
      this.idleMillis = idleMillis;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (SocketTimeoutException e) {
        throw new IOException("no data received for " + idleMillis + " ms");
      }
    }
  }

  private record Response(
      HttpRequest request, int statusCode, HttpHeaders headers, InputStream body)
      implements HttpResponse<InputStream> {
    @Override
    public Optional<HttpResponse<InputStream>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return request.uri();
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
