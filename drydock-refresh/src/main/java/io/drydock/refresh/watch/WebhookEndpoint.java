package io.drydock.refresh.watch;

import io.drydock.refresh.watch.BaseUpdate.Source;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The webhook side of base watching, without an HTTP server: the refresh daemon mounts {@link
 * #onWebhook} on a {@code POST} route and answers 200 with nothing to say, or the rejection's
 * {@link WebhookRejectedException#status()} and message.
 *
 * <p>Order: authenticate (before parsing anything), parse ({@link PushEvents}), match against
 * {@link WatchedBases} (which de-duplicates against polls and earlier webhooks). The format is
 * recognised from the payload; a path ending in {@code /distribution}, {@code /acr} or {@code
 * /harbor} requires that format instead. Thread-safe.
 */
public final class WebhookEndpoint {
  private final WatchedBases bases;
  private final WebhookAuth auth;
  private final String defaultRegistry;

  /**
   * What one delivery gave.
   *
   * @param format the payload format
   * @param events every manifest push it reported, watched or not
   * @param updates the base updates among them (changes of watched tags not seen before)
   * @param ignored one line per manifest push that could not be read
   */
  public record Delivery(
      Source format, List<PushEvent> events, List<BaseUpdate> updates, List<String> ignored) {
    public Delivery {
      events = List.copyOf(events);
      updates = List.copyOf(updates);
      ignored = List.copyOf(ignored);
    }
  }

  /**
   * @param bases the shared watch state
   * @param auth how requests authenticate ({@link WebhookAuth#none()} only behind a network policy)
   * @param defaultRegistry {@code host[:port]} for payloads that name no host, or {@code null}
   */
  public WebhookEndpoint(WatchedBases bases, WebhookAuth auth, String defaultRegistry) {
    this.bases = Objects.requireNonNull(bases, "bases");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.defaultRegistry = defaultRegistry;
  }

  /**
   * Handles one webhook request.
   *
   * @param path the request path (for the format hint and messages)
   * @param headers request headers, one value per name, names in any case
   * @param body the raw body as received (the HMAC covers these exact bytes)
   * @throws WebhookRejectedException 401 not authenticated, 413 too large, 400 not a known payload;
   *     the message starts with the path
   */
  public Delivery onWebhook(String path, Map<String, String> headers, byte[] body) {
    Objects.requireNonNull(headers, "headers");
    String p = path == null ? "" : path;
    try {
      auth.verify(headers, body == null ? new byte[0] : body);
      Source hint = hint(p);
      PushEvents.Result r =
          hint == null
              ? PushEvents.parse(body, defaultRegistry)
              : PushEvents.parse(body, hint, defaultRegistry);
      return new Delivery(r.format(), r.events(), bases.onPush(r.events()), r.ignored());
    } catch (WebhookRejectedException e) {
      throw new WebhookRejectedException(e.status(), "webhook " + p + ": " + e.getMessage());
    }
  }

  private static Source hint(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.endsWith("/distribution")) {
      return Source.DISTRIBUTION;
    }
    if (p.endsWith("/acr")) {
      return Source.ACR;
    }
    if (p.endsWith("/harbor")) {
      return Source.HARBOR;
    }
    return null;
  }
}
