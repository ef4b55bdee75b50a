package io.drydock.server.dashboard;

import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard: one page at {@code /} and its two assets under {@code /ui/}, served from the
 * classpath without a token. The page itself asks for an API token (kept in the browser's
 * sessionStorage) and reads everything through the token-protected JSON API under {@code /api/v1/};
 * it loads nothing from other origins, so it works air-gapped.
 *
 * <p>Caching: assets are served under content-hashed names with a one-year immutable lifetime; the
 * page and the plain asset names revalidate with an ETag. Every response carries a strict
 * Content-Security-Policy ({@code default-src 'self'}, no inline script or style) as a second line
 * of defence behind the page's own escaping.
 */
public final class DashboardPart implements ServerPart {
  /** The policy on every dashboard response; the page uses no inline script, style or eval. */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final DashboardAssets assets;

  /** A dashboard serving the files bundled in this jar. */
  public DashboardPart() {
    this.assets = DashboardAssets.load();
  }

  /** The factory {@code DrydockServer.start} takes. */
  public static Function<ServerContext, ServerPart> factory() {
    return ctx -> new DashboardPart();
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/", ctx -> send(ctx, assets.page(), false));
    routes.get("/index.html", ctx -> send(ctx, assets.page(), false));
    routes.get(
        "/ui/{file}",
        ctx -> {
          String name = ctx.pathParam("file");
          var asset = assets.asset(name);
          if (asset.isEmpty()) {
            securityHeaders(ctx);
            ctx.status(404)
                .contentType("application/json")
                .result(
                    JSON.writeValueAsBytes(
                        Map.of(
                            "error",
                            "no dashboard asset "
                                + (name.length() > 100 ? name.substring(0, 100) + "…" : name))));
            return;
          }
          send(ctx, asset.get(), DashboardAssets.isHashed(name));
        });
  }

  private static void send(Context ctx, DashboardAssets.Asset asset, boolean immutable) {
    securityHeaders(ctx);
    ctx.header("ETag", asset.etag());
    ctx.header("Vary", "Accept-Encoding");
    ctx.header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    String inm = ctx.header("If-None-Match");
    if (inm != null && matches(inm, asset.etag().substring(2))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(asset.contentType());
    String ae = ctx.header("Accept-Encoding");
    if (ae != null && acceptsGzip(ae)) {
      // Javalin compresses only responses without a Content-Encoding, so this is sent as is.
      ctx.header("Content-Encoding", "gzip");
      ctx.result(asset.gzip());
    } else {
      ctx.result(asset.body());
    }
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
  }

  /** Weak comparison (RFC 9110 13.1.2) of an If-None-Match list with an opaque tag. */
  private static boolean matches(String ifNoneMatch, String etag) {
    for (String t : ifNoneMatch.split(",")) {
      String s = t.trim();
      if (s.startsWith("W/")) {
        s = s.substring(2);
      }
      if (s.equals("*") || s.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an Accept-Encoding header allows gzip (a {@code q} of zero refuses it). */
  static boolean acceptsGzip(String acceptEncoding) {
    for (String part : acceptEncoding.split(",", -1)) {
      String[] p = part.split(";", -1);
      if (!p[0].trim().equalsIgnoreCase("gzip")) {
        continue;
      }
      for (int i = 1; i < p.length; i++) {
        String q = p[i].replace(" ", "");
        if (q.matches("q=0(\\.0{0,3})?")) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
