package io.drydock.server.inventory;

import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ingestion of refresh reports: {@code POST /api/v1/refreshes} with a {@code RefreshReport} JSON
 * ({@code drydock refresh --format json}'s form) records it in the {@link RefreshHistory}. Under
 * {@code /api/}, so the API part's token check guards it.
 *
 * <p>Answers 201 {@code {"id": n}}; 400 with {@code {"error"}} for a body that is not JSON or not a
 * report (naming the field); 413 over {@link RefreshHistory#MAX_REPORT_BYTES}.
 */
public final class RefreshHistoryPart implements ServerPart {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshHistoryPart.class);

  /** The route. */
  public static final String PATH = "/api/v1/refreshes";

  private final RefreshHistory history;

  private RefreshHistoryPart(ServerContext ctx) {
    this.history = new RefreshHistory(ctx.db(), ctx.clock());
  }

  /** The part for {@link io.drydock.server.DrydockServer#start}. */
  public static Function<ServerContext, ServerPart> factory() {
    return RefreshHistoryPart::new;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.post(PATH, this::handle);
  }

  private void handle(Context ctx) {
    byte[] body;
    try {
      body = Responses.body(ctx, RefreshHistory.MAX_REPORT_BYTES, "refresh report");
    } catch (Responses.TooLarge e) {
      Responses.error(ctx, 413, e.getMessage());
      return;
    } catch (IOException e) {
      Responses.error(ctx, 400, "refresh report: cannot read the body: " + e.getMessage());
      return;
    }
    ObjectNode report;
    try {
      report = RefreshHistory.parse(body);
    } catch (IllegalArgumentException e) {
      Responses.error(ctx, 400, e.getMessage());
      return;
    }
    long id;
    try {
      id = history.record(report);
    } catch (RuntimeException e) {
      LOG.warn("refresh report: cannot record: {}", e.getMessage(), e);
      Responses.error(ctx, 503, "refresh report: cannot record: " + e.getMessage());
      return;
    }
    ObjectNode o = Responses.MAPPER.createObjectNode();
    o.put("id", id);
    Responses.json(ctx, 201, o);
  }
}
