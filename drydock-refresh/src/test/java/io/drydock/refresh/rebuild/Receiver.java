package io.drydock.refresh.rebuild;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain-HTTP server on 127.0.0.1 standing in for GitHub, Azure DevOps, Jenkins, GitLab or a
 * webhook receiver: records every request and answers with a configurable status and body, after
 * running an optional action (e.g. pushing the "rebuilt" image).
 */
final class Receiver implements AutoCloseable {

  /** One received request; header names lower-cased, first value only. */
  record Received(
      String method, String path, String rawQuery, Map<String, String> headers, String body) {
    /** The query (or a form body) decoded into name → value, in order. */
    static Map<String, String> decodeForm(String s) {
      Map<String, String> out = new LinkedHashMap<>();
      if (s == null || s.isEmpty()) {
        return out;
      }
      for (String pair : s.split("&")) {
        int eq = pair.indexOf('=');
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      return out;
    }

    Map<String, String> query() {
      return decodeForm(rawQuery);
    }
  }

  interface Action {
    void run(Received r) throws Exception;
  }

  private final HttpServer server;
  final List<Received> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 204;
  private volatile String responseBody = "";
  private volatile Map<String, String> responseHeaders = Map.of();
  private volatile Action action = r -> {};

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  Receiver answer(int newStatus, String body) {
    this.status = newStatus;
    this.responseBody = body;
    return this;
  }

  Receiver withHeaders(Map<String, String> headers) {
    this.responseHeaders = Map.copyOf(headers);
    return this;
  }

  Receiver onRequest(Action a) {
    this.action = a;
    return this;
  }

  /** {@code http://127.0.0.1:PORT} */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Received only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + requests);
    }
    return requests.get(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      Received r =
          new Received(
              ex.getRequestMethod(),
              ex.getRequestURI().getRawPath(),
              ex.getRequestURI().getRawQuery(),
              headers,
              new String(body, StandardCharsets.UTF_8));
      requests.add(r);
      int s = status;
      byte[] out = responseBody.getBytes(StandardCharsets.UTF_8);
      try {
        action.run(r);
      } catch (Exception e) {
        s = 599;
        out = ("receiver action failed: " + e).getBytes(StandardCharsets.UTF_8);
      }
      responseHeaders.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.sendResponseHeaders(s, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
