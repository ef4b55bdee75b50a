package io.drydock.server.scan;

import static io.drydock.server.scan.ScanFixtures.CRITICAL_VECTOR;
import static io.drydock.server.scan.ScanFixtures.MEDIUM_VECTOR;
import static io.drydock.server.scan.ScanFixtures.deb;
import static io.drydock.server.scan.ScanFixtures.debianAdvisory;
import static io.drydock.server.scan.ScanFixtures.fakeDigest;
import static io.drydock.server.scan.ScanFixtures.importAdvisories;
import static io.drydock.server.scan.ScanFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.format.CycloneDx;
import io.drydock.sbom.format.FormatOptions;
import io.drydock.server.ServerContext;
import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.server.scan.ImageStore.Evaluated;
import io.drydock.testing.MutableClock;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Re-evaluation, the findings' diff, CI-submitted SBOMs and hostile input, on both databases,
 * without a registry: SBOMs are stored directly (or submitted as CI would), advisories are real OSV
 * records imported into a real advisory store.
 */
class ReevaluationTest {
  @TempDir Path tmp;
  Database db;
  HttpServer receiver;

  static final String A = fakeDigest("image-a");
  static final String B = fakeDigest("image-b");
  static final Sbom SBOM_A =
      ScanFixtures.debianSbom(
          A,
          List.of(
              deb("libssl3", "3.0.11-1~deb12u2", "openssl"),
              deb("openssl", "3.0.11-1~deb12u2", "openssl"),
              deb("zlib1g", "1:1.2.13.dfsg-1", "zlib"),
              deb("bash", "5.2.15-2+b2", "bash")));

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  ScanPart part(Vendor vendor, MutableClock clock, String webhook) throws Exception {
    db = Database.open(TestDatabases.url(vendor, tmp), null, null, 4);
    ServerContext ctx = ScanFixtures.context(db, clock, tmp.resolve("data"), webhook);
    return new ScanPart(ctx, ScanPart.Options.defaults().withMatchThreads(2));
  }

  Path advisoryDir() {
    return tmp.resolve("data").resolve("db");
  }

  void store(ScanPart part, String digest, Sbom sbom) throws Exception {
    part.images().seen(digest, "registry.example/app", "registry.example/app@" + digest, "api");
    assertThat(part.images().storeSbom(digest, sbom)).isTrue();
  }

  JsonNode run(ScanPart part, String kind, String subject, String payload) throws Exception {
    return ScanFixtures.JSON.readTree(part.jobs().get(kind).run(job(kind, subject, payload)));
  }

  List<Map<String, Object>> rows(String sql, Object... args) {
    return db.jdbi()
        .withHandle(
            h -> {
              var q = h.createQuery(sql);
              for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
              }
              return q.mapToMap().list();
            });
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void anAdvisoryImportAddsTheFindingAndAWithdrawalResolvesIt(Vendor vendor) throws Exception {
    MutableClock clock = ScanFixtures.clock();
    List<String> posted = new CopyOnWriteArrayList<>();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    receiver.start();
    ScanPart part =
        part(vendor, clock, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    importAdvisories(
        advisoryDir(),
        tmp,
        debianAdvisory(
            "DSA-9000-1",
            "CVE-2099-1000",
            "zlib",
            "1:1.2.13.dfsg-1+deb12u1",
            MEDIUM_VECTOR,
            "2026-11-01T00:00:00Z",
            null));
    store(part, A, SBOM_A);
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO workloads (namespace, kind, name, container, image, digest, pods,"
                        + " seen_at) VALUES ('shop', 'Deployment', 'web', 'app', 'app:1', ?, 2, 0)",
                    A));

    JsonNode first = run(part, ScanPart.REEVALUATE, "all", null);
    assertThat(first.path("images").asInt()).isEqualTo(1);
    assertThat(first.path("new").asInt()).isEqualTo(1);
    assertThat(rows("SELECT vuln_id FROM findings WHERE digest = ?", A))
        .extracting(r -> r.get("vuln_id"))
        .containsExactly("CVE-2099-1000");

    clock.advance(Duration.ofHours(1));
    long importedAt = clock.millis();
    importAdvisories(
        advisoryDir(),
        tmp,
        debianAdvisory(
            "DSA-9001-1",
            "CVE-2099-2000",
            "openssl",
            "3.0.11-1~deb12u3",
            CRITICAL_VECTOR,
            "2026-11-02T00:00:00Z",
            null));
    JsonNode second = run(part, ScanPart.REEVALUATE, "all", null);
    assertThat(second.path("new").asInt()).isEqualTo(2); // libssl3 and openssl, one source
    assertThat(second.path("resolved").asInt()).isZero();
    List<Map<String, Object>> added =
        rows(
            "SELECT package, severity, fixed_version, origin, first_seen, resolved_at FROM findings"
                + " WHERE digest = ? AND vuln_id = 'CVE-2099-2000' ORDER BY package",
            A);
    assertThat(added).extracting(r -> r.get("package")).containsExactly("libssl3", "openssl");
    assertThat(added)
        .allSatisfy(
            r -> {
              assertThat(r.get("severity")).isEqualTo("CRITICAL");
              assertThat(r.get("fixed_version")).isEqualTo("3.0.11-1~deb12u3");
              assertThat(r.get("origin")).isEqualTo("base");
              assertThat(((Number) r.get("first_seen")).longValue()).isEqualTo(importedAt);
              assertThat(r.get("resolved_at")).isNull();
            });
    assertThat(
            rows(
                "SELECT detail FROM events WHERE kind = 'finding.new' AND digest = ? AND at = ?",
                A,
                importedAt))
        .hasSize(2)
        .allSatisfy(r -> assertThat((String) r.get("detail")).contains("\"id\":\"CVE-2099-2000\""));
    List<Map<String, Object>> evals =
        rows("SELECT images, new_findings, resolved, errors FROM evaluations ORDER BY id");
    assertThat(evals).hasSize(2);
    assertThat(((Number) evals.get(1).get("new_findings")).intValue()).isEqualTo(2);
    assertThat(
            rows("SELECT evaluated_at FROM images WHERE digest = ?", A).get(0).get("evaluated_at"))
        .satisfies(v -> assertThat(((Number) v).longValue()).isEqualTo(importedAt));

    // the notification: the running image's new findings, most severe first, naming the workload
    assertThat(posted).hasSize(2);
    JsonNode msg = ScanFixtures.JSON.readTree(posted.get(1));
    assertThat(msg.path("text").asString()).contains("2 new findings on 1 running image");
    assertThat(msg.path("drydock").path("findings")).hasSize(2);
    assertThat(msg.path("drydock").path("findings").get(0).path("id").asString())
        .isEqualTo("CVE-2099-2000");
    assertThat(msg.path("drydock").path("findings").get(0).path("workloads").get(0).asString())
        .isEqualTo("shop/Deployment/web (app)");
    assertThat(msg.path("blocks").get(1).path("text").path("text").asString())
        .contains("*CRITICAL* CVE-2099-2000")
        .contains("fixed in 3.0.11-1~deb12u3");

    // the advisory is withdrawn: the findings are resolved, not deleted
    clock.advance(Duration.ofHours(1));
    long withdrawnAt = clock.millis();
    importAdvisories(
        advisoryDir(),
        tmp,
        debianAdvisory(
            "DSA-9001-1",
            "CVE-2099-2000",
            "openssl",
            "3.0.11-1~deb12u3",
            CRITICAL_VECTOR,
            "2026-11-03T00:00:00Z",
            "2026-11-03T00:00:00Z"));
    JsonNode third = run(part, ScanPart.REEVALUATE, "all", null);
    assertThat(third.path("resolved").asInt()).isEqualTo(2);
    assertThat(third.path("new").asInt()).isZero();
    assertThat(
            rows(
                "SELECT resolved_at FROM findings WHERE digest = ? AND vuln_id = 'CVE-2099-2000'",
                A))
        .hasSize(2)
        .allSatisfy(
            r -> assertThat(((Number) r.get("resolved_at")).longValue()).isEqualTo(withdrawnAt));
    assertThat(rows("SELECT id FROM events WHERE kind = 'finding.resolved'")).hasSize(2);
    assertThat(
            rows("SELECT resolved_at FROM findings WHERE vuln_id = 'CVE-2099-1000'")
                .get(0)
                .get("resolved_at"))
        .isNull();
    assertThat(posted).hasSize(2); // nothing new: no message

    // metrics: both histograms observed, the advisory age is known
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, partContextMetrics(part).scrape());
    String scrape = out.toString(StandardCharsets.UTF_8);
    assertThat(scrape).contains("drydock_server_reevaluation_seconds_count 3");
    assertThat(scrape).contains("drydock_server_scan_seconds_count 0");
    assertThat(scrape).containsPattern("drydock_server_advisories_age_seconds [0-9.eE+]+");
  }

  private static io.prometheus.metrics.model.registry.PrometheusRegistry partContextMetrics(
      ScanPart part) throws Exception {
    var f = ScanPart.class.getDeclaredField("ctx");
    f.setAccessible(true);
    return ((ServerContext) f.get(part)).metrics();
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void theDiffInsertsUpdatesResolvesAndReopens(Vendor vendor) throws Exception {
    MutableClock clock = ScanFixtures.clock();
    ScanPart part = part(vendor, clock, null);
    ImageStore store = part.images();
    store.seen(A, "r/a", "r/a@" + A, "api");
    FindingRow x = row("CVE-1", "openssl", "HIGH", 7.5);
    FindingRow y = row("CVE-2", "zlib", "LOW", 3.1);
    long t0 = clock.millis();
    FindingDiff d1 = store.apply(List.of(Evaluated.ok(A, List.of(x, y))), "b1").get(0);
    assertThat(d1.added()).containsExactly(x, y);

    clock.advance(Duration.ofMinutes(1));
    FindingRow x2 = row("CVE-1", "openssl", "CRITICAL", 9.8);
    FindingDiff d2 = store.apply(List.of(Evaluated.ok(A, List.of(x2))), "b2").get(0);
    assertThat(d2.added()).isEmpty();
    assertThat(d2.updated()).isEqualTo(1);
    assertThat(d2.resolved()).extracting(FindingRow::vulnId).containsExactly("CVE-2");
    long resolvedAt = clock.millis();

    clock.advance(Duration.ofMinutes(1));
    FindingDiff d3 = store.apply(List.of(Evaluated.ok(A, List.of(x2, y))), "b3").get(0);
    assertThat(d3.added()).containsExactly(y); // reopened
    assertThat(d3.unchanged()).isEqualTo(1);

    List<Map<String, Object>> all =
        rows(
            "SELECT vuln_id, severity, score, first_seen, resolved_at FROM findings ORDER BY vuln_id");
    assertThat(all.get(0).get("severity")).isEqualTo("CRITICAL");
    assertThat(((Number) all.get(0).get("score")).doubleValue()).isEqualTo(9.8);
    assertThat(((Number) all.get(0).get("first_seen")).longValue()).isEqualTo(t0);
    assertThat(all.get(1).get("resolved_at")).isNull();
    assertThat(((Number) all.get(1).get("first_seen")).longValue()).isEqualTo(t0);
    assertThat(
            rows("SELECT kind, at FROM events ORDER BY id").stream()
                .map(r -> r.get("kind") + "@" + (((Number) r.get("at")).longValue() - t0))
                .toList())
        .containsExactly(
            "finding.new@0",
            "finding.new@0",
            "finding.resolved@" + (resolvedAt - t0),
            "finding.new@" + (clock.millis() - t0));
    assertThat(rows("SELECT advisories_built FROM images").get(0).get("advisories_built"))
        .isEqualTo("b3");
  }

  static FindingRow row(String id, String pkg, String severity, Double score) {
    return new FindingRow(
        id,
        pkg,
        "1.0",
        "Debian:12",
        null,
        null,
        severity,
        score,
        "1.1",
        false,
        null,
        "base",
        0,
        "var/lib/dpkg/status",
        "update the base image",
        null);
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void aCorruptStoredSbomIsARecordedErrorNotACrash(Vendor vendor) throws Exception {
    MutableClock clock = ScanFixtures.clock();
    ScanPart part = part(vendor, clock, null);
    importAdvisories(
        advisoryDir(),
        tmp,
        debianAdvisory(
            "DSA-9000-1",
            "CVE-2099-1000",
            "zlib",
            "1:1.2.13.dfsg-1+deb12u1",
            MEDIUM_VECTOR,
            "2026-11-01T00:00:00Z",
            null));
    store(part, A, SBOM_A);
    part.images().seen(B, "registry.example/b", "registry.example/b@" + B, "api");
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO sboms (digest, format, doc, created_at) VALUES (:d,"
                            + " 'drydock-json+gzip', :doc, 0)")
                    .bind("d", B)
                    .bind("doc", "this is not gzip".getBytes(StandardCharsets.UTF_8))
                    .execute());

    JsonNode r = run(part, ScanPart.REEVALUATE, "all", null);
    assertThat(r.path("images").asInt()).isEqualTo(1);
    assertThat(r.path("errors").asInt()).isEqualTo(1);
    assertThat(r.path("new").asInt()).isEqualTo(1);
    assertThat(
            (String)
                rows("SELECT scan_error FROM images WHERE digest = ?", B).get(0).get("scan_error"))
        .startsWith("stored SBOM of " + B + " is unreadable")
        .doesNotContain("\n");
    assertThat(rows("SELECT scan_error FROM images WHERE digest = ?", A).get(0).get("scan_error"))
        .isNull();
    assertThat(rows("SELECT detail FROM events WHERE kind = 'evaluation.error' AND digest = ?", B))
        .hasSize(1);
    assertThat(((Number) rows("SELECT errors FROM evaluations").get(0).get("errors")).intValue())
        .isEqualTo(1);

    // a scan job of that digest builds the SBOM again instead of failing on the stored one
    assertThatThrownBy(
            () ->
                run(
                    part,
                    ScanPart.SCAN,
                    "127.0.0.1:1/b@" + B,
                    "{\"reference\": \"127.0.0.1:1/b@" + B + "\"}"))
        .hasMessageStartingWith("scan 127.0.0.1:1/b@" + B + ": ");
    assertThat(rows("SELECT digest FROM sboms WHERE digest = ?", B)).isEmpty();
    assertThat(
            (String)
                rows("SELECT scan_error FROM images WHERE digest = ?", B).get(0).get("scan_error"))
        .isNotBlank()
        .doesNotContain("unreadable")
        .doesNotContain("\n"); // the pull's failure, one line, replaces the decode error
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void aCiSubmittedSbomIsStoredOnceAndMatched(Vendor vendor) throws Exception {
    MutableClock clock = ScanFixtures.clock();
    ScanPart part = part(vendor, clock, null);
    importAdvisories(
        advisoryDir(),
        tmp,
        debianAdvisory(
            "DSA-9001-1",
            "CVE-2099-2000",
            "openssl",
            "3.0.11-1~deb12u3",
            CRITICAL_VECTOR,
            "2026-11-02T00:00:00Z",
            null));
    ByteArrayOutputStream cdx = new ByteArrayOutputStream();
    CycloneDx.writeJson(SBOM_A, FormatOptions.defaults(), cdx);
    var payload = ScanFixtures.JSON.createObjectNode();
    payload.put("reference", "registry.example/app:1.0");
    payload.put("digest", A);
    payload.put("sbom", cdx.toString(StandardCharsets.UTF_8));
    JsonNode r = run(part, ScanPart.SCAN, "registry.example/app:1.0", payload.toString());
    assertThat(r.path("pulled").asBoolean()).isFalse();
    assertThat(r.path("new").asInt()).isEqualTo(2);
    assertThat(rows("SELECT package FROM findings WHERE digest = ? ORDER BY package", A))
        .extracting(m -> m.get("package"))
        .containsExactly("libssl3", "openssl");
    assertThat(rows("SELECT source FROM image_refs WHERE digest = ?", A))
        .extracting(m -> m.get("source"))
        .containsExactly("ci");
    assertThat(rows("SELECT format FROM sboms WHERE digest = ?", A))
        .extracting(m -> m.get("format"))
        .containsExactly("drydock-json+gzip");
    assertThat(part.images().sbom(A).orElseThrow().components()).hasSize(4);
    assertThat(rows("SELECT os, packages FROM images WHERE digest = ?", A).get(0))
        .containsEntry("os", "debian 12");
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void malformedScanPayloadsFailWithOneLineAndStoreNothing(Vendor vendor) throws Exception {
    MutableClock clock = ScanFixtures.clock();
    ScanPart part = part(vendor, clock, null);
    importAdvisories(
        advisoryDir(),
        tmp,
        debianAdvisory(
            "DSA-9001-1",
            "CVE-2099-2000",
            "openssl",
            "3.0.11-1~deb12u3",
            CRITICAL_VECTOR,
            "2026-11-02T00:00:00Z",
            null));
    String ref = "registry.example/app:1.0";
    assertThatThrownBy(() -> run(part, ScanPart.SCAN, ref, "{\"reference\": "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("scan " + ref + ": the job's payload is not valid JSON");
    assertThatThrownBy(() -> run(part, ScanPart.SCAN, ref, "[1, 2]"))
        .hasMessage("scan " + ref + ": the job's payload is not a JSON object");
    assertThatThrownBy(() -> run(part, ScanPart.SCAN, ref, "{\"sbom\": \"{}\"}"))
        .hasMessage("scan " + ref + ": a submitted SBOM needs the image's \"digest\"");
    assertThatThrownBy(
            () ->
                run(part, ScanPart.SCAN, ref, "{\"digest\": \"sha256:nothex\", \"sbom\": \"{}\"}"))
        .hasMessageStartingWith("scan " + ref + ": digest sha256:nothex is not a digest");
    assertThatThrownBy(() -> run(part, ScanPart.SCAN, ref, "{\"reference\": \"dir:/etc\"}"))
        .hasMessageContaining("not a registry reference");
    String broken =
        "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"components\": [{\"name\": ]}";
    var payload = ScanFixtures.JSON.createObjectNode();
    payload.put("digest", A);
    payload.put("sbom", broken);
    assertThatThrownBy(() -> run(part, ScanPart.SCAN, ref, payload.toString()))
        .hasMessageStartingWith("scan " + ref + ": the submitted SBOM: not valid JSON")
        .satisfies(
            e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(tmp.toString()));
    payload.put("sbom", "{\"hello\": \"world\"}");
    assertThatThrownBy(() -> run(part, ScanPart.SCAN, ref, payload.toString()))
        .hasMessageStartingWith("scan " + ref + ": the submitted SBOM: not an SBOM");
    payload.put("sbom", "x".repeat(ScanPart.MAX_SUBMITTED_SBOM + 1));
    assertThatThrownBy(() -> run(part, ScanPart.SCAN, ref, payload.toString()))
        .hasMessage("scan " + ref + ": the submitted SBOM is larger than 64 MiB");
    assertThat(rows("SELECT digest FROM sboms")).isEmpty();
    assertThat(rows("SELECT digest FROM findings")).isEmpty();
  }
}
