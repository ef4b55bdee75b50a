package io.drydock.server.api;

import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Requires an API token on every path under {@code /api/}: {@code Authorization: Bearer <token>};
 * anything else is answered 401 {@code {"error":"missing or unknown token"}} with {@code
 * WWW-Authenticate: Bearer}. The token's name is left in the request attribute {@link
 * #TOKEN_ATTRIBUTE}. Health, readiness, metrics and the OpenAPI document are outside {@code /api/}.
 */
public final class AuthPart implements ServerPart {
  /** Request attribute holding the authenticated token's name. */
  public static final String TOKEN_ATTRIBUTE = "drydock.token";

  private final Tokens tokens;

  public AuthPart(ServerContext ctx) {
    this.tokens = new Tokens(ctx.db(), ctx.clock());
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.before("/api/*", this::authenticate);
  }

  private void authenticate(Context ctx) {
    Optional<String> name = Optional.empty();
    String header = ctx.header("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      try {
        name = tokens.authenticate(header.substring(7).strip());
      } catch (RuntimeException e) {
        // the database is down or locked: refuse, as JSON, without saying more than needed
        Json.error(ctx, 503, "cannot check the token: " + Json.oneLine(e.getMessage()));
        refuse(ctx);
        return;
      }
    }
    if (name.isPresent()) {
      ctx.attribute(TOKEN_ATTRIBUTE, name.get());
      return;
    }
    ctx.header("WWW-Authenticate", "Bearer");
    Json.error(ctx, 401, "missing or unknown token");
    refuse(ctx);
  }

  private static void refuse(Context ctx) {
    ctx.skipRemainingHandlers();
    Consumer<Context> observe = ctx.attribute(ApiMetrics.OBSERVE);
    if (observe != null) {
      observe.accept(ctx);
    }
  }
}
