package io.drydock.server.inventory;

import io.drydock.refresh.watch.PushEvent;
import io.drydock.refresh.watch.PushEvents;
import io.drydock.refresh.watch.WebhookAuth;
import io.drydock.refresh.watch.WebhookRejectedException;
import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scan on push: {@code POST /webhooks/registry} takes registry push notifications (CNCF
 * distribution envelopes, Azure Container Registry and Harbor webhooks; see {@link PushEvents}) and
 * records every pushed manifest in {@code images} and {@code image_refs} (source {@code registry}),
 * queueing a {@code scan} for digests without an SBOM (see {@link ImageCatalog#seen}).
 *
 * <p>Not under {@code /api/}: registries cannot send API tokens, so the route authenticates as the
 * refresh daemon's does, with {@code config.webhookToken()}: {@code Authorization: Bearer <token>}
 * (distribution {@code notifications.endpoints[].headers}, ACR custom header), {@code
 * Authorization: <token>} (Harbor's auth header), or {@code X-Hub-Signature-256:
 * sha256=<HMAC-SHA256 of the body with the token>}. Without a configured token every request is
 * refused (401).
 *
 * <p>Answers: 200 {@code {"format", "events", "queued", "ignored": [...]}}; 401 wrong or missing
 * credentials (checked before the body is parsed); 400 not JSON or not a known payload; 413 body
 * over {@link PushEvents#MAX_PAYLOAD_BYTES}; errors as {@code {"error": "..."}}.
 */
public final class RegistryWebhookPart implements ServerPart {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryWebhookPart.class);

  /** The route. */
  public static final String PATH = "/webhooks/registry";

  /** Where images reported by registry webhooks come from, in {@code image_refs.source}. */
  public static final String SOURCE = "registry";

  private final WebhookAuth auth;
  private final ImageCatalog catalog;
  private final java.util.function.Consumer<PushEvent> onPush;

  private RegistryWebhookPart(ServerContext ctx, java.util.function.Consumer<PushEvent> onPush) {
    this.onPush = onPush;
    String token = ctx.config().webhookToken();
    this.auth =
        token == null || token.isBlank()
            ? (headers, body) -> {
              throw new WebhookRejectedException(
                  WebhookRejectedException.UNAUTHORIZED,
                  "no webhook token is configured on the server, so no push is accepted");
            }
            : WebhookAuth.anyOf(
                WebhookAuth.bearerToken(token),
                WebhookAuth.headerValue("Authorization", token),
                WebhookAuth.hmacSha256(WebhookAuth.HUB_SIGNATURE_256, token));
    this.catalog = new ImageCatalog(ctx);
  }

  /** The part for {@link io.drydock.server.DrydockServer#start}. */
  public static Function<ServerContext, ServerPart> factory() {
    return factory(e -> {});
  }

  /**
   * The part, telling {@code onPush} of every push once it is recorded (the refresh loop reacts to
   * pushes of its watched bases).
   */
  public static Function<ServerContext, ServerPart> factory(
      java.util.function.Consumer<PushEvent> onPush) {
    return ctx -> new RegistryWebhookPart(ctx, onPush);
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.post(PATH, this::handle);
  }

  private void handle(Context ctx) {
    String where = "webhook " + PATH + ": ";
    byte[] body;
    try {
      body = Responses.body(ctx, PushEvents.MAX_PAYLOAD_BYTES, "webhook payload");
    } catch (Responses.TooLarge e) {
      Responses.error(ctx, 413, where + e.getMessage());
      return;
    } catch (IOException e) {
      Responses.error(ctx, 400, where + "cannot read the body: " + e.getMessage());
      return;
    }
    PushEvents.Result result;
    try {
      auth.verify(headers(ctx), body);
      result = PushEvents.parse(body, null);
    } catch (WebhookRejectedException e) {
      LOG.warn("{}{} (from {})", where, e.getMessage(), ctx.ip());
      Responses.error(ctx, e.status(), where + e.getMessage());
      return;
    }
    int queued;
    try {
      List<ImageCatalog.Sighting> seen = new ArrayList<>();
      for (PushEvent e : result.events()) {
        String repository = e.ref().name();
        String digest = e.digest().toString();
        String reference = e.tag() != null ? repository + ":" + e.tag() : repository + "@" + digest;
        seen.add(new ImageCatalog.Sighting(repository, reference, digest));
      }
      queued = catalog.seenAll(seen, SOURCE);
    } catch (RuntimeException e) {
      // the registry retries a failed delivery; every write above is an idempotent upsert
      LOG.warn("{}cannot record the pushes: {}", where, e.getMessage(), e);
      Responses.error(ctx, 503, where + "cannot record the pushes: " + e.getMessage());
      return;
    }
    for (PushEvent e : result.events()) {
      try {
        onPush.accept(e);
      } catch (RuntimeException ex) {
        LOG.warn("{}after recording {}: {}", where, e.ref(), ex.getMessage());
      }
    }
    ObjectNode o = Responses.MAPPER.createObjectNode();
    o.put("format", result.format().name().toLowerCase(Locale.ROOT));
    o.put("events", result.events().size());
    o.put("queued", queued);
    ArrayNode ignored = o.putArray("ignored");
    result.ignored().forEach(ignored::add);
    if (!result.ignored().isEmpty()) {
      LOG.warn("{}ignored {}", where, result.ignored());
    }
    Responses.json(ctx, 200, o);
  }

  private static Map<String, String> headers(Context ctx) {
    return ctx.headerMap();
  }
}
