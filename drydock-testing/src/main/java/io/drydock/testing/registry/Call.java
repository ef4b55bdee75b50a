package io.drydock.testing.registry;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One incoming request: method, decoded path, query parameters, headers, bounded body. */
final class Call {
  final HttpExchange exchange;
  final String method;
  final String path;
  final String rawPathAndQuery;
  final String host;
  private final Map<String, List<String>> query = new LinkedHashMap<>();

  Call(HttpExchange exchange) {
    this.exchange = exchange;
    this.method = exchange.getRequestMethod();
    this.path = exchange.getRequestURI().getPath();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    this.rawPathAndQuery =
        exchange.getRequestURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery);
    String h = exchange.getRequestHeaders().getFirst("Host");
    this.host = h == null ? "" : h;
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }
  }

  /** The first value of a request header, or null. */
  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** The first value of a query parameter, or null. */
  String queryParam(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  List<String> queryParams(String name) {
    return query.getOrDefault(name, List.of());
  }

  /**
   * Reads the whole request body, refusing (413) more than {@code limit} bytes, whether announced
   * in {@code Content-Length} or sent.
   */
  byte[] body(long limit) throws IOException {
    String length = header("Content-Length");
    if (length != null) {
      long announced;
      try {
        announced = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new ApiError(400, "SIZE_INVALID", "invalid Content-Length: " + length);
      }
      if (announced > limit) {
        throw tooLarge(announced, limit);
      }
    }
    InputStream in = exchange.getRequestBody();
    byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (data.length > limit) {
      throw tooLarge(data.length, limit);
    }
    return data;
  }

  private static ApiError tooLarge(long size, long limit) {
    return new ApiError(
        413, "SIZE_INVALID", "request body of " + size + " bytes exceeds the limit of " + limit);
  }
}
