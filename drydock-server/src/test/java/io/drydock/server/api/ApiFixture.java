package io.drydock.server.api;

import io.drydock.server.DrydockServer;
import io.drydock.server.ServerConfig;
import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.jdbi.v3.core.Handle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real server (SQLite or embedded PostgreSQL) with the API parts, filled with a small fleet whose
 * numbers the tests know by hand:
 *
 * <pre>
 * D1 reg.example/shop/api  base B  open: CVE-1 CRITICAL KEV fix (45), CVE-2 HIGH (5), CVE-3 LOW fix (0.75)
 *                                  resolved: CVE-4 MEDIUM            risk 50.75 → 50.8
 * D2 reg.example/shop/web  base B  open: CVE-5 HIGH fix (7.5), CVE-6 UNKNOWN (0.5), CVE-1 CRITICAL (10) → 18.0
 * D3 reg.example/tools/cli         open: CVE-7 MEDIUM KEV (6)        → 6.0, not running, scan error
 * workloads: prod/Deployment/api/app → D1, staging/Deployment/api/app → D1, prod/Deployment/web/web → D2
 * </pre>
 */
final class ApiFixture implements AutoCloseable {
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);
  static final String D3 = "sha256:" + "3".repeat(64);
  static final String B = "sha256:" + "b".repeat(64);
  static final long T = 1_700_000_000_000L;
  static final JsonMapper JSON = JsonMapper.builder().build();

  final DrydockServer server;
  final String token;
  final HttpClient http = HttpClient.newHttpClient();

  ApiFixture(Vendor vendor, Path dir) throws IOException {
    ServerConfig config =
        new ServerConfig(
            TestDatabases.url(vendor, dir),
            null,
            null,
            "127.0.0.1",
            0,
            dir,
            dir.resolve("db"),
            1,
            Duration.ofMinutes(2),
            null,
            null,
            null,
            null,
            null);
    server = DrydockServer.start(config, Clock.systemUTC(), ApiPart.factories());
    token = new Tokens(db(), Clock.systemUTC()).create("test");
  }

  Database db() {
    return server.context().db();
  }

  /** Inserts the fleet described above. */
  ApiFixture fill() throws IOException {
    byte[] sbom;
    try (InputStream in = ApiFixture.class.getResourceAsStream("debian-app.drydock.json")) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
        gz.write(in.readAllBytes());
      }
      sbom = b.toByteArray();
    }
    db().jdbi()
        .useTransaction(
            h -> {
              image(h, D1, "reg.example/shop/api", "debian:bookworm-slim", B, null);
              image(h, D2, "reg.example/shop/web", "debian:bookworm-slim", B, null);
              image(h, D3, "reg.example/tools/cli", null, null, "pull failed: 404");
              ref(h, "reg.example/shop/api:1.4.2", D1);
              ref(h, "reg.example/shop/api@" + D1, D1);
              ref(h, "reg.example/shop/web:2", D2);
              finding(h, D1, "CVE-1", "openssl", "CRITICAL", "3.0.12", true, 0.9, null);
              finding(h, D1, "CVE-2", "zlib1g", "HIGH", null, false, 0.5, null);
              finding(h, D1, "CVE-3", "tzdata", "LOW", "2024a", false, null, null);
              finding(h, D1, "CVE-4", "login", "MEDIUM", "1", false, 0.1, T + 5);
              finding(h, D2, "CVE-5", "libc6", "HIGH", "2.36-9", false, 0.2, null);
              finding(h, D2, "CVE-6", "libc6", "UNKNOWN", null, false, null, null);
              finding(h, D2, "CVE-1", "openssl", "CRITICAL", null, false, 0.9, null);
              finding(h, D3, "CVE-7", "curl", "MEDIUM", null, true, 0.3, null);
              workload(h, "prod", "api", "app", D1, 2);
              workload(h, "staging", "api", "app", D1, 1);
              workload(h, "prod", "web", "web", D2, 3);
              h.createUpdate(
                      "INSERT INTO sboms (digest, format, doc, created_at) VALUES (:d,"
                          + " 'drydock-json+gzip', :doc, :t)")
                  .bind("d", D1)
                  .bind("doc", sbom)
                  .bind("t", T)
                  .execute();
              h.createUpdate(
                      "INSERT INTO decisions (digest, policy, decision, at, detail) VALUES (:d,"
                          + " 'prod-policy', 'deny', :t, '{\"reasons\":[\"CVE-1 is KEV\"]}')")
                  .bind("d", D1)
                  .bind("t", T + 10)
                  .execute();
              for (int i = 1; i <= 3; i++) {
                h.createUpdate(
                        "INSERT INTO events (at, kind, digest, detail) VALUES (:t, 'finding.new', :d,"
                            + " :detail)")
                    .bind("t", T + i * 100)
                    .bind("d", D1)
                    .bind("detail", "{\"id\":\"CVE-" + i + "\"}")
                    .execute();
              }
              h.createUpdate(
                      "INSERT INTO refreshes (at, base, old_digest, new_digest, source, report)"
                          + " VALUES (:t, 'debian:bookworm-slim', :o, :n, 'registry',"
                          + " '{\"refreshed\":2}')")
                  .bind("t", T + 50)
                  .bind("o", B)
                  .bind("n", "sha256:" + "c".repeat(64))
                  .execute();
              h.createUpdate(
                      "INSERT INTO server_state (name, value, updated_at) VALUES"
                          + " ('advisories.built', '2026-11-28T06:00:00Z', :t)")
                  .bind("t", T + 60)
                  .execute();
            });
    return this;
  }

  static void image(Handle h, String d, String repo, String baseName, String base, String error) {
    h.createUpdate(
            "INSERT INTO images (digest, repository, first_seen, last_seen, scanned_at,"
                + " evaluated_at, os, base_name, base_digest, base_rule, packages, scan_error)"
                + " VALUES (:d, :r, :t, :t, :t, :t, 'debian 12', :bn, :bd, :rule, 16, :e)")
        .bind("d", d)
        .bind("r", repo)
        .bind("t", T)
        .bind("bn", baseName)
        .bind("bd", base)
        .bind("rule", base == null ? null : "annotation")
        .bind("e", error)
        .execute();
  }

  static void ref(Handle h, String reference, String d) {
    h.createUpdate(
            "INSERT INTO image_refs (reference, digest, source, seen_at) VALUES (:r, :d, 'api',"
                + " :t)")
        .bind("r", reference)
        .bind("d", d)
        .bind("t", T)
        .execute();
  }

  static void finding(
      Handle h,
      String d,
      String id,
      String pkg,
      String severity,
      String fixed,
      boolean kev,
      Double epss,
      Long resolvedAt) {
    h.createUpdate(
            "INSERT INTO findings (digest, vuln_id, package, version, ecosystem, purl, aliases,"
                + " severity, score, fixed_version, kev, epss, origin, layer_index, path, advice,"
                + " title, first_seen, resolved_at) VALUES (:d, :id, :p, '1.0', 'debian',"
                + " :purl, :aliases, :s, 7.5, :fix, :kev, :epss, 'base', 0, NULL, :advice, :title,"
                + " :t, :res)")
        .bind("d", d)
        .bind("id", id)
        .bind("p", pkg)
        .bind("purl", "pkg:deb/debian/" + pkg + "@1.0")
        .bind("aliases", "DSA-" + id + ",GHSA-x")
        .bind("s", severity)
        .bind("fix", fixed)
        .bind("kev", kev)
        .bind("epss", epss)
        .bind("advice", fixed == null ? "no fix yet" : "update the base image")
        .bind("title", id + " in " + pkg)
        .bind("t", T)
        .bind("res", resolvedAt)
        .execute();
  }

  static void workload(Handle h, String ns, String name, String container, String d, int pods) {
    h.createUpdate(
            "INSERT INTO workloads (namespace, kind, name, container, image, digest, pods,"
                + " seen_at) VALUES (:ns, 'Deployment', :n, :c, :i, :d, :p, :t)")
        .bind("ns", ns)
        .bind("n", name)
        .bind("c", container)
        .bind("i", "reg.example/" + name + ":latest")
        .bind("d", d)
        .bind("p", pods)
        .bind("t", T)
        .execute();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** A response with its JSON body parsed (null when the body is not JSON). */
  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  Reply get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token));
  }

  Reply post(String path, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), r);
  }

  @Override
  public void close() {
    server.close();
  }
}
