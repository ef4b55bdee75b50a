package io.drydock.server.inventory;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON answers and bounded body reads for this package's routes. */
final class Responses {
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Responses() {}

  static void json(Context ctx, int status, ObjectNode body) {
    ctx.status(status)
        .contentType("application/json")
        .result(MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"error": "..."}}: one line, no stack trace. */
  static void error(Context ctx, int status, String message) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("error", message.lines().findFirst().orElse(message));
    json(ctx, status, o);
  }

  /** A body larger than allowed. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message);
    }
  }

  /**
   * Reads the request body, at most {@code max} bytes. Reads the stream itself (not Javalin's
   * {@code bodyAsBytes}) so that the limit is this route's and a body without Content-Length
   * (chunked) is bounded too.
   *
   * @throws TooLarge when the declared or actual length exceeds {@code max}
   */
  static byte[] body(Context ctx, int max, String what) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > DRAIN_LIMIT) {
      throw new TooLarge(what + " of " + declared + " bytes is larger than " + max);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        // read the rest (up to a bound) before answering: a server that answers mid-upload and
        // closes makes the client see a broken pipe instead of the 413
        long drained = b.length;
        byte[] sink = new byte[64 * 1024];
        int n;
        while (drained < DRAIN_LIMIT && (n = in.read(sink)) > 0) {
          drained += n;
        }
        throw new TooLarge(
            what
                + (declared > 0 ? " of " + declared + " bytes" : "")
                + " is larger than "
                + max
                + " bytes");
      }
      return b;
    }
  }

  /** Most bytes of an oversize body read (and dropped) so that the 413 reaches the client. */
  static final long DRAIN_LIMIT = 16L << 20;
}
