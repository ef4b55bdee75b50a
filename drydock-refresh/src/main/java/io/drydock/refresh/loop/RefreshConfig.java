package io.drydock.refresh.loop;

import io.drydock.oci.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The refresh configuration ({@code apiVersion: drydock.io/v1}, {@code kind: RefreshConfig}): which
 * base tags to watch, which app images to refresh and how, what validates them, where the workloads
 * run and whom to tell. Immutable. Unknown keys are errors, so typos fail at load.
 *
 * <pre>{@code
 * apiVersion: drydock.io/v1
 * kind: RefreshConfig
 * bases:                                   # base tags to watch
 *   - registry.example.com/debian:bookworm
 * apps:
 *   - image: registry.example.com/shop/web:1.4     # the app's tag
 *     base: registry.example.com/debian:bookworm   # optional: else its base annotations, else layers
 *     action: rebase                               # or rebuild (with rebuild: {...})
 *     tag: registry.example.com/shop/web:1.4       # where the refreshed image goes (default: image)
 * policy: policy.yaml                      # the refreshed image must pass it
 * verifyKeys: [cosign.pub]                 # keys the policy sees signatures of
 * signingKey: cosign.key                   # signs and attests what passed (COSIGN_PASSWORD)
 * registryReferrersMode: legacy            # or oci-1-1: signature and attestation as referrers
 * poll: 5m                                 # daemon: how often base tags are checked
 * kubernetes:
 *   enabled: true
 *   namespaces: [shop]                     # default: all
 *   rolloutTimeout: 10m
 *   discover: true                         # also rebase running images (by tag) on a base
 * notify:
 *   webhook: https://hooks.slack.com/services/...   # Slack-compatible JSON
 * webhook:                                 # daemon: registry push notifications
 *   listen: :8080
 *   tokenEnv: DRYDOCK_WEBHOOK_TOKEN
 * }</pre>
 *
 * @param source the file the config came from, relative paths resolve against its directory
 */
public record RefreshConfig(
    Path source,
    List<ImageRef> bases,
    List<App> apps,
    Path policy,
    List<Path> verifyKeys,
    Path signingKey,
    Duration poll,
    Kubernetes kubernetes,
    String notifyWebhook,
    String webhookListen,
    String webhookTokenEnv,
    String referrersMode) {
  /** Where signatures and attestations go, as cosign's {@code --registry-referrers-mode}. */
  public static final Set<String> REFERRERS_MODES = Set.of("legacy", "oci-1-1");

  public RefreshConfig {
    Objects.requireNonNull(referrersMode, "referrersMode");
    bases = List.copyOf(bases);
    apps = List.copyOf(apps);
    verifyKeys = List.copyOf(verifyKeys);
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(kubernetes, "kubernetes");
  }

  /** How an app is refreshed when its base changes. */
  public enum Action {
    /** Move its layers onto the new base in the registry (no build). */
    REBASE,
    /** Trigger its CI and wait for the new digest. */
    REBUILD
  }

  /**
   * One app image.
   *
   * @param image the app's reference (normally a tag)
   * @param base its base tag, {@code null} to find it from annotations or layers
   * @param action rebase or rebuild
   * @param tag where the refreshed image is pushed (rebase) or appears (rebuild)
   * @param rebuild the rebuild trigger's settings (kind and fields), empty for rebase
   */
  public record App(
      ImageRef image, ImageRef base, Action action, ImageRef tag, Map<String, Object> rebuild) {
    public App {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(tag, "tag");
      rebuild = rebuild == null ? Map.of() : Map.copyOf(rebuild);
    }
  }

  /**
   * @param enabled roll workloads onto refreshed images
   * @param namespaces where to look, empty for all
   * @param rolloutTimeout how long a rollout may take before it is rolled back
   * @param discover also refresh (by rebase) images running in these namespaces, by tag, whose
   *     layers sit on a watched base, without listing them under {@code apps}
   */
  public record Kubernetes(
      boolean enabled, List<String> namespaces, Duration rolloutTimeout, boolean discover) {
    public Kubernetes {
      namespaces = List.copyOf(namespaces);
      Objects.requireNonNull(rolloutTimeout, "rolloutTimeout");
    }
  }

  private static final ObjectMapper YAML = YAMLMapper.builder().build();
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  /**
   * Reads and checks a config file.
   *
   * @throws IOException unreadable or invalid; the message names the file and the field
   */
  public static RefreshConfig load(Path file) throws IOException {
    long size = Files.size(file);
    if (size > 1 << 20) {
      throw new IOException(file + ": " + size + " bytes is too large for a refresh config");
    }
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (JacksonException e) {
      throw new IOException(file + ": not valid YAML: " + e.getOriginalMessage());
    }
    try {
      return parse(root, file);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage());
    }
  }

  static RefreshConfig parse(JsonNode root, Path file) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a YAML mapping");
    }
    only(
        root,
        "",
        Set.of(
            "apiVersion",
            "kind",
            "bases",
            "apps",
            "policy",
            "verifyKeys",
            "signingKey",
            "registryReferrersMode",
            "poll",
            "kubernetes",
            "notify",
            "webhook"));
    if (!"drydock.io/v1".equals(root.path("apiVersion").asString(""))
        || !"RefreshConfig".equals(root.path("kind").asString(""))) {
      throw new IllegalArgumentException(
          "expected apiVersion drydock.io/v1 and kind RefreshConfig");
    }
    Path dir = file.toAbsolutePath().getParent();
    List<ImageRef> bases = new ArrayList<>();
    for (JsonNode b : array(root, "bases")) {
      bases.add(ref(b.asString(""), "bases[]", true));
    }
    List<App> apps = new ArrayList<>();
    int i = 0;
    for (JsonNode a : array(root, "apps")) {
      String where = "apps[" + i++ + "]";
      only(a, where, Set.of("image", "base", "action", "tag", "rebuild"));
      ImageRef image = ref(a.path("image").asString(""), where + ".image", false);
      ImageRef base =
          a.has("base") ? ref(a.path("base").asString(""), where + ".base", true) : null;
      Action action;
      try {
        action = Action.valueOf(a.path("action").asString("rebase").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where + ".action: \"" + a.path("action").asString() + "\" is not rebase or rebuild");
      }
      ImageRef tag = a.has("tag") ? ref(a.path("tag").asString(""), where + ".tag", true) : image;
      if (tag.tag() == null || tag.digest() != null) {
        throw new IllegalArgumentException(where + ".tag: \"" + tag + "\" needs a tag, no digest");
      }
      Map<String, Object> rebuild = new LinkedHashMap<>();
      if (a.has("rebuild")) {
        rebuild = YAML.convertValue(a.path("rebuild"), LinkedHashMap.class);
      }
      if (action == Action.REBUILD && rebuild.isEmpty()) {
        throw new IllegalArgumentException(where + ": action rebuild needs a rebuild: section");
      }
      if (!rebuild.isEmpty()) {
        try {
          io.drydock.refresh.rebuild.RebuildTrigger.fromConfig(rebuild);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ".rebuild: " + e.getMessage());
        }
      }
      apps.add(new App(image, base, action, tag, rebuild));
    }
    if (bases.isEmpty() && apps.stream().allMatch(a -> a.base() == null)) {
      throw new IllegalArgumentException("no bases to watch (bases: or apps[].base)");
    }
    for (App a : apps) {
      if (a.base() != null && bases.stream().noneMatch(b -> same(b, a.base()))) {
        bases.add(a.base());
      }
    }
    List<Path> keys = new ArrayList<>();
    for (JsonNode k : array(root, "verifyKeys")) {
      keys.add(dir.resolve(k.asString("")));
    }
    JsonNode kube = root.path("kubernetes");
    if (!kube.isMissingNode()) {
      only(kube, "kubernetes", Set.of("enabled", "namespaces", "rolloutTimeout", "discover"));
    }
    List<String> namespaces = new ArrayList<>();
    for (JsonNode n : array(kube, "namespaces")) {
      namespaces.add(n.asString(""));
    }
    if (kube.path("discover").asBoolean(false) && !kube.path("enabled").asBoolean(true)) {
      throw new IllegalArgumentException("kubernetes.discover needs kubernetes.enabled: true");
    }
    JsonNode notify = root.path("notify");
    if (!notify.isMissingNode()) {
      only(notify, "notify", Set.of("webhook"));
    }
    JsonNode webhook = root.path("webhook");
    if (!webhook.isMissingNode()) {
      only(webhook, "webhook", Set.of("listen", "tokenEnv"));
    }
    String referrersMode = root.path("registryReferrersMode").asString("legacy");
    if (!REFERRERS_MODES.contains(referrersMode)) {
      throw new IllegalArgumentException(
          "registryReferrersMode: expected legacy or oci-1-1, not \"" + referrersMode + "\"");
    }
    return new RefreshConfig(
        file,
        bases,
        apps,
        root.has("policy") ? dir.resolve(root.path("policy").asString("")) : null,
        keys,
        root.has("signingKey") ? dir.resolve(root.path("signingKey").asString("")) : null,
        duration(root.path("poll").asString("5m"), "poll"),
        new Kubernetes(
            kube.path("enabled").asBoolean(!kube.isMissingNode()),
            namespaces,
            duration(kube.path("rolloutTimeout").asString("10m"), "kubernetes.rolloutTimeout"),
            kube.path("discover").asBoolean(false)),
        notify.has("webhook") ? notify.path("webhook").asString("") : null,
        webhook.has("listen") ? webhook.path("listen").asString("") : null,
        webhook.has("tokenEnv") ? webhook.path("tokenEnv").asString("") : null,
        referrersMode);
  }

  /** Whether two references name the same repository and tag. */
  static boolean same(ImageRef a, ImageRef b) {
    return a.name().equals(b.name()) && Objects.equals(a.tag(), b.tag());
  }

  private static void only(JsonNode node, String where, Set<String> allowed) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          (where.isEmpty() ? "the document" : where) + " is not a mapping");
    }
    for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(
            "unknown key \""
                + (where.isEmpty() ? "" : where + ".")
                + k
                + "\" (allowed: "
                + new java.util.TreeSet<>(allowed)
                + ")");
      }
    }
  }

  private static Iterable<JsonNode> array(JsonNode parent, String field) {
    JsonNode n = parent.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(field + ": expected a list");
    }
    return n;
  }

  private static ImageRef ref(String s, String where, boolean needTag) {
    ImageRef r;
    try {
      r = ImageRef.parse(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": \"" + s + "\" " + e.getMessage());
    }
    if (needTag && r.tag() == null) {
      throw new IllegalArgumentException(where + ": \"" + s + "\" needs a tag to watch");
    }
    return r;
  }

  static Duration duration(String s, String where) {
    Matcher m = DURATION.matcher(s.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          where + ": \"" + s + "\" is not a duration like 30s, 5m, 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
