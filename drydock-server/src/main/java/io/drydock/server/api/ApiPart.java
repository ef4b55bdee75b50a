package io.drydock.server.api;

import io.drydock.oci.ImageRef;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.format.CycloneDx;
import io.drydock.sbom.format.FormatOptions;
import io.drydock.sbom.format.SpdxJson;
import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.drydock.server.db.Vendor;
import io.drydock.server.inventory.RefreshHistory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON API under {@code /api/v1} (read from the schema the other parts fill) and the OpenAPI
 * document at {@code /openapi.json}. Every answer is JSON; a refused request is 400, 404 or 413
 * with {@code {"error": "..."}} naming the input. Tokens are checked by {@link AuthPart}.
 */
public final class ApiPart implements ServerPart {
  private static final Logger LOG = LoggerFactory.getLogger(ApiPart.class);

  /** Largest request body read (a CI-submitted SBOM fits). */
  public static final int MAX_BODY = 10 << 20;

  private static final long DRAIN_LIMIT = 4L * MAX_BODY;
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");
  private static final Set<String> DECISIONS = Set.of("allow", "warn", "deny");
  private static final long MAX_SBOM_BYTES = 256L << 20;

  private final ServerContext server;
  private final Jdbi jdbi;
  private final LineageSource lineage;
  private final byte[] openapi;
  private final FleetRisk fleet;
  private final RefreshHistory history;

  /**
   * The API with the inventory's lineage: declared bases and the longest layer prefix among the
   * stored images ({@link io.drydock.server.inventory.LineageGraph}).
   */
  public ApiPart(ServerContext server) {
    this(server, () -> new io.drydock.server.inventory.LineageGraph(server.db()).graph().toJson());
  }

  public ApiPart(ServerContext server, LineageSource lineage) {
    this.server = server;
    this.jdbi = server.db().jdbi();
    this.history = new RefreshHistory(server.db(), server.clock());
    this.lineage = lineage;
    this.fleet = new FleetRisk(server.db());
    try (InputStream in = ApiPart.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json missing from the classpath");
      }
      this.openapi = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The API's parts in the order to compose them: metrics (times every request, 401s included),
   * authentication, then the API itself.
   */
  public static List<Function<ServerContext, ServerPart>> factories() {
    return List.of(ApiMetrics::new, AuthPart::new, ApiPart::new);
  }

  /** The API's routes: method, path template. */
  record Route(String method, String path, Handler handler) {}

  /** The routes under {@code /api/}, in one table (metrics label unmatched requests with it). */
  List<Route> apiRoutes() {
    return List.of(
        new Route("GET", "/api/v1/summary", this::summary),
        new Route("GET", "/api/v1/images", this::images),
        new Route("GET", "/api/v1/images/{digest}", this::image),
        new Route("GET", "/api/v1/images/{digest}/findings", this::imageFindings),
        new Route("GET", "/api/v1/images/{digest}/sbom", this::sbom),
        new Route("GET", "/api/v1/images/{digest}/decisions", this::decisions),
        new Route("POST", "/api/v1/decisions", this::postDecision),
        new Route("POST", "/api/v1/scans", this::postScan),
        new Route("GET", "/api/v1/jobs/{id}", this::job),
        new Route("GET", "/api/v1/workloads", this::workloads),
        new Route("GET", "/api/v1/findings", this::findings),
        new Route("GET", "/api/v1/lineage", ctx -> Json.send(ctx, lineage.lineage())),
        new Route("GET", "/api/v1/refreshes", this::refreshes),
        new Route("GET", "/api/v1/events", this::events));
  }

  /** The path templates of {@link #apiRoutes()}, for metrics of requests no handler matched. */
  static final List<String> API_PATHS =
      List.of(
          "/api/v1/summary",
          "/api/v1/images",
          "/api/v1/images/{digest}",
          "/api/v1/images/{digest}/findings",
          "/api/v1/images/{digest}/sbom",
          "/api/v1/images/{digest}/decisions",
          "/api/v1/decisions",
          "/api/v1/scans",
          "/api/v1/jobs/{id}",
          "/api/v1/workloads",
          "/api/v1/findings",
          "/api/v1/lineage",
          "/api/v1/refreshes",
          "/api/v1/events");

  @Override
  public void routes(RoutesConfig r) {
    r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openapi));
    for (Route route : apiRoutes()) {
      if (route.method().equals("GET")) {
        r.get(route.path(), wrap(route.handler()));
      } else {
        r.post(route.path(), wrap(route.handler()));
      }
    }
  }

  @Override
  public void close() {
    fleet.close();
  }

  /** Every refusal and failure as one JSON line; no stack trace reaches the client. */
  private static Handler wrap(Handler h) {
    return ctx -> {
      try {
        h.handle(ctx);
      } catch (ApiException e) {
        Json.error(ctx, e.status(), e.getMessage());
      } catch (Exception e) {
        LOG.warn("api: {} {}: {}", ctx.method(), ctx.path(), e.toString(), e);
        Json.error(ctx, 500, "internal error: " + Json.oneLine(e.getMessage()));
      }
    };
  }

  // ---- summary

  private void summary(Context ctx) {
    ObjectNode out = Json.object();
    jdbi.useHandle(
        h -> {
          out.put("images", count(h, "SELECT COUNT(*) FROM images"));
          out.put("workloads", count(h, "SELECT COUNT(*) FROM workloads"));
          out.put(
              "runningImages",
              count(h, "SELECT COUNT(DISTINCT digest) FROM workloads WHERE digest IS NOT NULL"));
          // open findings on running images, from the per-image aggregates
          Map<String, FleetRisk.Agg> aggs = fleet.byDigest();
          long[] bySev = new long[Risk.SEVERITIES.size()];
          long kev = 0;
          long fixable = 0;
          for (String d :
              h.createQuery("SELECT DISTINCT digest FROM workloads WHERE digest IS NOT NULL")
                  .mapTo(String.class)
                  .list()) {
            FleetRisk.Agg a = aggs.getOrDefault(d, FleetRisk.Agg.NONE);
            for (int i = 0; i < bySev.length; i++) {
              bySev[i] += a.bySeverity(Risk.SEVERITIES.get(i));
            }
            kev += a.kev();
            fixable += a.fixable();
          }
          ObjectNode sev = out.putObject("findingsBySeverity");
          for (int i = 0; i < bySev.length; i++) {
            sev.put(Risk.SEVERITIES.get(i), bySev[i]);
          }
          out.put("kev", kev);
          out.put("fixable", fixable);
          out.set("advisories", advisories(h));
        });
    ObjectNode q = out.putObject("queue");
    Map<String, Map<String, Long>> counts = server.queue().counts();
    for (String state : List.of("queued", "running", "failed")) {
      q.put(state, counts.getOrDefault(state, Map.of()).values().stream().mapToLong(l -> l).sum());
    }
    Json.send(ctx, out);
  }

  /**
   * The advisory database the findings come from: {@code server_state} rows {@code
   * advisories.built} / {@code advisories.updated_at} when the update job writes them, else the
   * latest finished re-evaluation.
   */
  private static ObjectNode advisories(Handle h) {
    ObjectNode a = Json.object();
    Map<String, String[]> state = new LinkedHashMap<>();
    h.createQuery(
            "SELECT name, value, updated_at FROM server_state WHERE name IN"
                + " ('advisories.built', 'advisories.updated_at')")
        .map(
            (rs, c) ->
                state.put(
                    rs.getString(1), new String[] {rs.getString(2), String.valueOf(rs.getLong(3))}))
        .list();
    String built = state.containsKey("advisories.built") ? state.get("advisories.built")[0] : null;
    Long updated = null;
    if (state.containsKey("advisories.updated_at")) {
      try {
        updated = Long.parseLong(state.get("advisories.updated_at")[0].strip());
      } catch (NumberFormatException e) {
        updated = Long.parseLong(state.get("advisories.updated_at")[1]);
      }
    } else if (state.containsKey("advisories.built")) {
      updated = Long.parseLong(state.get("advisories.built")[1]);
    }
    if (built == null) {
      Optional<Object[]> last =
          h.createQuery(
                  "SELECT advisories_built, finished_at FROM evaluations WHERE finished_at IS NOT"
                      + " NULL AND advisories_built IS NOT NULL ORDER BY finished_at DESC LIMIT 1")
              .map((rs, c) -> new Object[] {rs.getString(1), rs.getLong(2)})
              .findOne();
      if (last.isPresent()) {
        built = (String) last.get()[0];
        updated = updated == null ? (Long) last.get()[1] : updated;
      }
    }
    a.put("built", built);
    if (updated == null) {
      a.putNull("updatedAt");
    } else {
      a.put("updatedAt", updated);
    }
    return a;
  }

  private static long count(Handle h, String sql) {
    return h.createQuery(sql).mapTo(Long.class).one();
  }

  // ---- images

  private void images(Context ctx) {
    int limit = limit(ctx);
    int offset = offset(ctx);
    String repository = blankToNull(ctx.queryParam("repository"));
    FleetRisk.Snapshot fleetNow = fleet.current();
    Map<String, FleetRisk.Agg> aggs = fleetNow.byDigest();
    List<FleetRisk.Ranked> ranked = fleetNow.ranked();
    List<String> page = new ArrayList<>();
    int total = 0;
    for (FleetRisk.Ranked r : ranked) {
      if (repository != null && !repository.equals(r.repository())) {
        continue;
      }
      if (total >= offset && page.size() < limit) {
        page.add(r.digest());
      }
      total++;
    }
    ObjectNode out = Json.object();
    ArrayNode arr = out.putArray("images");
    jdbi.useHandle(h -> imageRows(h, page, aggs).forEach(arr::add));
    out.put("total", total);
    Json.send(ctx, out);
  }

  /** The {@code Image} objects of {@code digests}, in that order. */
  private static List<ObjectNode> imageRows(
      Handle h, List<String> digests, Map<String, FleetRisk.Agg> aggs) {
    if (digests.isEmpty()) {
      return List.of();
    }
    Map<String, Long> workloads = new HashMap<>();
    h.createQuery("SELECT digest, COUNT(*) FROM workloads WHERE digest IN (<d>) GROUP BY digest")
        .bindList("d", digests)
        .map((rs, c) -> workloads.put(rs.getString(1), rs.getLong(2)))
        .list();
    Map<String, ObjectNode> byDigest = new HashMap<>();
    h.createQuery("SELECT " + Rows.IMAGE_COLUMNS + " FROM images i WHERE i.digest IN (<d>)")
        .bindList("d", digests)
        .map(
            (rs, c) -> {
              String d = rs.getString("digest");
              return byDigest.put(
                  d,
                  Rows.image(
                      rs, aggs.getOrDefault(d, FleetRisk.Agg.NONE), workloads.getOrDefault(d, 0L)));
            })
        .list();
    List<ObjectNode> images = new ArrayList<>();
    for (String d : digests) {
      if (byDigest.containsKey(d)) {
        images.add(byDigest.get(d));
      }
    }
    addReferences(h, images);
    return images;
  }

  private static void addReferences(Handle h, List<ObjectNode> images) {
    if (images.isEmpty()) {
      return;
    }
    Map<String, ObjectNode> byDigest = new LinkedHashMap<>();
    images.forEach(i -> byDigest.put(i.get("digest").asString(), i));
    h.createQuery(
            "SELECT digest, reference FROM image_refs WHERE digest IN (<d>) ORDER BY reference")
        .bindList("d", List.copyOf(byDigest.keySet()))
        .map(
            (rs, c) -> {
              ((ArrayNode) byDigest.get(rs.getString(1)).get("references")).add(rs.getString(2));
              return null;
            })
        .list();
  }

  private void image(Context ctx) {
    String digest = digest(ctx);
    ObjectNode image =
        jdbi.withHandle(
            h -> {
              FleetRisk.Agg[] agg = new FleetRisk.Agg[1];
              Optional<ObjectNode> found =
                  h.createQuery(
                          "SELECT "
                              + Rows.IMAGE_COLUMNS
                              + ", "
                              + Rows.AGG_COLUMNS
                              + " FROM images i LEFT JOIN ("
                              + Rows.agg("f.digest = :digest")
                              + ") a ON a.digest = i.digest WHERE i.digest = :digest")
                      .bind("digest", digest)
                      .map(
                          (rs, x) -> {
                            agg[0] = Rows.aggOf(rs);
                            return Rows.image(rs, agg[0], 0);
                          })
                      .findOne();
              if (found.isEmpty()) {
                return null;
              }
              ObjectNode i = found.get();
              addReferences(h, List.of(i));
              ArrayNode wl = Json.array();
              FleetRisk.Agg a = agg[0];
              h.createQuery(
                      "SELECT w.namespace, w.kind, w.name, w.container, w.image, w.digest, w.pods"
                          + " FROM workloads w WHERE w.digest = :digest"
                          + " ORDER BY w.namespace, w.kind, w.name, w.container")
                  .bind("digest", digest)
                  .map((rs, x) -> wl.add(Rows.workload(rs, a)))
                  .list();
              i.set("workloads", wl);
              return i;
            });
    if (image == null) {
      throw ApiException.notFound("image " + digest + ": not known");
    }
    Json.send(ctx, image);
  }

  private void imageFindings(Context ctx) {
    String digest = digest(ctx);
    Boolean resolved = bool(ctx, "resolved");
    String state =
        resolved == null
            ? ""
            : resolved ? " AND f.resolved_at IS NOT NULL" : " AND f.resolved_at IS NULL";
    ObjectNode out = Json.object();
    jdbi.useHandle(
        h -> {
          requireImage(h, digest);
          ArrayNode arr = out.putArray("findings");
          h.createQuery(
                  "SELECT "
                      + Rows.FINDING_COLUMNS
                      + " FROM findings f WHERE f.digest = :digest"
                      + state
                      + " ORDER BY "
                      + findingOrder())
              .bind("digest", digest)
              .map((rs, c) -> arr.add(Rows.finding(rs)))
              .list();
        });
    Json.send(ctx, out);
  }

  private static String findingOrder() {
    // matches the findings_rank index (V30__api_indexes.sql) term by term, all DESC, so the
    // database walks that index backwards instead of sorting
    return Risk.rankSql("f")
        + " DESC, f.kev DESC, COALESCE(f.epss, 0) DESC, f.digest DESC, f.vuln_id DESC,"
        + " f.package DESC, f.version DESC";
  }

  private static void requireImage(Handle h, String digest) {
    if (h.createQuery("SELECT COUNT(*) FROM images WHERE digest = :d")
            .bind("d", digest)
            .mapTo(Long.class)
            .one()
        == 0) {
      throw ApiException.notFound("image " + digest + ": not known");
    }
  }

  private void sbom(Context ctx) throws IOException {
    String digest = digest(ctx);
    String format =
        Optional.ofNullable(ctx.queryParam("format")).orElse("cyclonedx").toLowerCase(Locale.ROOT);
    if (!List.of("cyclonedx", "spdx", "drydock").contains(format)) {
      throw ApiException.badRequest(
          "format \"" + ctx.queryParam("format") + "\": expected cyclonedx, spdx or drydock");
    }
    Optional<byte[]> doc =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT doc FROM sboms WHERE digest = :d")
                    .bind("d", digest)
                    .map((rs, c) -> rs.getBytes(1))
                    .findOne());
    if (doc.isEmpty()) {
      throw ApiException.notFound("image " + digest + ": no SBOM stored (not scanned yet)");
    }
    if (format.equals("drydock")) {
      ctx.contentType("application/json").result(gunzip(doc.get(), digest));
      return;
    }
    Sbom sbom;
    try {
      // the stored document keeps the image's own subject (a temp file's name would replace it)
      sbom = io.drydock.server.scan.ImageStore.decode(doc.get(), digest);
    } catch (IOException e) {
      throw new ApiException(500, "image " + digest + ": " + e.getMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (format.equals("cyclonedx")) {
      CycloneDx.writeJson(sbom, FormatOptions.defaults(), out);
      ctx.contentType("application/vnd.cyclonedx+json");
    } else {
      SpdxJson.write(sbom, FormatOptions.defaults(), out);
      ctx.contentType("application/spdx+json");
    }
    ctx.result(out.toByteArray());
  }

  private static byte[] gunzip(byte[] gz, String digest) {
    // bounded like every decompression here (decompression bombs)
    try (InputStream in =
        io.drydock.oci.content.Decompression.open(
            new ByteArrayInputStream(gz),
            io.drydock.oci.Compression.GZIP,
            MAX_SBOM_BYTES,
            "stored SBOM of " + digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ApiException(
          500, "image " + digest + ": stored SBOM unreadable: " + e.getMessage());
    }
  }

  // ---- decisions

  private void decisions(Context ctx) {
    String digest = digest(ctx);
    ObjectNode out = Json.object();
    ArrayNode arr = out.putArray("decisions");
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT policy, decision, at, detail FROM decisions WHERE digest = :d"
                        + " ORDER BY at DESC, policy")
                .bind("d", digest)
                .map(
                    (rs, c) -> {
                      ObjectNode d = arr.addObject();
                      d.put("policy", rs.getString("policy"));
                      d.put("decision", rs.getString("decision"));
                      d.put("at", rs.getLong("at"));
                      d.set("detail", Json.stored(rs.getString("detail")));
                      return null;
                    })
                .list());
    Json.send(ctx, out);
  }

  private void postDecision(Context ctx) {
    JsonNode body = Json.parseBody(body(ctx));
    String digest = requiredString(body, "digest");
    if (!DIGEST.matcher(digest).matches()) {
      throw ApiException.badRequest(
          "digest \"" + clip(digest) + "\": expected sha256:<64 hex> or sha512:<128 hex>");
    }
    String policy = requiredString(body, "policy");
    if (policy.isBlank() || policy.length() > 256) {
      throw ApiException.badRequest("policy: expected 1-256 characters");
    }
    String decision = requiredString(body, "decision");
    if (!DECISIONS.contains(decision)) {
      throw ApiException.badRequest(
          "decision \"" + clip(decision) + "\": expected allow, warn or deny");
    }
    JsonNode detail = body.get("detail");
    if (detail != null && !detail.isNull() && !detail.isObject()) {
      throw ApiException.badRequest("detail: expected a JSON object");
    }
    String detailText =
        Json.MAPPER.writeValueAsString(detail == null || detail.isNull() ? Json.object() : detail);
    long now = server.clock().millis();
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO decisions (digest, policy, decision, at, detail) VALUES (:d, :p,"
                      + " :x, :at, :detail) ON CONFLICT (digest, policy) DO UPDATE SET decision ="
                      + " excluded.decision, at = excluded.at, detail = excluded.detail")
              .bind("d", digest)
              .bind("p", policy)
              .bind("x", decision)
              .bind("at", now)
              .bind("detail", detailText)
              .execute();
          ObjectNode ev = Json.object();
          ev.put("policy", policy);
          ev.put("decision", decision);
          ev.put("token", (String) ctx.attribute(AuthPart.TOKEN_ATTRIBUTE));
          h.createUpdate(
                  "INSERT INTO events (at, kind, digest, detail) VALUES (:at, 'decision', :d,"
                      + " :detail)")
              .bind("at", now)
              .bind("d", digest)
              .bind("detail", Json.MAPPER.writeValueAsString(ev))
              .execute();
        });
    ObjectNode out = Json.object();
    out.put("digest", digest);
    out.put("policy", policy);
    out.put("decision", decision);
    out.put("at", now);
    out.set("detail", Json.stored(detailText));
    Json.send(ctx, 201, out);
  }

  // ---- scans and jobs

  private void postScan(Context ctx) {
    JsonNode body = Json.parseBody(body(ctx));
    String image = requiredString(body, "image").strip();
    ImageRef ref;
    try {
      ref = ImageRef.parse(image);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("image: " + Json.oneLine(e.getMessage()));
    }
    ObjectNode payload = Json.object();
    payload.put("reference", image);
    JsonNode sbom = body.get("sbom");
    if (sbom != null && !sbom.isNull()) {
      if (!sbom.isObject()
          || !(sbom.has("bomFormat") && "CycloneDX".equals(sbom.get("bomFormat").asString(""))
              || sbom.has("spdxVersion"))) {
        throw ApiException.badRequest(
            "sbom: expected a CycloneDX (bomFormat) or SPDX (spdxVersion) JSON object");
      }
      payload.put("source", "ci");
      if (ref.digest() != null) {
        payload.put("digest", ref.digest().toString());
      }
      payload.put("sbom", Json.MAPPER.writeValueAsString(sbom));
    } else {
      payload.put("source", "api");
    }
    String payloadText = Json.MAPPER.writeValueAsString(payload);
    // a pending scan of the same reference is the answer; retry once if it finished meanwhile
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<Long> id = server.queue().enqueue("scan", image, payloadText);
      if (id.isPresent()) {
        server.wake().run();
        ObjectNode out = Json.object();
        out.put("job", id.get());
        out.put("state", "queued");
        Json.send(ctx, 202, out);
        return;
      }
      Optional<Object[]> pending =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT id, state FROM jobs WHERE kind = 'scan' AND subject = :s"
                              + " AND state IN ('queued', 'running')")
                      .bind("s", image)
                      .map((rs, c) -> new Object[] {rs.getLong(1), rs.getString(2)})
                      .findOne());
      if (pending.isPresent()) {
        ObjectNode out = Json.object();
        out.put("job", (Long) pending.get()[0]);
        out.put("state", (String) pending.get()[1]);
        Json.send(ctx, 200, out);
        return;
      }
    }
    throw new ApiException(503, "image " + image + ": could not queue the scan, try again");
  }

  private void job(Context ctx) {
    String raw = ctx.pathParam("id");
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("job id \"" + clip(raw) + "\": expected a number");
    }
    // read here rather than with JobQueue.find: on SQLite its getObject(Long) fails on a NULL
    // finished_at (an unfinished job)
    Optional<ObjectNode> job =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT id, kind, subject, state, attempts, error, result, created_at,"
                            + " finished_at FROM jobs WHERE id = :id")
                    .bind("id", id)
                    .map(
                        (rs, c) -> {
                          ObjectNode out = Json.object();
                          out.put("id", rs.getLong("id"));
                          out.put("kind", rs.getString("kind"));
                          out.put("subject", rs.getString("subject"));
                          out.put("state", rs.getString("state"));
                          out.put("attempts", rs.getInt("attempts"));
                          out.put("error", rs.getString("error"));
                          out.set("result", Json.stored(rs.getString("result")));
                          out.put("createdAt", rs.getLong("created_at"));
                          Rows.putLong(out, "finishedAt", rs, "finished_at");
                          return out;
                        })
                    .findOne());
    Json.send(ctx, job.orElseThrow(() -> ApiException.notFound("job " + id + ": not known")));
  }

  // ---- workloads and findings

  private void workloads(Context ctx) {
    int limit = limit(ctx);
    int offset = offset(ctx);
    String ns = blankToNull(ctx.queryParam("namespace"));
    Map<String, FleetRisk.Agg> aggs = fleet.byDigest();
    record Row(
        String namespace,
        String kind,
        String name,
        String container,
        String image,
        String digest,
        int pods,
        FleetRisk.Agg agg) {}
    List<Row> rows =
        new ArrayList<>(
            jdbi.withHandle(
                h -> {
                  Query q =
                      h.createQuery(
                          "SELECT w.namespace, w.kind, w.name, w.container, w.image, w.digest,"
                              + " w.pods FROM workloads w"
                              + (ns == null ? "" : " WHERE w.namespace = :ns"));
                  if (ns != null) {
                    q.bind("ns", ns);
                  }
                  return q.map(
                          (rs, c) -> {
                            String d = rs.getString(6);
                            return new Row(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                d,
                                rs.getInt(7),
                                d == null
                                    ? FleetRisk.Agg.NONE
                                    : aggs.getOrDefault(d, FleetRisk.Agg.NONE));
                          })
                      .list();
                }));
    // sorted here: the risks come from the cached aggregates
    rows.sort(
        java.util.Comparator.comparingDouble((Row r) -> -r.agg().risk())
            .thenComparing(Row::namespace)
            .thenComparing(Row::kind)
            .thenComparing(Row::name)
            .thenComparing(Row::container));
    ObjectNode out = Json.object();
    ArrayNode arr = out.putArray("workloads");
    for (Row r :
        rows.subList(Math.min(offset, rows.size()), Math.min(offset + limit, rows.size()))) {
      ObjectNode w = arr.addObject();
      w.put("namespace", r.namespace());
      w.put("kind", r.kind());
      w.put("name", r.name());
      w.put("container", r.container());
      w.put("image", r.image());
      w.put("digest", r.digest());
      w.put("pods", r.pods());
      w.set("findings", Rows.severities(r.agg()));
      w.put("risk", Risk.round(r.agg().risk()));
    }
    out.put("total", rows.size());
    Json.send(ctx, out);
  }

  private void findings(Context ctx) {
    int limit = limit(ctx);
    int offset = offset(ctx);
    List<String> severities = new ArrayList<>();
    String sev = blankToNull(ctx.queryParam("severity"));
    if (sev != null) {
      for (String s : sev.split(",")) {
        String u = s.strip().toUpperCase(Locale.ROOT);
        if (!Risk.SEVERITIES.contains(u)) {
          throw ApiException.badRequest(
              "severity \"" + clip(s) + "\": expected CRITICAL, HIGH, MEDIUM, LOW or UNKNOWN");
        }
        severities.add(u);
      }
    }
    Boolean kev = bool(ctx, "kev");
    Boolean fixable = bool(ctx, "fixable");
    String ns = blankToNull(ctx.queryParam("namespace"));
    StringBuilder where = new StringBuilder(" WHERE f.resolved_at IS NULL");
    if (!severities.isEmpty()) {
      // the rank predicate repeats the severity filter on findings_rank's second column
      // the severities are literals, not parameters (they are checked against Risk.SEVERITIES)
      where.append(" AND f.severity IN (");
      for (int i = 0; i < severities.size(); i++) {
        where.append(i == 0 ? "'" : ", '").append(severities.get(i)).append("'");
      }
      where.append(")");
      if (server.db().vendor() == Vendor.POSTGRESQL) {
        // PostgreSQL: the same filter on findings_rank's second column lets it seek there. Not on
        // SQLite: its planner (3.54) then takes findings_open and sorts every match (15-37 ms
        // instead of 0.2 ms for severity=CRITICAL on 170,000 findings)
        where.append(" AND ").append(Risk.rankSql("f")).append(" IN (");
        for (int i = 0; i < severities.size(); i++) {
          where.append(i == 0 ? "" : ", ").append(4 - Risk.SEVERITIES.indexOf(severities.get(i)));
        }
        where.append(")");
      }
    }
    if (kev != null) {
      where.append(kev ? " AND f.kev = TRUE" : " AND f.kev = FALSE");
    }
    if (fixable != null) {
      where.append(fixable ? " AND f.fixed_version IS NOT NULL" : " AND f.fixed_version IS NULL");
    }
    if (ns != null) {
      where.append(" AND f.digest IN (SELECT w.digest FROM workloads w WHERE w.namespace = :ns)");
    }
    ObjectNode out = Json.object();
    jdbi.useHandle(
        h -> {
          Query q =
              h.createQuery(
                  "SELECT "
                      + Rows.FINDING_COLUMNS
                      + ", i.repository FROM findings f LEFT JOIN images i ON i.digest = f.digest"
                      + where
                      // resolved_at (NULL in every row here) leads so that PostgreSQL sees the
                      // order of the findings_rank index
                      + " ORDER BY f.resolved_at DESC, "
                      + findingOrder()
                      // literals (checked ints): with LIMIT ? SQLite's planner does not know the
                      // page is small and sorts every match instead of walking findings_rank
                      + " LIMIT "
                      + limit
                      + " OFFSET "
                      + offset);
          if (ns != null) {
            q.bind("ns", ns);
          }
          Map<String, List<ObjectNode>> byDigest = new LinkedHashMap<>();
          ArrayNode arr = out.putArray("findings");
          q.map(
                  (rs, x) -> {
                    ObjectNode f = Rows.finding(rs);
                    f.put("digest", rs.getString("digest"));
                    f.put("repository", rs.getString("repository"));
                    f.set("workloads", Json.array());
                    byDigest.computeIfAbsent(rs.getString("digest"), k -> new ArrayList<>()).add(f);
                    return arr.add(f);
                  })
              .list();
          if (!byDigest.isEmpty()) {
            h.createQuery(
                    "SELECT digest, namespace, kind, name FROM workloads WHERE digest IN (<d>)"
                        + " ORDER BY namespace, kind, name")
                .bindList("d", List.copyOf(byDigest.keySet()))
                .map(
                    (rs, x) -> {
                      String w =
                          rs.getString("namespace")
                              + "/"
                              + rs.getString("kind")
                              + "/"
                              + rs.getString("name");
                      for (ObjectNode f : byDigest.get(rs.getString("digest"))) {
                        ArrayNode ws = (ArrayNode) f.get("workloads");
                        // one entry per workload, however many of its containers run the image
                        if (ws.isEmpty() || !ws.get(ws.size() - 1).asString().equals(w)) {
                          ws.add(w);
                        }
                      }
                      return null;
                    })
                .list();
          }
          out.put("total", total(h, where.toString(), ns));
        });
    Json.send(ctx, out);
  }

  /** A counted filter and the findings' fingerprint it was counted under. */
  private record Count(String fingerprint, long count, long at) {}

  private final Map<String, Count> counts = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The number of open findings matching {@code where}: counting them is most of a page's cost on
   * PostgreSQL (30 ms for 7,500 CRITICAL findings of 170,000, where the page itself is an index
   * walk of 100 rows), so a count is reused while the findings' fingerprint is unchanged, for at
   * most 15 s (the fleet's own staleness bound).
   */
  private long total(Handle h, String where, String ns) {
    String key = where + "\u0000" + ns;
    String fp = fleet.fingerprint();
    long now = System.nanoTime();
    Count c = counts.get(key);
    if (c != null && c.fingerprint().equals(fp) && now - c.at() < 15_000_000_000L) {
      return c.count();
    }
    Query q = h.createQuery("SELECT COUNT(*) FROM findings f" + where);
    if (ns != null) {
      q.bind("ns", ns);
    }
    long n = q.mapTo(Long.class).one();
    if (counts.size() > 1000) {
      counts.clear();
    }
    counts.put(key, new Count(fp, n, now));
    return n;
  }

  // ---- history

  private void refreshes(Context ctx) {
    int limit = limit(ctx);
    int offset = offset(ctx);
    ObjectNode out = Json.object();
    ArrayNode arr = out.putArray("refreshes");
    for (RefreshHistory.Entry e : history.list(limit, offset)) {
      ObjectNode r = arr.addObject();
      r.put("id", e.id());
      r.put("at", e.at());
      r.put("base", e.base());
      r.put("oldDigest", e.oldDigest());
      r.put("newDigest", e.newDigest());
      r.put("source", e.source());
      r.set("report", e.report());
    }
    Json.send(ctx, out);
  }

  private void events(Context ctx) {
    int limit = limit(ctx);
    long since = 0;
    String s = blankToNull(ctx.queryParam("since"));
    if (s != null) {
      try {
        since = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("since \"" + clip(s) + "\": expected epoch milliseconds");
      }
    }
    long from = since;
    ObjectNode out = Json.object();
    ArrayNode arr = out.putArray("events");
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT id, at, kind, digest, detail FROM events WHERE at > :since"
                        + " ORDER BY at DESC, id DESC LIMIT :limit")
                .bind("since", from)
                .bind("limit", limit)
                .map(
                    (rs, c) -> {
                      ObjectNode e = arr.addObject();
                      e.put("id", rs.getLong("id"));
                      e.put("at", rs.getLong("at"));
                      e.put("kind", rs.getString("kind"));
                      e.put("digest", rs.getString("digest"));
                      e.set("detail", Json.stored(rs.getString("detail")));
                      return null;
                    })
                .list());
    Json.send(ctx, out);
  }

  // ---- request parsing

  /** The request body, at most {@link #MAX_BODY} bytes (413 beyond). */
  private static byte[] body(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    try (InputStream in = ctx.req().getInputStream()) {
      if (declared > MAX_BODY) {
        tooLarge(in);
      }
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        tooLarge(in);
      }
      return b;
    } catch (IOException e) {
      throw ApiException.badRequest("request body: cannot read: " + e.getMessage());
    }
  }

  /**
   * Refuses an oversize body with 413. A moderately oversize one is read and dropped first (up to
   * {@link #DRAIN_LIMIT}): a client still sending when the server answers and closes would see a
   * reset connection instead of the 413.
   */
  private static void tooLarge(InputStream in) throws IOException {
    long skipped = 0;
    byte[] sink = new byte[64 << 10];
    int n;
    while (skipped < DRAIN_LIMIT && (n = in.read(sink)) > 0) {
      skipped += n;
    }
    throw new ApiException(413, "request body: larger than " + MAX_BODY + " bytes");
  }

  private static String requiredString(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || !n.isString()) {
      throw ApiException.badRequest(field + ": required, a string");
    }
    return n.asString();
  }

  private static String digest(Context ctx) {
    String d = ctx.pathParam("digest");
    if (!DIGEST.matcher(d).matches()) {
      throw ApiException.badRequest(
          "digest \"" + clip(d) + "\": expected sha256:<64 hex> or sha512:<128 hex>");
    }
    return d;
  }

  static int limit(Context ctx) {
    String s = blankToNull(ctx.queryParam("limit"));
    if (s == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(s);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw ApiException.badRequest("limit \"" + clip(s) + "\": expected 1-" + MAX_LIMIT);
  }

  static int offset(Context ctx) {
    String s = blankToNull(ctx.queryParam("offset"));
    if (s == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(s);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw ApiException.badRequest("offset \"" + clip(s) + "\": expected a number >= 0");
  }

  private static Boolean bool(Context ctx, String name) {
    String s = blankToNull(ctx.queryParam(name));
    if (s == null) {
      return null;
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default ->
          throw ApiException.badRequest(name + " \"" + clip(s) + "\": expected true or false");
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Echoed input, cut short: a hostile parameter must not make the error line huge. */
  private static String clip(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "…" : s;
  }
}
