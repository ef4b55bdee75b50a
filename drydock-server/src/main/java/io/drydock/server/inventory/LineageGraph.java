package io.drydock.server.inventory;

import io.drydock.server.db.Database;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The base lineage of the stored images, read-only: base digest → the apps built on it → the
 * workloads running each app.
 *
 * <p>An app's base comes from one of two sources:
 *
 * <ol>
 *   <li>{@code images.base_digest} (with {@code base_name} and {@code base_rule}), set when the app
 *       was scanned from an annotation, a flag or layer matching against a named base. This source
 *       wins when present.
 *   <li>Layer prefixes between stored images: image B is a base of app A when B's {@code diff_ids}
 *       are a strict prefix of A's. The longest such prefix is taken (the nearest base: an app on
 *       python on debian gets python). Rule {@code layers}. Among images with the same layers, the
 *       first seen (then the smallest digest) is the base.
 * </ol>
 *
 * <p>A base image can itself be an app of another base; each {@link Base} lists only its direct
 * apps, so a chain is followed by looking up the base's digest as an app. Images whose {@code
 * diff_ids} are missing or not a JSON array of strings take no part in layer matching.
 *
 * <p>Each call reads the tables once (three queries) and builds the graph in memory by hash lookups
 * of each image's layer prefixes. Thread-safe.
 */
public final class LineageGraph {
  private static final Logger LOG = LoggerFactory.getLogger(LineageGraph.class);

  /** {@code base_rule} of a base found by layer prefixes here. */
  public static final String LAYERS = "layers";

  /** {@link Base#rule()} when the apps of one base were linked by different rules. */
  public static final String MIXED = "mixed";

  private final Database db;

  public LineageGraph(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** One container of a workload running an app ({@code workloads} row). */
  public record WorkloadRef(String namespace, String kind, String name, String container) {
    ObjectNode toJson() {
      ObjectNode o = Responses.MAPPER.createObjectNode();
      o.put("namespace", namespace);
      o.put("kind", kind);
      o.put("name", name);
      o.put("container", container);
      return o;
    }
  }

  /**
   * An image built on a base.
   *
   * @param digest the app's manifest digest
   * @param repository {@code images.repository}
   * @param references every reference it was seen under, sorted
   * @param rule how its base was found: {@code images.base_rule} ({@code annotation}, {@code flag},
   *     …; {@code declared} when the column is empty), or {@link #LAYERS}
   * @param workloads what runs it, sorted
   */
  public record App(
      String digest,
      String repository,
      List<String> references,
      String rule,
      List<WorkloadRef> workloads) {
    public App {
      references = List.copyOf(references);
      workloads = List.copyOf(workloads);
    }

    ObjectNode toJson() {
      ObjectNode o = Responses.MAPPER.createObjectNode();
      o.put("digest", digest);
      o.put("repository", repository);
      ArrayNode refs = o.putArray("references");
      references.forEach(refs::add);
      o.put("rule", rule);
      ArrayNode ws = o.putArray("workloads");
      workloads.forEach(w -> ws.add(w.toJson()));
      return o;
    }
  }

  /**
   * A base and its direct apps.
   *
   * @param name the base's name: the {@code base_name} its apps declare, else a tag reference the
   *     base image was seen under (else its digest reference, else its digest)
   * @param digest the base's manifest digest
   * @param rule the rule that linked its apps when they all agree, else {@link #MIXED}
   * @param apps sorted by repository, then digest
   */
  public record Base(String name, String digest, String rule, List<App> apps) {
    public Base {
      apps = List.copyOf(apps);
    }

    /** {@code {"name", "digest", "rule", "apps": [{"digest", "repository", …}]}}. */
    public ObjectNode toJson() {
      ObjectNode o = Responses.MAPPER.createObjectNode();
      o.put("name", name);
      o.put("digest", digest);
      o.put("rule", rule);
      ArrayNode as = o.putArray("apps");
      apps.forEach(a -> as.add(a.toJson()));
      return o;
    }
  }

  /** The whole graph: every base with at least one app, sorted by name then digest. */
  public record Graph(List<Base> bases) {
    public Graph {
      bases = List.copyOf(bases);
    }

    /** {@code {"bases": [...]}}. */
    public ObjectNode toJson() {
      ObjectNode o = Responses.MAPPER.createObjectNode();
      ArrayNode bs = o.putArray("bases");
      bases.forEach(b -> bs.add(b.toJson()));
      return o;
    }

    /** The base with this digest, if it has apps. */
    public Optional<Base> base(String digest) {
      return bases.stream().filter(b -> b.digest().equals(digest)).findFirst();
    }

    /**
     * The chain of bases under an image, nearest first (app on python on debian: python's entry,
     * then debian's), each with the one app of the chain; empty when it has no base. Stops at a
     * digest seen twice (a cycle in hand-written {@code base_digest} values).
     */
    public List<Base> ancestry(String digest) {
      List<Base> chain = new ArrayList<>();
      Set<String> seen = new java.util.HashSet<>();
      String d = digest;
      while (seen.add(d)) {
        Optional<Base> b = baseOf(d);
        if (b.isEmpty()) {
          break;
        }
        chain.add(b.get());
        d = b.get().digest();
      }
      return chain;
    }

    /** The base that {@code appDigest} is a direct app of, with that app only. */
    public Optional<Base> baseOf(String appDigest) {
      for (Base b : bases) {
        for (App a : b.apps()) {
          if (a.digest().equals(appDigest)) {
            return Optional.of(new Base(b.name(), b.digest(), a.rule(), List.of(a)));
          }
        }
      }
      return Optional.empty();
    }
  }

  private record Image(
      String digest,
      String repository,
      String baseName,
      String baseDigest,
      String baseRule,
      List<String> diffIds,
      long firstSeen) {}

  /** Reads the graph. */
  public Graph graph() {
    return db.jdbi().withHandle(this::read);
  }

  /** The base with this digest and its apps, if it has any. */
  public Optional<Base> base(String digest) {
    return graph().base(digest);
  }

  /** The base of an app (with that app only), if it has one. */
  public Optional<Base> baseOf(String appDigest) {
    return graph().baseOf(appDigest);
  }

  private Graph read(Handle h) {
    List<Image> images =
        h.createQuery(
                "SELECT digest, repository, base_name, base_digest, base_rule, diff_ids,"
                    + " first_seen FROM images")
            .map(
                (rs, c) ->
                    new Image(
                        rs.getString("digest"),
                        rs.getString("repository"),
                        rs.getString("base_name"),
                        rs.getString("base_digest"),
                        rs.getString("base_rule"),
                        diffIds(rs.getString("digest"), rs.getString("diff_ids")),
                        rs.getLong("first_seen")))
            .list();
    Map<String, Set<String>> refs = new HashMap<>();
    h.createQuery("SELECT reference, digest FROM image_refs ORDER BY reference")
        .map(
            (rs, c) ->
                refs.computeIfAbsent(rs.getString("digest"), k -> new LinkedHashSet<>())
                    .add(rs.getString("reference")))
        .list();
    Map<String, List<WorkloadRef>> running = new HashMap<>();
    h.createQuery(
            "SELECT namespace, kind, name, container, digest FROM workloads WHERE digest IS NOT"
                + " NULL ORDER BY namespace, kind, name, container")
        .map(
            (rs, c) ->
                running
                    .computeIfAbsent(rs.getString("digest"), k -> new ArrayList<>())
                    .add(
                        new WorkloadRef(
                            rs.getString("namespace"),
                            rs.getString("kind"),
                            rs.getString("name"),
                            rs.getString("container"))))
        .list();
    return build(images, refs, running);
  }

  private static Graph build(
      List<Image> images, Map<String, Set<String>> refs, Map<String, List<WorkloadRef>> running) {
    // every image's full layer list, keyed by the list: the candidates to be someone's base
    Map<String, Image> byLayers = new HashMap<>();
    Map<String, Image> byDigest = new HashMap<>();
    Comparator<Image> preferred =
        Comparator.comparingLong(Image::firstSeen).thenComparing(Image::digest);
    for (Image i : images) {
      byDigest.put(i.digest(), i);
      if (!i.diffIds().isEmpty()) {
        byLayers.merge(
            key(i.diffIds(), i.diffIds().size()),
            i,
            (a, b) -> preferred.compare(a, b) <= 0 ? a : b);
      }
    }
    record Link(String baseDigest, String baseName, String rule, Image app) {}
    List<Link> links = new ArrayList<>();
    for (Image a : images) {
      if (a.baseDigest() != null && !a.baseDigest().isBlank()) {
        String rule = a.baseRule() == null || a.baseRule().isBlank() ? "declared" : a.baseRule();
        links.add(new Link(a.baseDigest(), a.baseName(), rule, a));
        continue;
      }
      List<String> layers = a.diffIds();
      for (int k = layers.size() - 1; k >= 1; k--) {
        Image b = byLayers.get(key(layers, k));
        if (b != null && !b.digest().equals(a.digest())) {
          links.add(new Link(b.digest(), null, LAYERS, a));
          break;
        }
      }
    }
    Map<String, List<Link>> byBase = new TreeMap<>();
    for (Link l : links) {
      byBase.computeIfAbsent(l.baseDigest(), k -> new ArrayList<>()).add(l);
    }
    List<Base> bases = new ArrayList<>();
    byBase.forEach(
        (digest, ls) -> {
          List<App> apps = new ArrayList<>();
          Set<String> rules = new LinkedHashSet<>();
          String declaredName = null;
          for (Link l : ls) {
            rules.add(l.rule());
            if (declaredName == null && l.baseName() != null && !l.baseName().isBlank()) {
              declaredName = l.baseName();
            }
            Image a = l.app();
            apps.add(
                new App(
                    a.digest(),
                    a.repository(),
                    List.copyOf(refs.getOrDefault(a.digest(), Set.of())),
                    l.rule(),
                    running.getOrDefault(a.digest(), List.of())));
          }
          apps.sort(Comparator.comparing(App::repository).thenComparing(App::digest));
          String name =
              declaredName != null
                  ? declaredName
                  : name(digest, byDigest.get(digest), refs.getOrDefault(digest, Set.of()));
          bases.add(
              new Base(name, digest, rules.size() == 1 ? rules.iterator().next() : MIXED, apps));
        });
    bases.sort(Comparator.comparing(Base::name).thenComparing(Base::digest));
    return new Graph(bases);
  }

  /** A base's name from its stored references: a tag form first, else a digest form. */
  private static String name(String digest, Image image, Set<String> references) {
    for (String r : references) {
      if (!r.contains("@")) {
        return r;
      }
    }
    if (!references.isEmpty()) {
      return references.iterator().next();
    }
    return image != null ? image.repository() + "@" + digest : digest;
  }

  /** A map key for the first {@code n} layers (diffIDs contain no newline). */
  private static String key(List<String> layers, int n) {
    return String.join("\n", layers.subList(0, n));
  }

  private static List<String> diffIds(String digest, String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      JsonNode n = Responses.MAPPER.readTree(json);
      if (!n.isArray()) {
        LOG.debug("lineage: diff_ids of {} is not a JSON array; ignored", digest);
        return List.of();
      }
      List<String> out = new ArrayList<>(n.size());
      for (JsonNode e : n) {
        if (!e.isString() || e.asString().isEmpty() || e.asString().contains("\n")) {
          LOG.debug("lineage: diff_ids of {} holds a non-digest entry; ignored", digest);
          return List.of();
        }
        out.add(e.asString());
      }
      return out;
    } catch (JacksonException e) {
      LOG.debug("lineage: diff_ids of {} is not JSON; ignored", digest);
      return List.of();
    }
  }
}
