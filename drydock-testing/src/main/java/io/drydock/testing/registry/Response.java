package io.drydock.testing.registry;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer built before it is written, so faults can change how its body goes out. A {@code HEAD}
 * request gets the same status and headers (including {@code Content-Length}) without the body. Not
 * thread-safe; confined to one exchange.
 */
final class Response {
  final int status;
  final Map<String, String> headers = new LinkedHashMap<>();

  /** The body, or null for none. Never modified after construction; faults copy it. */
  final byte[] body;

  private Response(int status, byte[] body) {
    this.status = status;
    this.body = body;
  }

  static Response empty(int status) {
    return new Response(status, null);
  }

  static Response bytes(int status, String contentType, byte[] body) {
    Response r = new Response(status, body);
    r.header("Content-Type", contentType);
    return r;
  }

  static Response json(int status, Object value) {
    return bytes(status, "application/json", Store.MAPPER.writeValueAsBytes(value));
  }

  static Response text(int status, String text) {
    return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  static Response error(int status, String code, String message) {
    Map<String, Object> err = new LinkedHashMap<>();
    err.put("code", code);
    err.put("message", message);
    return json(status, Map.of("errors", List.of(err)));
  }

  Response header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
