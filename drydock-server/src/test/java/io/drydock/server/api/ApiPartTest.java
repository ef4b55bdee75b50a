package io.drydock.server.api;

import static io.drydock.server.api.ApiFixture.B;
import static io.drydock.server.api.ApiFixture.D1;
import static io.drydock.server.api.ApiFixture.D2;
import static io.drydock.server.api.ApiFixture.D3;
import static io.drydock.server.api.ApiFixture.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.server.db.Vendor;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The JSON API against a real server on SQLite and on embedded PostgreSQL, rows inserted directly.
 */
class ApiPartTest {
  @TempDir Path dir;

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(field == null ? n.asString() : n.get(field).asString()));
    return out;
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void everyApiPathNeedsAValidTokenButHealthMetricsAndTheDocumentDoNot(Vendor vendor)
      throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir).fill()) {
      for (String auth : new String[] {null, "Bearer nope", "Basic " + f.token, "Bearer "}) {
        HttpRequest.Builder b = HttpRequest.newBuilder(f.uri("/api/v1/images"));
        if (auth != null) {
          b.header("Authorization", auth);
        }
        ApiFixture.Reply r = f.send(b);
        assertThat(r.status()).as("auth %s", auth).isEqualTo(401);
        assertThat(r.json().get("error").asString()).isEqualTo("missing or unknown token");
        assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      }
      // also a POST must not reach its handler: no job queued
      ApiFixture.Reply post =
          f.send(
              HttpRequest.newBuilder(f.uri("/api/v1/scans"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"reg.example/a:1\"}")));
      assertThat(post.status()).isEqualTo(401);
      assertThat(f.server.context().queue().counts()).isEmpty();
      for (String open : List.of("/healthz", "/readyz", "/metrics", "/openapi.json")) {
        assertThat(f.send(HttpRequest.newBuilder(f.uri(open))).status()).as(open).isEqualTo(200);
      }
      assertThat(f.get("/api/v1/images").status()).isEqualTo(200);
      // a revoked token stops working at once
      new Tokens(f.db(), java.time.Clock.systemUTC()).revoke("test");
      assertThat(f.get("/api/v1/images").status()).isEqualTo(401);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void summaryCountsOpenFindingsOnRunningImages(Vendor vendor) throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir).fill()) {
      f.server.context().queue().enqueue("scan", "reg.example/x:1", null);
      JsonNode s = f.get("/api/v1/summary").json();
      assertThat(s.get("images").asLong()).isEqualTo(3);
      assertThat(s.get("workloads").asLong()).isEqualTo(3);
      assertThat(s.get("runningImages").asLong()).isEqualTo(2);
      JsonNode sev = s.get("findingsBySeverity");
      // D3 (not running) and the resolved CVE-4 are not counted
      assertThat(sev.get("CRITICAL").asLong()).isEqualTo(2);
      assertThat(sev.get("HIGH").asLong()).isEqualTo(2);
      assertThat(sev.get("MEDIUM").asLong()).isZero();
      assertThat(sev.get("LOW").asLong()).isEqualTo(1);
      assertThat(sev.get("UNKNOWN").asLong()).isEqualTo(1);
      assertThat(s.get("kev").asLong()).isEqualTo(1);
      assertThat(s.get("fixable").asLong()).isEqualTo(3);
      assertThat(s.get("advisories").get("built").asString()).isEqualTo("2026-11-28T06:00:00Z");
      assertThat(s.get("advisories").get("updatedAt").asLong()).isEqualTo(T + 60);
      assertThat(s.get("queue").get("queued").asLong()).isEqualTo(1);
      assertThat(s.get("queue").get("running").asLong()).isZero();
      assertThat(s.get("queue").get("failed").asLong()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void imagesAreListedByRiskWithCountsReferencesAndPaging(Vendor vendor) throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir).fill()) {
      JsonNode page = f.get("/api/v1/images").json();
      assertThat(page.get("total").asLong()).isEqualTo(3);
      JsonNode images = page.get("images");
      assertThat(texts(images, "digest")).containsExactly(D1, D2, D3);
      assertThat(images.get(0).get("risk").asDouble()).isEqualTo(50.8);
      assertThat(images.get(1).get("risk").asDouble()).isEqualTo(18.0);
      assertThat(images.get(2).get("risk").asDouble()).isEqualTo(6.0);
      assertThat(images.get(0).get("risk").asDouble())
          .isEqualTo(
              Risk.round(
                  Risk.of("CRITICAL", true, true)
                      + Risk.of("HIGH", false, false)
                      + Risk.of("LOW", false, true)));
      JsonNode i1 = images.get(0);
      assertThat(texts(i1.get("references"), null))
          .containsExactly("reg.example/shop/api:1.4.2", "reg.example/shop/api@" + D1);
      assertThat(i1.get("findings").get("CRITICAL").asLong()).isEqualTo(1);
      assertThat(i1.get("findings").get("MEDIUM").asLong()).isZero(); // CVE-4 is resolved
      assertThat(i1.get("kev").asLong()).isEqualTo(1);
      assertThat(i1.get("fixable").asLong()).isEqualTo(2);
      assertThat(i1.get("workloads").asLong()).isEqualTo(2);
      assertThat(i1.get("base").get("digest").asString()).isEqualTo(B);
      assertThat(i1.get("base").get("name").asString()).isEqualTo("debian:bookworm-slim");
      assertThat(i1.get("base").get("rule").asString()).isEqualTo("annotation");
      assertThat(i1.get("packages").asInt()).isEqualTo(16);
      assertThat(i1.get("scanError").isNull()).isTrue();
      assertThat(images.get(2).get("base").isNull()).isTrue();
      assertThat(images.get(2).get("scanError").asString()).isEqualTo("pull failed: 404");
      assertThat(images.get(2).get("workloads").asLong()).isZero();

      JsonNode second = f.get("/api/v1/images?limit=1&offset=1").json();
      assertThat(texts(second.get("images"), "digest")).containsExactly(D2);
      assertThat(second.get("total").asLong()).isEqualTo(3);
      JsonNode repo = f.get("/api/v1/images?repository=reg.example/tools/cli").json();
      assertThat(texts(repo.get("images"), "digest")).containsExactly(D3);
      assertThat(repo.get("total").asLong()).isEqualTo(1);

      for (String bad : List.of("limit=0", "limit=1001", "limit=x", "offset=-1")) {
        ApiFixture.Reply r = f.get("/api/v1/images?" + bad);
        assertThat(r.status()).as(bad).isEqualTo(400);
        assertThat(r.json().get("error").asString()).startsWith(bad.substring(0, bad.indexOf('=')));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void theCachedFleetRiskFollowsNewAndResolvedFindings(Vendor vendor) throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir).fill()) {
      assertThat(texts(f.get("/api/v1/images").json().get("images"), "digest"))
          .containsExactly(D1, D2, D3);
      // a new KEV CRITICAL with a fix on D3 (not running): 45 more; first seen now, as the scan
      // part records it. Written straight to the database, as another replica would: the fleet
      // shows it once its fingerprint is read again (at most FINGERPRINT_TTL later)
      f.db()
          .jdbi()
          .useHandle(
              h -> {
                ApiFixture.finding(h, D3, "CVE-9", "curl", "CRITICAL", "8.1", true, 0.5, null);
                h.createUpdate("UPDATE findings SET first_seen = :t WHERE vuln_id = 'CVE-9'")
                    .bind("t", T + 1_000)
                    .execute();
              });
      long written = System.nanoTime();
      JsonNode after = f.get("/api/v1/images").json().get("images");
      while (!texts(after, "digest").get(0).equals(D3)
          && System.nanoTime() - written < 8 * FleetRisk.FINGERPRINT_TTL_NANOS) {
        Thread.sleep(20);
        after = f.get("/api/v1/images").json().get("images");
      }
      assertThat(texts(after, "digest")).containsExactly(D3, D1, D2);
      assertThat(after.get(0).get("risk").asDouble()).isEqualTo(51.0);
      // D1's CVE-1 resolved: 45 less. A write of this process (as the scan part notes it) shows in
      // the very next answer
      f.db()
          .jdbi()
          .useHandle(
              h ->
                  h.createUpdate(
                          "UPDATE findings SET resolved_at = :t WHERE digest = :d AND vuln_id ="
                              + " 'CVE-1'")
                      .bind("t", T + 10_000)
                      .bind("d", D1)
                      .execute());
      f.db().imagesWritten();
      JsonNode resolved = f.get("/api/v1/images").json().get("images");
      assertThat(texts(resolved, "digest")).containsExactly(D3, D2, D1);
      assertThat(resolved.get(2).get("risk").asDouble()).isEqualTo(5.8);
      JsonNode summary = f.get("/api/v1/summary").json();
      assertThat(summary.get("findingsBySeverity").get("CRITICAL").asLong()).isEqualTo(1);
      assertThat(summary.get("kev").asLong()).isZero();
      JsonNode wl = f.get("/api/v1/workloads").json().get("workloads");
      assertThat(wl.get(0).get("risk").asDouble()).isEqualTo(18.0); // web (D2) now first
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void oneImageHasItsWorkloadsAndFindingsInSeverityKevEpssOrder(Vendor vendor) throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir).fill()) {
      JsonNode i = f.get("/api/v1/images/" + D1).json();
      assertThat(i.get("risk").asDouble()).isEqualTo(50.8);
      assertThat(texts(i.get("workloads"), "namespace"))
          .containsExactlyInAnyOrder("prod", "staging");
      JsonNode w = i.get("workloads").get(0);
      assertThat(w.get("kind").asString()).isEqualTo("Deployment");
      assertThat(w.get("digest").asString()).isEqualTo(D1);
      assertThat(w.get("risk").asDouble()).isEqualTo(50.8);
      assertThat(w.get("findings").get("HIGH").asLong()).isEqualTo(1);

      assertThat(f.get("/api/v1/images/sha256:" + "9".repeat(64)).status()).isEqualTo(404);
      ApiFixture.Reply bad = f.get("/api/v1/images/sha256:abc");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().get("error").asString()).contains("sha256:abc");

      JsonNode all = f.get("/api/v1/images/" + D1 + "/findings").json().get("findings");
      assertThat(texts(all, "id")).containsExactly("CVE-1", "CVE-2", "CVE-4", "CVE-3");
      JsonNode open = f.get("/api/v1/images/" + D1 + "/findings?resolved=false").json();
      assertThat(texts(open.get("findings"), "id")).containsExactly("CVE-1", "CVE-2", "CVE-3");
      JsonNode resolved = f.get("/api/v1/images/" + D1 + "/findings?resolved=true").json();
      assertThat(texts(resolved.get("findings"), "id")).containsExactly("CVE-4");
      assertThat(resolved.get("findings").get(0).get("resolvedAt").asLong()).isEqualTo(T + 5);
      JsonNode c1 = all.get(0);
      assertThat(c1.get("kev").asBoolean()).isTrue();
      assertThat(c1.get("epss").asDouble()).isEqualTo(0.9);
      assertThat(c1.get("fixedVersion").asString()).isEqualTo("3.0.12");
      assertThat(texts(c1.get("aliases"), null)).containsExactly("DSA-CVE-1", "GHSA-x");
      assertThat(c1.get("origin").asString()).isEqualTo("base");
      assertThat(c1.get("layerIndex").asInt()).isZero();
      assertThat(c1.get("path").isNull()).isTrue();
      assertThat(c1.get("advice").asString()).isEqualTo("update the base image");
      assertThat(c1.get("purl").asString()).isEqualTo("pkg:deb/debian/openssl@1.0");
      assertThat(all.get(3).get("epss").isNull()).isTrue();
      assertThat(f.get("/api/v1/images/" + D1 + "/findings?resolved=maybe").status())
          .isEqualTo(400);
      assertThat(f.get("/api/v1/images/sha256:" + "9".repeat(64) + "/findings").status())
          .isEqualTo(404);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void fleetFindingsFilterBySeverityKevFixAndNamespace(Vendor vendor) throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir).fill()) {
      JsonNode crit = f.get("/api/v1/findings?severity=CRITICAL").json();
      assertThat(crit.get("total").asLong()).isEqualTo(2);
      JsonNode first = crit.get("findings").get(0);
      assertThat(first.get("digest").asString()).isEqualTo(D1); // KEV first
      assertThat(first.get("repository").asString()).isEqualTo("reg.example/shop/api");
      assertThat(texts(first.get("workloads"), null))
          .containsExactly("prod/Deployment/api", "staging/Deployment/api");
      assertThat(crit.get("findings").get(1).get("digest").asString()).isEqualTo(D2);

      JsonNode all = f.get("/api/v1/findings").json();
      assertThat(all.get("total").asLong()).isEqualTo(7); // open ones only
      assertThat(texts(all.get("findings"), "severity"))
          .containsExactly("CRITICAL", "CRITICAL", "HIGH", "HIGH", "MEDIUM", "LOW", "UNKNOWN");
      assertThat(f.get("/api/v1/findings?severity=high,critical").json().get("total").asLong())
          .isEqualTo(4);
      assertThat(texts(f.get("/api/v1/findings?kev=true").json().get("findings"), "id"))
          .containsExactly("CVE-1", "CVE-7");
      assertThat(texts(f.get("/api/v1/findings?fixable=false").json().get("findings"), "id"))
          .containsExactly("CVE-1", "CVE-2", "CVE-7", "CVE-6");
      assertThat(
              texts(f.get("/api/v1/findings?fixable=true&kev=false").json().get("findings"), "id"))
          .containsExactly("CVE-5", "CVE-3");
      JsonNode staging = f.get("/api/v1/findings?namespace=staging").json();
      assertThat(texts(staging.get("findings"), "digest")).containsOnly(D1);
      assertThat(staging.get("total").asLong()).isEqualTo(3);
      JsonNode paged = f.get("/api/v1/findings?limit=2&offset=2").json();
      assertThat(texts(paged.get("findings"), "severity")).containsExactly("HIGH", "HIGH");
      assertThat(paged.get("total").asLong()).isEqualTo(7);
      ApiFixture.Reply bad = f.get("/api/v1/findings?severity=SEVERE");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().get("error").asString()).contains("SEVERE");
      assertThat(f.get("/api/v1/findings?kev=yes").status()).isEqualTo(400);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void workloadsLineageRefreshesAndEvents(Vendor vendor) throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir).fill()) {
      JsonNode wl = f.get("/api/v1/workloads").json().get("workloads");
      assertThat(wl.size()).isEqualTo(3);
      assertThat(wl.get(2).get("name").asString()).isEqualTo("web"); // lowest risk last
      assertThat(wl.get(2).get("pods").asInt()).isEqualTo(3);
      assertThat(wl.get(2).get("risk").asDouble()).isEqualTo(18.0);
      JsonNode staging = f.get("/api/v1/workloads?namespace=staging").json().get("workloads");
      assertThat(texts(staging, "digest")).containsExactly(D1);

      JsonNode bases = f.get("/api/v1/lineage").json().get("bases");
      assertThat(bases.size()).isEqualTo(1);
      assertThat(bases.get(0).get("digest").asString()).isEqualTo(B);
      assertThat(bases.get(0).get("name").asString()).isEqualTo("debian:bookworm-slim");
      JsonNode apps = bases.get(0).get("apps");
      assertThat(texts(apps, "digest")).containsExactly(D1, D2);
      assertThat(texts(apps.get(0).get("workloads"), "namespace"))
          .containsExactly("prod", "staging");
      assertThat(texts(apps.get(1).get("references"), null))
          .containsExactly("reg.example/shop/web:2");

      JsonNode refreshes = f.get("/api/v1/refreshes").json().get("refreshes");
      assertThat(refreshes.size()).isEqualTo(1);
      assertThat(refreshes.get(0).get("oldDigest").asString()).isEqualTo(B);
      assertThat(refreshes.get(0).get("report").get("refreshed").asInt()).isEqualTo(2);

      JsonNode events = f.get("/api/v1/events?since=" + (T + 100)).json().get("events");
      assertThat(texts(events, "at"))
          .containsExactly(String.valueOf(T + 300), String.valueOf(T + 200));
      assertThat(events.get(0).get("detail").get("id").asString()).isEqualTo("CVE-3");
      assertThat(f.get("/api/v1/events").json().get("events").size()).isEqualTo(3);
      assertThat(f.get("/api/v1/events?since=soon").status()).isEqualTo(400);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void decisionsAreRecordedAndListed(Vendor vendor) throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir).fill()) {
      ApiFixture.Reply r =
          f.post(
              "/api/v1/decisions",
              "{\"digest\":\""
                  + D2
                  + "\",\"policy\":\"ci\",\"decision\":\"warn\",\"detail\":{\"why\":\"HIGH\"}}");
      assertThat(r.status()).isEqualTo(201);
      // recording again replaces
      f.post(
          "/api/v1/decisions",
          "{\"digest\":\"" + D2 + "\",\"policy\":\"ci\",\"decision\":\"allow\"}");
      JsonNode d = f.get("/api/v1/images/" + D2 + "/decisions").json().get("decisions");
      assertThat(d.size()).isEqualTo(1);
      assertThat(d.get(0).get("decision").asString()).isEqualTo("allow");
      assertThat(d.get(0).get("detail").isObject()).isTrue();
      JsonNode d1 = f.get("/api/v1/images/" + D1 + "/decisions").json().get("decisions");
      assertThat(d1.get(0).get("policy").asString()).isEqualTo("prod-policy");
      assertThat(d1.get(0).get("detail").get("reasons").get(0).asString())
          .isEqualTo("CVE-1 is KEV");
      assertThat(texts(f.get("/api/v1/events").json().get("events"), "kind")).contains("decision");

      for (String bad :
          List.of(
              "{\"digest\":\"" + D2 + "\",\"policy\":\"ci\",\"decision\":\"maybe\"}",
              "{\"digest\":\"sha256:12\",\"policy\":\"ci\",\"decision\":\"deny\"}",
              "{\"digest\":\"" + D2 + "\",\"decision\":\"deny\"}",
              "{\"digest\":\"" + D2 + "\",\"policy\":\"ci\",\"decision\":\"deny\",\"detail\":[1]}",
              "[]",
              "{\"digest\":")) {
        ApiFixture.Reply x = f.post("/api/v1/decisions", bad);
        assertThat(x.status()).as(bad).isEqualTo(400);
        assertThat(x.json().get("error").asString()).doesNotContain("\n").doesNotContain("\tat ");
      }
      // nothing half-written by the refused requests
      assertThat(f.get("/api/v1/images/" + D2 + "/decisions").json().get("decisions").size())
          .isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void scansAreQueuedOncePerReferenceAndJobsCanBeRead(Vendor vendor) throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir)) {
      ApiFixture.Reply r = f.post("/api/v1/scans", "{\"image\":\"reg.example/shop/api:1.4.2\"}");
      assertThat(r.status()).isEqualTo(202);
      long id = r.json().get("job").asLong();
      assertThat(r.json().get("state").asString()).isEqualTo("queued");
      ApiFixture.Reply again =
          f.post("/api/v1/scans", "{\"image\":\"reg.example/shop/api:1.4.2\"}");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().get("job").asLong()).isEqualTo(id);
      String kindSubject =
          f.db()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT kind || ' ' || subject FROM jobs WHERE id = :id")
                          .bind("id", id)
                          .mapTo(String.class)
                          .one());
      assertThat(kindSubject).isEqualTo("scan reg.example/shop/api:1.4.2");
      String payload =
          f.db()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT payload FROM jobs WHERE id = :id")
                          .bind("id", id)
                          .mapTo(String.class)
                          .one());
      JsonNode p = ApiFixture.JSON.readTree(payload);
      assertThat(p.get("reference").asString()).isEqualTo("reg.example/shop/api:1.4.2");
      assertThat(p.get("source").asString()).isEqualTo("api");

      JsonNode j = f.get("/api/v1/jobs/" + id).json();
      assertThat(j.get("kind").asString()).isEqualTo("scan");
      assertThat(j.get("state").asString()).isEqualTo("queued");
      assertThat(j.get("attempts").asInt()).isZero();
      assertThat(j.get("finishedAt").isNull()).isTrue();
      assertThat(f.get("/api/v1/jobs/999999").status()).isEqualTo(404);
      assertThat(f.get("/api/v1/jobs/abc").status()).isEqualTo(400);

      // CI submits its SBOM with a digest reference
      String ref = "reg.example/shop/web@" + D2;
      String cdx = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[]}";
      ApiFixture.Reply ci =
          f.post("/api/v1/scans", "{\"image\":\"" + ref + "\",\"sbom\":" + cdx + "}");
      assertThat(ci.status()).isEqualTo(202);
      String ciPayload =
          f.db()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT payload FROM jobs WHERE id = :id")
                          .bind("id", ci.json().get("job").asLong())
                          .mapTo(String.class)
                          .one());
      JsonNode cp = ApiFixture.JSON.readTree(ciPayload);
      assertThat(cp.get("source").asString()).isEqualTo("ci");
      assertThat(cp.get("digest").asString()).isEqualTo(D2);
      assertThat(ApiFixture.JSON.readTree(cp.get("sbom").asString()).get("bomFormat").asString())
          .isEqualTo("CycloneDX");
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void hostileScanRequestsAreRefusedInOneLineAndQueueNothing(Vendor vendor) throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir)) {
      record Case(String body, int status, String error) {}
      String deep = "[".repeat(5000) + "]".repeat(5000);
      List<Case> cases =
          List.of(
              new Case("{\"image\":\"UPPER/Case:tag\"}", 400, "UPPER/Case:tag"),
              new Case("{\"image\":\"reg.example/a@sha256:xyz\"}", 400, "reg.example/a@sha256:xyz"),
              new Case("{\"image\":\"\"}", 400, "image"),
              new Case("{\"image\":42}", 400, "image: required"),
              new Case("{}", 400, "image: required"),
              new Case("{\"image\":\"reg.example/a:1\"", 400, "malformed JSON"),
              new Case("not json", 400, "malformed JSON"),
              new Case("", 400, "empty"),
              new Case("{\"image\":" + deep + "}", 400, "malformed JSON"),
              new Case("{\"image\":\"reg.example/a:1\",\"sbom\":{\"x\":1}}", 400, "sbom"),
              new Case("{\"image\":\"reg.example/a:1\",\"sbom\":\"text\"}", 400, "sbom"),
              new Case(
                  "{\"image\":\"reg.example/a:1\",\"sbom\":{\"bomFormat\":\"CycloneDX\",\"pad\":\""
                      + "x".repeat(ApiPart.MAX_BODY)
                      + "\"}}",
                  413,
                  "larger than 10485760 bytes"));
      for (Case c : cases) {
        ApiFixture.Reply r = f.post("/api/v1/scans", c.body());
        String label = c.body().length() > 60 ? c.body().substring(0, 60) : c.body();
        assertThat(r.status()).as(label).isEqualTo(c.status());
        String error = r.json().get("error").asString();
        assertThat(error).as(label).contains(c.error());
        assertThat(error.lines().count()).as(label).isEqualTo(1);
        assertThat(error.length()).as(label).isLessThan(400);
      }
      assertThat(f.server.context().queue().counts()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void theStoredSbomIsServedInEachFormat(Vendor vendor) throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir).fill()) {
      ApiFixture.Reply cdx = f.get("/api/v1/images/" + D1 + "/sbom");
      assertThat(cdx.status()).isEqualTo(200);
      assertThat(cdx.raw().headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/vnd.cyclonedx+json");
      JsonNode bom = cdx.json();
      assertThat(bom.get("bomFormat").asString()).isEqualTo("CycloneDX");
      assertThat(texts(bom.get("components"), "name")).contains("libc6", "zlib1g");
      JsonNode spdx = f.get("/api/v1/images/" + D1 + "/sbom?format=spdx").json();
      assertThat(spdx.get("spdxVersion").asString()).startsWith("SPDX-2");
      assertThat(texts(spdx.get("packages"), "name")).contains("libc6");
      JsonNode own = f.get("/api/v1/images/" + D1 + "/sbom?format=drydock").json();
      assertThat(own.get("subject").get("reference").asString())
          .isEqualTo("registry.example.com/shop/api:1.4.2");
      assertThat(own.get("components").size()).isEqualTo(16);
      ApiFixture.Reply none = f.get("/api/v1/images/" + D2 + "/sbom");
      assertThat(none.status()).isEqualTo(404);
      assertThat(none.json().get("error").asString()).contains("not scanned");
      assertThat(f.get("/api/v1/images/" + D1 + "/sbom?format=xml").status()).isEqualTo(400);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void metricsCountFindingsOnRunningImagesAndTimeRequestsByRouteTemplate(Vendor vendor)
      throws Exception {
    try (ApiFixture f = new ApiFixture(vendor, dir).fill()) {
      f.get("/api/v1/images/" + D1);
      f.get("/api/v1/images/" + D3);
      f.send(HttpRequest.newBuilder(f.uri("/api/v1/summary")));
      String m = f.send(HttpRequest.newBuilder(f.uri("/metrics"))).body();
      assertThat(m).contains("drydock_server_findings{severity=\"CRITICAL\"} 2.0");
      assertThat(m).contains("drydock_server_findings{severity=\"MEDIUM\"} 0.0");
      assertThat(m).contains("drydock_server_images 3.0");
      assertThat(m).contains("drydock_server_workloads 3.0");
      assertThat(m)
          .contains(
              "drydock_server_http_request_seconds_count{route=\"/api/v1/images/{digest}\","
                  + "status=\"200\"} 2");
      assertThat(m)
          .contains(
              "drydock_server_http_request_seconds_count{route=\"/api/v1/summary\",status=\"401\"} 1");
      assertThat(m).doesNotContain(D1);
    }
  }
}
