package io.drydock.server.dashboard;

import io.drydock.sbom.Sbom;
import io.drydock.sbom.format.CycloneDx;
import io.drydock.sbom.format.FormatOptions;
import io.drydock.sbom.format.SbomReader;
import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jdbi.v3.core.Handle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test-only stand-in for the server's JSON API (built in parallel in {@code
 * io.drydock.server.api}): answers exactly the routes and field names of the dashboard's contract
 * from the rows of the real schema (images, image_refs, findings, workloads, tokens, decisions,
 * refreshes, events, server_state), with bearer tokens checked against {@code tokens.hash}
 * (SHA-256, hex).
 *
 * <p>It exists so the dashboard can be tested end to end before the real API part is merged; the
 * browser test names it in one place ({@link DashboardBrowserTest#PARTS}) so the swap is one line.
 * Its risk score is its own simple weighting; the test asserts the page shows the API's order,
 * whatever the score.
 */
final class ContractApiPart implements ServerPart {
  static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN");
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final ServerContext server;

  ContractApiPart(ServerContext server) {
    this.server = server;
  }

  @Override
  public void routes(RoutesConfig r) {
    r.before("/api/*", this::authenticate);
    r.get("/api/v1/summary", ctx -> send(ctx, summary()));
    r.get("/api/v1/images", ctx -> send(ctx, images(ctx)));
    r.get("/api/v1/images/{digest}", ctx -> image(ctx, ctx.pathParam("digest")));
    r.get("/api/v1/images/{digest}/findings", ctx -> findings(ctx, ctx.pathParam("digest")));
    r.get("/api/v1/images/{digest}/decisions", ctx -> decisions(ctx, ctx.pathParam("digest")));
    r.get("/api/v1/images/{digest}/sbom", ctx -> sbom(ctx, ctx.pathParam("digest")));
    r.get("/api/v1/workloads", ctx -> send(ctx, workloads()));
    r.get("/api/v1/lineage", ctx -> send(ctx, lineage()));
    r.get("/api/v1/refreshes", ctx -> send(ctx, refreshes()));
    r.get("/api/v1/events", ctx -> send(ctx, events(ctx)));
  }

  private void authenticate(Context ctx) throws Exception {
    String auth = ctx.header("Authorization");
    boolean ok = false;
    if (auth != null && auth.startsWith("Bearer ")) {
      String hash =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(auth.substring(7).trim().getBytes(StandardCharsets.UTF_8)));
      ok =
          server
                  .db()
                  .jdbi()
                  .withHandle(
                      h ->
                          h.createQuery("SELECT COUNT(*) FROM tokens WHERE hash = :h")
                              .bind("h", hash)
                              .mapTo(Integer.class)
                              .one())
              > 0;
    }
    if (!ok) {
      ctx.skipRemainingHandlers();
      error(ctx, 401, "missing or invalid API token");
    }
  }

  private static void send(Context ctx, JsonNode body) {
    ctx.contentType("application/json").result(JSON.writeValueAsBytes(body));
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status)
        .contentType("application/json")
        .result(JSON.writeValueAsBytes(Map.of("error", message)));
  }

  private <T> T db(org.jdbi.v3.core.HandleCallback<T, RuntimeException> f) {
    return server.db().jdbi().withHandle(f);
  }

  // ---- summary ----------------------------------------------------------------------------------

  private ObjectNode summary() {
    return db(
        h -> {
          ObjectNode o = JSON.createObjectNode();
          o.put("images", count(h, "SELECT COUNT(*) FROM images"));
          o.put("workloads", count(h, "SELECT COUNT(*) FROM workloads"));
          String running = "digest IN (SELECT digest FROM workloads WHERE digest IS NOT NULL)";
          o.put("runningImages", count(h, "SELECT COUNT(*) FROM images WHERE " + running));
          ObjectNode sev = o.putObject("findingsBySeverity");
          SEVERITIES.forEach(s -> sev.put(s, 0));
          h.createQuery(
                  "SELECT severity, COUNT(*) AS n FROM findings WHERE resolved_at IS NULL AND "
                      + running
                      + " GROUP BY severity")
              .mapToMap()
              .forEach(m -> sev.put((String) m.get("severity"), ((Number) m.get("n")).longValue()));
          o.put(
              "kev",
              count(
                  h,
                  "SELECT COUNT(*) FROM findings WHERE resolved_at IS NULL AND kev AND "
                      + running));
          o.put(
              "fixable",
              count(
                  h,
                  "SELECT COUNT(*) FROM findings WHERE resolved_at IS NULL"
                      + " AND fixed_version IS NOT NULL AND "
                      + running));
          ObjectNode adv = o.putObject("advisories");
          h.createQuery(
                  "SELECT value, updated_at FROM server_state WHERE name = 'advisories.built'")
              .mapToMap()
              .findOne()
              .ifPresentOrElse(
                  m -> {
                    adv.put("built", (String) m.get("value"));
                    adv.put("updatedAt", ((Number) m.get("updated_at")).longValue());
                  },
                  () -> {
                    adv.putNull("built");
                    adv.putNull("updatedAt");
                  });
          ObjectNode q = o.putObject("queue");
          for (String state : List.of("queued", "running", "failed")) {
            q.put(
                state,
                h.createQuery("SELECT COUNT(*) FROM jobs WHERE state = :s")
                    .bind("s", state)
                    .mapTo(Long.class)
                    .one());
          }
          return o;
        });
  }

  private static long count(Handle h, String sql) {
    return h.createQuery(sql).mapTo(Long.class).one();
  }

  // ---- images -----------------------------------------------------------------------------------

  private List<ObjectNode> allImages(Handle h) {
    List<ObjectNode> out = new ArrayList<>();
    for (Map<String, Object> m : h.createQuery("SELECT * FROM images").mapToMap().list()) {
      out.add(imageNode(h, m));
    }
    out.sort(
        Comparator.comparingDouble((ObjectNode n) -> -n.get("risk").asDouble())
            .thenComparing(n -> n.get("digest").asString()));
    return out;
  }

  private ObjectNode imageNode(Handle h, Map<String, Object> m) {
    String digest = (String) m.get("digest");
    ObjectNode o = JSON.createObjectNode();
    o.put("digest", digest);
    o.put("repository", (String) m.get("repository"));
    ArrayNode refs = o.putArray("references");
    h.createQuery("SELECT reference FROM image_refs WHERE digest = :d ORDER BY reference")
        .bind("d", digest)
        .mapTo(String.class)
        .forEach(refs::add);
    o.put("firstSeen", longOrNull(m.get("first_seen")));
    o.put("lastSeen", longOrNull(m.get("last_seen")));
    o.put("scannedAt", longOrNull(m.get("scanned_at")));
    o.put("evaluatedAt", longOrNull(m.get("evaluated_at")));
    o.put("os", (String) m.get("os"));
    if (m.get("base_name") != null) {
      ObjectNode b = o.putObject("base");
      b.put("name", (String) m.get("base_name"));
      b.put("digest", (String) m.get("base_digest"));
      b.put("rule", (String) m.get("base_rule"));
    } else {
      o.putNull("base");
    }
    o.put("packages", ((Number) m.get("packages")).intValue());
    Map<String, Long> counts = severityCounts(h, digest);
    ObjectNode f = o.putObject("findings");
    counts.forEach(f::put);
    long kev =
        h.createQuery(
                "SELECT COUNT(*) FROM findings WHERE digest = :d AND resolved_at IS NULL AND kev")
            .bind("d", digest)
            .mapTo(Long.class)
            .one();
    o.put("kev", kev);
    o.put(
        "fixable",
        h.createQuery(
                "SELECT COUNT(*) FROM findings WHERE digest = :d AND resolved_at IS NULL"
                    + " AND fixed_version IS NOT NULL")
            .bind("d", digest)
            .mapTo(Long.class)
            .one());
    long workloads =
        h.createQuery("SELECT COUNT(*) FROM workloads WHERE digest = :d")
            .bind("d", digest)
            .mapTo(Long.class)
            .one();
    o.put("workloads", workloads);
    o.put("risk", risk(counts, kev, workloads > 0));
    o.put("scanError", (String) m.get("scan_error"));
    return o;
  }

  private static Long longOrNull(Object o) {
    return o == null ? null : ((Number) o).longValue();
  }

  private static Map<String, Long> severityCounts(Handle h, String digest) {
    Map<String, Long> counts = new LinkedHashMap<>();
    SEVERITIES.forEach(s -> counts.put(s, 0L));
    h.createQuery(
            "SELECT severity, COUNT(*) AS n FROM findings WHERE digest = :d AND resolved_at IS NULL"
                + " GROUP BY severity")
        .bind("d", digest)
        .mapToMap()
        .forEach(m -> counts.put((String) m.get("severity"), ((Number) m.get("n")).longValue()));
    return counts;
  }

  /** This stand-in's own weighting: severities, KEV, and double for what runs. */
  static double risk(Map<String, Long> c, long kev, boolean running) {
    double r =
        10.0 * c.get("CRITICAL")
            + 5.0 * c.get("HIGH")
            + 2.0 * c.get("MEDIUM")
            + 0.5 * c.get("LOW")
            + 10.0 * kev;
    return running ? 2 * r : r;
  }

  private ObjectNode images(Context ctx) {
    int limit = intParam(ctx, "limit", 100);
    int offset = intParam(ctx, "offset", 0);
    return db(
        h -> {
          List<ObjectNode> all = allImages(h);
          ObjectNode o = JSON.createObjectNode();
          ArrayNode arr = o.putArray("images");
          all.stream().skip(offset).limit(limit).forEach(arr::add);
          o.put("total", all.size());
          return o;
        });
  }

  private static int intParam(Context ctx, String name, int dflt) {
    String v = ctx.queryParam(name);
    return v == null || v.isEmpty() ? dflt : Integer.parseInt(v);
  }

  private void image(Context ctx, String digest) {
    ObjectNode o =
        db(
            h -> {
              var row =
                  h.createQuery("SELECT * FROM images WHERE digest = :d")
                      .bind("d", digest)
                      .mapToMap()
                      .findOne();
              if (row.isEmpty()) {
                return null;
              }
              ObjectNode n = imageNode(h, row.get());
              ArrayNode w = n.putArray("workloads");
              workloadNodes(h, "WHERE digest = :d", digest).forEach(w::add);
              return n;
            });
    if (o == null) {
      error(ctx, 404, "no image " + digest);
    } else {
      send(ctx, o);
    }
  }

  private void findings(Context ctx, String digest) {
    ObjectNode o =
        db(
            h -> {
              ObjectNode n = JSON.createObjectNode();
              ArrayNode arr = n.putArray("findings");
              for (Map<String, Object> m :
                  h.createQuery("SELECT * FROM findings WHERE digest = :d ORDER BY vuln_id")
                      .bind("d", digest)
                      .mapToMap()
                      .list()) {
                ObjectNode f = arr.addObject();
                f.put("id", (String) m.get("vuln_id"));
                ArrayNode aliases = f.putArray("aliases");
                String a = (String) m.get("aliases");
                if (a != null && !a.isBlank()) {
                  for (String s : a.split(",")) {
                    aliases.add(s.trim());
                  }
                }
                f.put("package", (String) m.get("package"));
                f.put("version", (String) m.get("version"));
                f.put("ecosystem", (String) m.get("ecosystem"));
                f.put("purl", (String) m.get("purl"));
                f.put("severity", (String) m.get("severity"));
                putDouble(f, "score", m.get("score"));
                f.put("fixedVersion", (String) m.get("fixed_version"));
                Object kev = m.get("kev");
                boolean isKev =
                    kev instanceof Boolean b ? b : kev != null && ((Number) kev).intValue() != 0;
                f.put("kev", isKev);
                putDouble(f, "epss", m.get("epss"));
                f.put("origin", (String) m.get("origin"));
                Object li = m.get("layer_index");
                if (li == null) {
                  f.putNull("layerIndex");
                } else {
                  f.put("layerIndex", ((Number) li).intValue());
                }
                f.put("path", (String) m.get("path"));
                f.put("advice", (String) m.get("advice"));
                f.put("title", (String) m.get("title"));
                f.put("firstSeen", longOrNull(m.get("first_seen")));
                f.put("resolvedAt", longOrNull(m.get("resolved_at")));
              }
              return n;
            });
    send(ctx, o);
  }

  private static void putDouble(ObjectNode o, String name, Object v) {
    if (v == null) {
      o.putNull(name);
    } else {
      o.put(name, ((Number) v).doubleValue());
    }
  }

  private void decisions(Context ctx, String digest) {
    send(
        ctx,
        db(
            h -> {
              ObjectNode n = JSON.createObjectNode();
              ArrayNode arr = n.putArray("decisions");
              for (Map<String, Object> m :
                  h.createQuery("SELECT * FROM decisions WHERE digest = :d ORDER BY at DESC")
                      .bind("d", digest)
                      .mapToMap()
                      .list()) {
                ObjectNode d = arr.addObject();
                d.put("policy", (String) m.get("policy"));
                d.put("decision", (String) m.get("decision"));
                d.put("at", longOrNull(m.get("at")));
                d.set("detail", parse((String) m.get("detail")));
              }
              return n;
            }));
  }

  /** The stored SBOM (gzip of Drydock's JSON) converted to CycloneDX, as the real API does. */
  private void sbom(Context ctx, String digest) throws IOException {
    String format = ctx.queryParam("format");
    if (!"cyclonedx".equals(format)) {
      error(ctx, 400, "format: this test API serves only cyclonedx, not " + format);
      return;
    }
    var doc =
        db(
            h ->
                h.createQuery("SELECT doc FROM sboms WHERE digest = :d")
                    .bind("d", digest)
                    .mapTo(byte[].class)
                    .findOne());
    if (doc.isEmpty()) {
      error(ctx, 404, "image " + digest + ": no SBOM stored");
      return;
    }
    Path tmp = Files.createTempFile(server.dataDir(), "sbom-", ".json");
    Sbom sbom;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(doc.get()))) {
      Files.write(tmp, in.readAllBytes());
      sbom = SbomReader.read(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CycloneDx.writeJson(sbom, FormatOptions.defaults(), out);
    ctx.contentType("application/vnd.cyclonedx+json").result(out.toByteArray());
  }

  // ---- workloads and lineage --------------------------------------------------------------------

  private List<ObjectNode> workloadNodes(Handle h, String where, String digest) {
    var q = h.createQuery("SELECT * FROM workloads " + where);
    if (digest != null) {
      q.bind("d", digest);
    }
    List<ObjectNode> out = new ArrayList<>();
    for (Map<String, Object> m : q.mapToMap().list()) {
      ObjectNode w = JSON.createObjectNode();
      w.put("namespace", (String) m.get("namespace"));
      w.put("kind", (String) m.get("kind"));
      w.put("name", (String) m.get("name"));
      w.put("container", (String) m.get("container"));
      w.put("image", (String) m.get("image"));
      String d = (String) m.get("digest");
      w.put("digest", d);
      w.put("pods", ((Number) m.get("pods")).intValue());
      Map<String, Long> counts = d == null ? severityCounts(h, "") : severityCounts(h, d);
      ObjectNode f = w.putObject("findings");
      counts.forEach(f::put);
      long kev =
          d == null
              ? 0
              : h.createQuery(
                      "SELECT COUNT(*) FROM findings WHERE digest = :d AND resolved_at IS NULL"
                          + " AND kev")
                  .bind("d", d)
                  .mapTo(Long.class)
                  .one();
      w.put("risk", risk(counts, kev, true));
      out.add(w);
    }
    out.sort(Comparator.comparingDouble((ObjectNode n) -> -n.get("risk").asDouble()));
    return out;
  }

  private ObjectNode workloads() {
    return db(
        h -> {
          ObjectNode o = JSON.createObjectNode();
          ArrayNode arr = o.putArray("workloads");
          workloadNodes(h, "", null).forEach(arr::add);
          return o;
        });
  }

  private ObjectNode lineage() {
    return db(
        h -> {
          ObjectNode o = JSON.createObjectNode();
          ArrayNode bases = o.putArray("bases");
          for (Map<String, Object> b :
              h.createQuery(
                      "SELECT DISTINCT base_name, base_digest, base_rule FROM images"
                          + " WHERE base_name IS NOT NULL ORDER BY base_name, base_digest")
                  .mapToMap()
                  .list()) {
            ObjectNode bn = bases.addObject();
            bn.put("name", (String) b.get("base_name"));
            bn.put("digest", (String) b.get("base_digest"));
            bn.put("rule", (String) b.get("base_rule"));
            ArrayNode apps = bn.putArray("apps");
            for (Map<String, Object> a :
                h.createQuery(
                        "SELECT digest, repository, base_rule FROM images WHERE base_name = :n"
                            + " AND base_digest = :d ORDER BY repository")
                    .bind("n", (String) b.get("base_name"))
                    .bind("d", (String) b.get("base_digest"))
                    .mapToMap()
                    .list()) {
              String digest = (String) a.get("digest");
              ObjectNode an = apps.addObject();
              an.put("digest", digest);
              an.put("repository", (String) a.get("repository"));
              ArrayNode refs = an.putArray("references");
              h.createQuery("SELECT reference FROM image_refs WHERE digest = :d")
                  .bind("d", digest)
                  .mapTo(String.class)
                  .forEach(refs::add);
              an.put("rule", (String) a.get("base_rule"));
              ArrayNode wls = an.putArray("workloads");
              for (Map<String, Object> w :
                  h.createQuery(
                          "SELECT namespace, kind, name, container FROM workloads"
                              + " WHERE digest = :d ORDER BY namespace, name")
                      .bind("d", digest)
                      .mapToMap()
                      .list()) {
                wls.addObject()
                    .put("namespace", (String) w.get("namespace"))
                    .put("kind", (String) w.get("kind"))
                    .put("name", (String) w.get("name"))
                    .put("container", (String) w.get("container"));
              }
            }
          }
          return o;
        });
  }

  // ---- activity ---------------------------------------------------------------------------------

  private ObjectNode refreshes() {
    return db(
        h -> {
          ObjectNode o = JSON.createObjectNode();
          ArrayNode arr = o.putArray("refreshes");
          for (Map<String, Object> m :
              h.createQuery("SELECT * FROM refreshes ORDER BY at DESC").mapToMap().list()) {
            ObjectNode r = arr.addObject();
            r.put("id", ((Number) m.get("id")).longValue());
            r.put("at", ((Number) m.get("at")).longValue());
            r.put("base", (String) m.get("base"));
            r.put("oldDigest", (String) m.get("old_digest"));
            r.put("newDigest", (String) m.get("new_digest"));
            r.put("source", (String) m.get("source"));
            r.set("report", parse((String) m.get("report")));
          }
          return o;
        });
  }

  private ObjectNode events(Context ctx) {
    String s = ctx.queryParam("since");
    long since = s == null || s.isEmpty() ? 0 : Long.parseLong(s);
    return db(
        h -> {
          ObjectNode o = JSON.createObjectNode();
          ArrayNode arr = o.putArray("events");
          for (Map<String, Object> m :
              h.createQuery("SELECT * FROM events WHERE at >= :s ORDER BY at DESC")
                  .bind("s", since)
                  .mapToMap()
                  .list()) {
            ObjectNode e = arr.addObject();
            e.put("id", ((Number) m.get("id")).longValue());
            e.put("at", ((Number) m.get("at")).longValue());
            e.put("kind", (String) m.get("kind"));
            e.put("digest", (String) m.get("digest"));
            e.set("detail", parse((String) m.get("detail")));
          }
          return o;
        });
  }

  private static JsonNode parse(String json) {
    return json == null ? JSON.nullNode() : JSON.readTree(json);
  }
}
