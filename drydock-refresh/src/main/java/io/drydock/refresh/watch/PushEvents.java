package io.drydock.refresh.watch;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.OciFormatException;
import io.drydock.refresh.watch.BaseUpdate.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads registry webhook payloads into "manifest pushed" events. Three formats:
 *
 * <ul>
 *   <li>{@link Source#DISTRIBUTION}: a CNCF distribution notification envelope ({@code
 *       application/vnd.docker.distribution.events.v1+json}, {@code {"events":[...]}}). Only events
 *       with {@code action: push} whose {@code target.mediaType} is a manifest or index type count
 *       (or, when the media type is absent, that carry a tag); blob pushes ({@code
 *       application/octet-stream}, layer and config types) and pulls are not events.
 *   <li>{@link Source#ACR}: an Azure Container Registry webhook, one event object with {@code
 *       action: push}, {@code target.repository}, {@code target.tag}, {@code target.digest} and
 *       {@code request.host}. Other actions ({@code ping}, {@code delete}, {@code chart_push}…)
 *       give no event.
 *   <li>{@link Source#HARBOR}: a Harbor webhook in the "Default" payload format, {@code type:
 *       PUSH_ARTIFACT}, one event per {@code event_data.resources[]} entry ({@code digest}, {@code
 *       tag}, {@code resource_url}), repository {@code event_data.repository.repo_full_name}. A
 *       push by digest (Harbor then repeats the digest as {@code tag}) gives an event without tag.
 * </ul>
 *
 * <p>The registry host is the payload's ({@code request.host}; for Harbor the part of {@code
 * resource_url} before the repository), else {@code defaultRegistry}. Hosts are compared as they
 * are written, except that Docker Hub's aliases become {@code docker.io} (see {@link ImageRef}).
 *
 * <p>Input is untrusted: at most {@link #MAX_PAYLOAD_BYTES} bytes, JSON nested at most 64 deep, at
 * most {@link #MAX_EVENTS} events. A body that is not JSON or not one of the formats is rejected
 * with a {@link WebhookRejectedException} naming the problem; a malformed single event (bad digest
 * or repository name, no host) is skipped and named in {@link Result#ignored()}, so one bad event
 * does not make a registry re-send the whole envelope forever. Stateless and thread-safe.
 */
public final class PushEvents {
  private PushEvents() {}

  /** Largest webhook body read: 1 MiB (distribution sends envelopes of at most a few KiB). */
  public static final int MAX_PAYLOAD_BYTES = 1 << 20;

  /** Most events read from one payload. */
  public static final int MAX_EVENTS = 1000;

  private static final Set<String> MANIFEST_TYPES =
      Set.of(
          MediaTypes.OCI_MANIFEST,
          MediaTypes.OCI_INDEX,
          MediaTypes.DOCKER_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST,
          "application/vnd.oci.artifact.manifest.v1+json");

  /**
   * The events of one payload.
   *
   * @param format the payload format
   * @param events manifest pushes, in payload order
   * @param ignored one line per manifest push that could not be read (index and reason)
   */
  public record Result(Source format, List<PushEvent> events, List<String> ignored) {
    public Result {
      events = List.copyOf(events);
      ignored = List.copyOf(ignored);
    }
  }

  /**
   * Parses a payload of any of the three formats, recognised by shape: {@code events} array →
   * distribution, {@code type} + {@code event_data} → Harbor, {@code action} + {@code target} →
   * ACR.
   *
   * @param defaultRegistry {@code host[:port]} for events whose payload names no host, or {@code
   *     null}
   * @throws WebhookRejectedException 413 when too large, 400 when not JSON or not a known format
   */
  public static Result parse(byte[] body, String defaultRegistry) {
    JsonNode root = read(body);
    return parse(root, detect(root), defaultRegistry);
  }

  /** Parses a payload that must be of {@code format}; see {@link #parse(byte[], String)}. */
  public static Result parse(byte[] body, Source format, String defaultRegistry) {
    JsonNode root = read(body);
    Source detected = detect(root);
    if (detected != format) {
      throw bad("webhook payload is a " + name(detected) + " payload, expected " + name(format));
    }
    return parse(root, format, defaultRegistry);
  }

  private static Result parse(JsonNode root, Source format, String defaultRegistry) {
    List<PushEvent> events = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    switch (format) {
      case DISTRIBUTION -> {
        JsonNode list = root.get("events");
        if (list.size() > MAX_EVENTS) {
          throw bad("webhook payload has " + list.size() + " events, more than " + MAX_EVENTS);
        }
        for (int i = 0; i < list.size(); i++) {
          distributionEvent(
              list.get(i),
              "events[" + i + "]",
              Source.DISTRIBUTION,
              defaultRegistry,
              events,
              ignored);
        }
      }
      case ACR -> distributionEvent(root, "event", Source.ACR, defaultRegistry, events, ignored);
      case HARBOR -> harbor(root, defaultRegistry, events, ignored);
      default -> throw new IllegalArgumentException("not a webhook format: " + format);
    }
    return new Result(format, events, ignored);
  }

  private static JsonNode read(byte[] body) {
    if (body == null || body.length == 0) {
      throw bad("webhook payload is empty");
    }
    if (body.length > MAX_PAYLOAD_BYTES) {
      throw new WebhookRejectedException(
          WebhookRejectedException.TOO_LARGE,
          "webhook payload of " + body.length + " bytes is larger than " + MAX_PAYLOAD_BYTES);
    }
    try {
      return Json.readObject(body, "webhook payload");
    } catch (OciFormatException e) {
      throw bad(e.getMessage());
    } catch (RuntimeException e) {
      // Jackson's stream constraints (nesting depth) surface as unchecked exceptions
      throw bad("webhook payload is not readable JSON: " + firstLine(e.getMessage()));
    }
  }

  private static Source detect(JsonNode root) {
    if (root.has("events")) {
      if (!root.get("events").isArray()) {
        throw bad("webhook payload: \"events\" is not an array");
      }
      return Source.DISTRIBUTION;
    }
    if (root.has("type") && root.has("event_data")) {
      return Source.HARBOR;
    }
    if (root.has("action") && root.has("target")) {
      return Source.ACR;
    }
    throw bad(
        "webhook payload is none of: a distribution envelope ({\"events\":[...]}), an Azure"
            + " Container Registry event (action, target), a Harbor event (type, event_data)");
  }

  private static void distributionEvent(
      JsonNode e,
      String where,
      Source source,
      String defaultRegistry,
      List<PushEvent> out,
      List<String> ignored) {
    if (!e.isObject() || !"push".equals(text(e, "action"))) {
      return;
    }
    JsonNode target = e.path("target");
    String mediaType = text(target, "mediaType");
    String tag = text(target, "tag");
    boolean manifest =
        mediaType == null ? tag != null : MANIFEST_TYPES.contains(baseType(mediaType));
    if (!manifest) {
      return; // a blob (layer, config) push
    }
    String host = text(e.path("request"), "host");
    add(
        host,
        defaultRegistry,
        text(target, "repository"),
        tag,
        text(target, "digest"),
        mediaType,
        source,
        where,
        out,
        ignored);
  }

  private static void harbor(
      JsonNode root, String defaultRegistry, List<PushEvent> out, List<String> ignored) {
    if (!"PUSH_ARTIFACT".equals(text(root, "type"))) {
      return;
    }
    JsonNode data = root.path("event_data");
    String repo = text(data.path("repository"), "repo_full_name");
    JsonNode resources = data.path("resources");
    if (!resources.isArray()) {
      ignored.add("event_data.resources: missing or not an array");
      return;
    }
    if (resources.size() > MAX_EVENTS) {
      throw bad("webhook payload has " + resources.size() + " resources, more than " + MAX_EVENTS);
    }
    for (int i = 0; i < resources.size(); i++) {
      JsonNode r = resources.get(i);
      String where = "event_data.resources[" + i + "]";
      String digest = text(r, "digest");
      String tag = text(r, "tag");
      if (tag != null && (tag.contains(":") || tag.equals(digest))) {
        tag = null; // push by digest: Harbor repeats the digest as the tag
      }
      String host = null;
      String url = text(r, "resource_url");
      if (url != null && repo != null) {
        int at = url.indexOf("/" + repo + (tag != null ? ":" : ""));
        if (at < 0) {
          at = url.indexOf("/" + repo + "@");
        }
        if (at > 0) {
          host = url.substring(0, at);
        }
      }
      add(host, defaultRegistry, repo, tag, digest, null, Source.HARBOR, where, out, ignored);
    }
  }

  private static void add(
      String host,
      String defaultRegistry,
      String repository,
      String tag,
      String digest,
      String mediaType,
      Source source,
      String where,
      List<PushEvent> out,
      List<String> ignored) {
    String registry = host != null ? host : defaultRegistry;
    if (registry == null || registry.isBlank()) {
      ignored.add(where + ": no registry host in the payload and no default registry configured");
      return;
    }
    if (repository == null || digest == null) {
      ignored.add(where + ": missing " + (repository == null ? "repository" : "digest"));
      return;
    }
    try {
      out.add(new PushEvent(ref(registry, repository, tag, digest), mediaType, source));
    } catch (IllegalArgumentException e) {
      ignored.add(where + ": " + e.getMessage());
    }
  }

  /**
   * A reference from payload parts, normalised as {@link ImageRef#parse} does; Docker Hub's API
   * host {@code registry-1.docker.io} counts as {@code docker.io}.
   */
  static ImageRef ref(String host, String repository, String tag, String digest) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.equals("registry-1.docker.io") || h.equals("index.docker.io")) {
      h = ImageRef.DOCKER_HUB;
    }
    Digest d;
    try {
      d = Digest.parse(digest);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid digest \"" + digest + "\": " + e.getMessage());
    }
    String suffix = (tag != null ? ":" + tag : "") + "@" + d;
    if (h.equals(ImageRef.DOCKER_HUB)) {
      return ImageRef.parse(h + "/" + repository + suffix);
    }
    if (!h.matches("[a-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9a-f:]+\\](:[0-9]{1,5})?")) {
      throw new IllegalArgumentException("invalid registry host \"" + host + "\"");
    }
    // validate repository and tag with the reference grammar, under a host ImageRef reads as one
    ImageRef parsed = ImageRef.parse("host.invalid/" + repository + suffix);
    return new ImageRef(h, parsed.repository(), parsed.tag(), parsed.digest());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isString()) {
      return null;
    }
    String s = v.asString();
    return s.isBlank() ? null : s;
  }

  private static String baseType(String mediaType) {
    int semi = mediaType.indexOf(';');
    return (semi < 0 ? mediaType : mediaType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  private static String name(Source s) {
    return switch (s) {
      case DISTRIBUTION -> "distribution notification";
      case ACR -> "Azure Container Registry";
      case HARBOR -> "Harbor";
      case POLL -> "poll";
    };
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  private static WebhookRejectedException bad(String why) {
    return new WebhookRejectedException(WebhookRejectedException.BAD_REQUEST, why);
  }
}
