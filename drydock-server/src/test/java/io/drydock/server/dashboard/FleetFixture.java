package io.drydock.server.dashboard;

import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import io.drydock.sbom.format.DrydockJson;
import io.drydock.sbom.format.FormatOptions;
import io.drydock.server.db.Database;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.jdbi.v3.core.Handle;

/**
 * A small fleet written as rows of the server's real schema: a Debian base, three applications on
 * it (one whose repository, base name and finding title carry XSS payloads), the base image itself,
 * an image whose scan failed, the workloads running them, a refresh, a decision and events.
 */
final class FleetFixture {
  static final String TOKEN = "dd-test-token-4b1d";
  static final String BASE = digest('b');
  static final String OLD_BASE = digest('a');
  static final String WEB = digest('1');
  static final String WORKER = digest('2');
  static final String XSS = digest('3');
  static final String BROKEN = digest('4');
  static final String BASE_NAME = "registry.test/base/debian:12";
  static final String XSS_BASE = "registry.test/base/<svg onload=alert(4)>";
  static final String XSS_BASE_DIGEST = digest('c');
  static final String XSS_REPO = "registry.test/evil/<img src=x onerror=alert(1)>";
  static final String XSS_TITLE = "<img src=x onerror=\"window.__xss=1;alert(2)\"> in title";

  private FleetFixture() {}

  static String digest(char c) {
    return "sha256:" + String.valueOf(c).repeat(64);
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the fleet with times relative to {@code now}. */
  static void insert(Database db, long now) {
    long hour = 3_600_000L;
    db.jdbi()
        .useTransaction(
            h -> {
              h.execute(
                  "INSERT INTO tokens (name, hash, created_at) VALUES (?, ?, ?)",
                  "dashboard-test",
                  sha256Hex(TOKEN),
                  now);
              h.execute(
                  "INSERT INTO server_state (name, value, updated_at) VALUES (?, ?, ?)",
                  "advisories.built",
                  "2026-11-28T06:00:00Z",
                  now - 3 * hour);
              image(h, BASE, "registry.test/base/debian", null, null, now - 48 * hour, 0, null);
              image(h, WEB, "registry.test/shop/web", BASE_NAME, BASE, now - 5 * hour, 212, null);
              image(
                  h,
                  WORKER,
                  "registry.test/shop/worker",
                  BASE_NAME,
                  BASE,
                  now - 4 * hour,
                  180,
                  null);
              image(h, XSS, XSS_REPO, XSS_BASE, XSS_BASE_DIGEST, now - 2 * hour, 12, null);
              image(
                  h,
                  BROKEN,
                  "registry.test/shop/broken",
                  null,
                  null,
                  now - hour,
                  0,
                  "pull failed: manifest unknown");
              ref(h, "registry.test/base/debian:12", BASE, now);
              ref(h, "registry.test/shop/web:1.4.2", WEB, now);
              ref(h, "registry.test/shop/web:latest", WEB, now);
              ref(h, "registry.test/shop/worker:2.0", WORKER, now);
              ref(h, XSS_REPO + ":1", XSS, now);
              ref(h, "registry.test/shop/broken:0.1", BROKEN, now);

              // The base's own findings (also present in the apps built on it).
              finding(
                  h,
                  BASE,
                  "CVE-2024-0001",
                  "openssl",
                  "3.0.11-1~deb12u1",
                  "CRITICAL",
                  9.8,
                  "3.0.13-1~deb12u1",
                  true,
                  0.91,
                  "base",
                  0,
                  "update the base image",
                  "OpenSSL remote code execution",
                  now,
                  null);
              finding(
                  h,
                  BASE,
                  "CVE-2024-0002",
                  "libexpat1",
                  "2.5.0-1",
                  "HIGH",
                  7.5,
                  null,
                  false,
                  0.02,
                  "base",
                  0,
                  "no fix yet",
                  "Expat heap overflow",
                  now,
                  null);
              // web: base findings + app findings + one resolved finding
              finding(
                  h,
                  WEB,
                  "CVE-2024-0001",
                  "openssl",
                  "3.0.11-1~deb12u1",
                  "CRITICAL",
                  9.8,
                  "3.0.13-1~deb12u1",
                  true,
                  0.91,
                  "base",
                  0,
                  "update the base image",
                  "OpenSSL remote code execution",
                  now,
                  null);
              finding(
                  h,
                  WEB,
                  "CVE-2024-0002",
                  "libexpat1",
                  "2.5.0-1",
                  "HIGH",
                  7.5,
                  null,
                  false,
                  0.02,
                  "base",
                  0,
                  "no fix yet",
                  "Expat heap overflow",
                  now,
                  null);
              finding(
                  h,
                  WEB,
                  "GHSA-35jh-r3h4-6jhm",
                  "lodash",
                  "4.17.20",
                  "HIGH",
                  7.2,
                  "4.17.21",
                  false,
                  0.15,
                  "app",
                  3,
                  "upgrade lodash to 4.17.21",
                  "Command injection in lodash",
                  now,
                  null);
              finding(
                  h,
                  WEB,
                  "GHSA-29mw-wpgm-hmr9",
                  "lodash",
                  "4.17.20",
                  "MEDIUM",
                  5.3,
                  "4.17.21",
                  false,
                  0.01,
                  "app",
                  3,
                  "upgrade lodash to 4.17.21",
                  "ReDoS in lodash",
                  now,
                  null);
              finding(
                  h,
                  WEB,
                  "CVE-2023-9999",
                  "zlib1g",
                  "1:1.2.13.dfsg-1",
                  "LOW",
                  3.1,
                  "1:1.2.13.dfsg-2",
                  false,
                  0.0,
                  "base",
                  0,
                  "update the base image",
                  "zlib (resolved)",
                  now - 40 * hour,
                  now - 2 * hour);
              // worker
              finding(
                  h,
                  WORKER,
                  "CVE-2024-0002",
                  "libexpat1",
                  "2.5.0-1",
                  "HIGH",
                  7.5,
                  null,
                  false,
                  0.02,
                  "base",
                  0,
                  "no fix yet",
                  "Expat heap overflow",
                  now,
                  null);
              finding(
                  h,
                  WORKER,
                  "CVE-2024-1111",
                  "requests",
                  "2.31.0",
                  "LOW",
                  3.0,
                  "2.32.0",
                  false,
                  0.003,
                  "app",
                  2,
                  "upgrade requests to 2.32.0",
                  "requests leaks proxy credentials",
                  now,
                  null);
              finding(
                  h,
                  WORKER,
                  "CVE-2024-1112",
                  "urllib3",
                  "2.0.6",
                  "LOW",
                  2.0,
                  "2.0.7",
                  false,
                  0.002,
                  "app",
                  2,
                  "upgrade urllib3 to 2.0.7",
                  "urllib3 cookie leak",
                  now,
                  null);
              // xss: hostile strings everywhere the page shows text
              finding(
                  h,
                  XSS,
                  "CVE-2024-6666",
                  "<b>bold</b>",
                  "1.0",
                  "MEDIUM",
                  5.0,
                  "1.1",
                  false,
                  null,
                  "app",
                  1,
                  "upgrade <b>bold</b> to 1.1 <img src=x onerror=alert(5)>",
                  XSS_TITLE,
                  now,
                  null);

              workload(
                  h,
                  "shop",
                  "Deployment",
                  "web",
                  "web",
                  "registry.test/shop/web:1.4.2",
                  WEB,
                  3,
                  now);
              workload(
                  h,
                  "shop",
                  "CronJob",
                  "report",
                  "report",
                  "registry.test/shop/web:latest",
                  WEB,
                  1,
                  now);
              workload(
                  h,
                  "shop",
                  "StatefulSet",
                  "worker",
                  "worker",
                  "registry.test/shop/worker:2.0",
                  WORKER,
                  2,
                  now);
              workload(h, "sandbox", "Pod", "xss", "x", XSS_REPO + ":1", XSS, 1, now);

              h.execute(
                  "INSERT INTO decisions (digest, policy, decision, at, detail) VALUES (?,?,?,?,?)",
                  WEB,
                  "prod-policy",
                  "deny",
                  now - hour,
                  "{\"rule\":\"no-kev\",\"ids\":[\"CVE-2024-0001\"]}");
              h.execute(
                  "INSERT INTO refreshes (at, base, old_digest, new_digest, source, report)"
                      + " VALUES (?,?,?,?,?,?)",
                  now - 6 * hour,
                  BASE_NAME,
                  OLD_BASE,
                  BASE,
                  "poll",
                  "{\"status\":\"REFRESHED\",\"apps\":2}");
              h.execute(
                  "INSERT INTO sboms (digest, format, doc, created_at) VALUES (?,?,?,?)",
                  WEB,
                  "drydock",
                  webSbom(),
                  now - 5 * hour);
              event(h, now - 6 * hour, "refresh", BASE, "{\"base\":\"" + BASE_NAME + "\"}");
              event(h, now - 5 * hour, "scan", WEB, "{\"packages\":212}");
              event(h, now - 3 * hour, "finding.new", WEB, "{\"id\":\"CVE-2024-0001\"}");
              event(h, now - 2 * hour, "finding.resolved", WEB, "{\"id\":\"CVE-2023-9999\"}");
              event(h, now - 40L * 24 * hour, "scan", BASE, "{\"old\":true}");
            });
  }

  /** The web image's SBOM as the server stores it: gzip of Drydock's JSON SBOM. */
  static byte[] webSbom() {
    Sbom sbom =
        new Sbom(
            new Subject("registry.test/shop/web:1.4.2", WEB, "linux", "amd64", null, Map.of()),
            new OsInfo("debian", "12", "Debian GNU/Linux 12 (bookworm)", "bookworm", null),
            new BaseImage(BaseImage.Rule.ANNOTATION, BASE_NAME, BASE, 1, null),
            List.of(
                new LayerInfo(0, digest('d'), digest('e'), "debootstrap", true),
                new LayerInfo(1, digest('5'), digest('6'), "COPY app /app", false)),
            List.of(
                new Component(
                    new Package(
                        "deb",
                        "openssl",
                        "3.0.11-1~deb12u1",
                        "amd64",
                        "openssl",
                        "3.0.11-1~deb12u1",
                        null,
                        "var/lib/dpkg/status",
                        null,
                        null),
                    "dpkg",
                    0,
                    true),
                new Component(
                    Package.of("npm", "lodash", "4.17.20", "app/node_modules/lodash/package.json"),
                    "npm",
                    1,
                    false)),
            List.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      DrydockJson.write(sbom, FormatOptions.defaults(), gz);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void image(
      Handle h,
      String digest,
      String repo,
      String baseName,
      String baseDigest,
      long scanned,
      int packages,
      String scanError) {
    h.execute(
        "INSERT INTO images (digest, repository, first_seen, last_seen, scanned_at, evaluated_at,"
            + " advisories_built, os, base_name, base_digest, base_rule, packages, scan_error)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        digest,
        repo,
        scanned - 3_600_000L,
        scanned + 1000,
        scanError == null ? scanned : null,
        scanError == null ? scanned + 500 : null,
        "2026-11-28T06:00:00Z",
        scanError == null ? "debian 12" : null,
        baseName,
        baseDigest,
        baseName == null ? null : "annotation",
        packages,
        scanError);
  }

  private static void ref(Handle h, String reference, String digest, long now) {
    h.execute(
        "INSERT INTO image_refs (reference, digest, source, seen_at) VALUES (?,?,?,?)",
        reference,
        digest,
        "kubernetes",
        now);
  }

  private static void finding(
      Handle h,
      String digest,
      String id,
      String pkg,
      String version,
      String severity,
      Double score,
      String fixed,
      boolean kev,
      Double epss,
      String origin,
      int layer,
      String advice,
      String title,
      long firstSeen,
      Long resolvedAt) {
    h.execute(
        "INSERT INTO findings (digest, vuln_id, package, version, ecosystem, purl, aliases,"
            + " severity, score, fixed_version, kev, epss, origin, layer_index, path, advice,"
            + " title, first_seen, resolved_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        digest,
        id,
        pkg,
        version,
        origin.equals("base") ? "Debian:12" : "npm",
        "pkg:generic/" + pkg + "@" + version,
        id.startsWith("CVE") ? null : "CVE-2020-8203",
        severity,
        score,
        fixed,
        kev,
        epss,
        origin,
        layer,
        null,
        advice,
        title,
        firstSeen,
        resolvedAt);
  }

  private static void workload(
      Handle h,
      String ns,
      String kind,
      String name,
      String container,
      String image,
      String digest,
      int pods,
      long now) {
    h.execute(
        "INSERT INTO workloads (namespace, kind, name, container, image, digest, pods, seen_at)"
            + " VALUES (?,?,?,?,?,?,?,?)",
        ns,
        kind,
        name,
        container,
        image,
        digest,
        pods,
        now);
  }

  private static void event(Handle h, long at, String kind, String digest, String detail) {
    h.execute(
        "INSERT INTO events (at, kind, digest, detail) VALUES (?,?,?,?)", at, kind, digest, detail);
  }
}
