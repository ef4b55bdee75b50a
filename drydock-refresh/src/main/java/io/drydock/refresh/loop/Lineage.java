package io.drydock.refresh.loop;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageDocument;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Index;
import io.drydock.oci.Json;
import io.drydock.oci.Manifest;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.refresh.Rebaser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The graph the refresh loop acts on: each watched base (tag and current digest) → the app images
 * built on it (digest, and the rule that tied them: the config's explicit mapping, the app's {@code
 * org.opencontainers.image.base.name} annotation, or its layers starting with the base's) → the
 * workloads running them. Immutable.
 */
public record Lineage(List<BaseNode> bases, List<String> unattributed) {
  public Lineage {
    bases = List.copyOf(bases);
    unattributed = List.copyOf(unattributed);
  }

  /** How an app was tied to its base. */
  public enum Rule {
    CONFIG,
    ANNOTATION,
    LAYER_PREFIX
  }

  public record BaseNode(String base, String digest, List<AppNode> apps) {
    public BaseNode {
      apps = List.copyOf(apps);
    }
  }

  public record AppNode(String app, String digest, Rule rule, List<String> workloads) {
    public AppNode {
      workloads = List.copyOf(workloads);
    }
  }

  /**
   * Reads the registry (and the cluster, when {@code workloads} is not {@code null}) for every app
   * and base of {@code config}.
   */
  public static Lineage of(RefreshConfig config, RegistryClient client, Workloads workloads)
      throws IOException {
    Map<String, List<AppNode>> byBase = new LinkedHashMap<>();
    Map<String, Digest> baseDigests = new LinkedHashMap<>();
    Map<String, List<Digest>> baseLayers = new LinkedHashMap<>();
    for (ImageRef b : config.bases()) {
      RawDocument raw = client.getManifest(b);
      baseDigests.put(b.toString(), raw.digest());
      baseLayers.put(b.toString(), layers(client, b, raw));
      byBase.put(b.toString(), new ArrayList<>());
    }
    List<String> unattributed = new ArrayList<>();
    for (RefreshConfig.App app : RefreshRunner.discovered(config, workloads, m -> {})) {
      boolean discoveredApp = !config.apps().contains(app);
      RawDocument raw = client.getManifest(app.image());
      Rule rule = null;
      ImageRef base = null;
      if (app.base() != null) {
        base = app.base();
        rule = Rule.CONFIG;
      } else {
        String named = annotations(raw).get(Rebaser.BASE_NAME);
        for (ImageRef b : config.bases()) {
          if (named != null && RefreshConfig.same(b, parseOrNull(named))) {
            base = b;
            rule = Rule.ANNOTATION;
            break;
          }
        }
        if (base == null) {
          List<Digest> appLayers = layers(client, app.image(), raw);
          for (ImageRef b : config.bases()) {
            List<Digest> bl = baseLayers.get(b.toString());
            if (!bl.isEmpty()
                && appLayers.size() > bl.size()
                && appLayers.subList(0, bl.size()).equals(bl)) {
              base = b;
              rule = Rule.LAYER_PREFIX;
              break;
            }
          }
        }
      }
      if (base == null) {
        if (!discoveredApp) {
          unattributed.add(app.image() + "@" + raw.digest());
        }
        continue;
      }
      List<String> ws = new ArrayList<>();
      if (workloads != null) {
        for (Workloads.Workload w : workloads.running(app.image(), raw.digest())) {
          ws.add(w.toString());
        }
      }
      byBase
          .computeIfAbsent(base.toString(), k -> new ArrayList<>())
          .add(new AppNode(app.image().toString(), raw.digest().toString(), rule, ws));
    }
    List<BaseNode> nodes = new ArrayList<>();
    byBase.forEach(
        (b, apps) ->
            nodes.add(
                new BaseNode(
                    b, baseDigests.containsKey(b) ? baseDigests.get(b).toString() : null, apps)));
    return new Lineage(nodes, unattributed);
  }

  private static ImageRef parseOrNull(String s) {
    try {
      return ImageRef.parse(s);
    } catch (IllegalArgumentException e) {
      return new ImageRef("invalid", "invalid", "invalid", null);
    }
  }

  private static Map<String, String> annotations(RawDocument raw) throws IOException {
    ImageDocument d = raw.parse("manifest");
    return d instanceof Manifest m ? m.annotations() : ((Index) d).annotations();
  }

  /** The layer digests of {@code ref} (linux/amd64 of an index). */
  private static List<Digest> layers(RegistryClient client, ImageRef ref, RawDocument raw)
      throws IOException {
    ImageDocument d = raw.parse(ref.toString());
    if (d instanceof Index index) {
      for (Descriptor m : index.manifests()) {
        if (m.platform() != null && Platform.LINUX_AMD64.matches(m.platform())) {
          d = client.getManifest(ref.withDigest(m.digest())).parse(ref.toString());
          break;
        }
      }
    }
    if (!(d instanceof Manifest m)) {
      return List.of();
    }
    return m.layers().stream().map(Descriptor::digest).toList();
  }

  /** JSON for {@code refresh --lineage -f json}. */
  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode bs = o.putArray("bases");
    for (BaseNode b : bases) {
      ObjectNode bn = bs.addObject().put("base", b.base()).put("digest", b.digest());
      ArrayNode as = bn.putArray("apps");
      for (AppNode a : b.apps()) {
        ObjectNode an =
            as.addObject()
                .put("app", a.app())
                .put("digest", a.digest())
                .put("rule", a.rule().name());
        a.workloads().forEach(an.putArray("workloads")::add);
      }
    }
    unattributed.forEach(o.putArray("unattributed")::add);
    return o;
  }

  /** A tree for people. */
  public String text() {
    StringBuilder s = new StringBuilder();
    for (BaseNode b : bases) {
      s.append(b.base())
          .append(" @ ")
          .append(Objects.requireNonNullElse(b.digest(), "?"))
          .append('\n');
      for (AppNode a : b.apps()) {
        s.append("  └ ")
            .append(a.app())
            .append(" @ ")
            .append(a.digest())
            .append(" (")
            .append(a.rule().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
            .append(")\n");
        for (String w : a.workloads()) {
          s.append("      └ ").append(w).append('\n');
        }
      }
    }
    for (String u : unattributed) {
      s.append("no watched base found for ").append(u).append('\n');
    }
    return s.toString();
  }
}
