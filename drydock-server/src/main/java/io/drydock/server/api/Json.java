package io.drydock.server.api;

import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's JSON: Jackson 3 trees written as bytes. Written by hand rather than through Javalin's
 * JSON mapper plug-in so that the field names of the contract are visible where they are written.
 */
final class Json {
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static void send(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
  }

  static void send(Context ctx, JsonNode body) {
    send(ctx, 200, body);
  }

  static void error(Context ctx, int status, String message) {
    ObjectNode e = object();
    e.put("error", message);
    send(ctx, status, e);
  }

  /**
   * A stored JSON document (detail, report, result) as a tree; text that is not JSON stays a
   * string, so one bad row never fails a whole listing.
   */
  static JsonNode stored(String text) {
    if (text == null) {
      return MAPPER.nullNode();
    }
    String t = text.strip();
    if (t.startsWith("{") || t.startsWith("[")) {
      try {
        return MAPPER.readTree(t);
      } catch (JacksonException e) {
        // fall through: keep the text
      }
    }
    return MAPPER.getNodeFactory().stringNode(text);
  }

  /** Parses a request body; malformed JSON is a 400 naming the problem in one line. */
  static JsonNode parseBody(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("request body: empty, expected a JSON object");
    }
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest("request body: expected a JSON object");
      }
      return n;
    } catch (JacksonException e) {
      throw ApiException.badRequest(
          "request body: malformed JSON: " + oneLine(e.getOriginalMessage()));
    }
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
