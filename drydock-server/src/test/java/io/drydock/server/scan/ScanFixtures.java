package io.drydock.server.scan;

import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import io.drydock.server.ServerConfig;
import io.drydock.server.ServerContext;
import io.drydock.server.db.Database;
import io.drydock.server.jobs.Job;
import io.drydock.server.jobs.JobQueue;
import io.drydock.testing.MutableClock;
import io.drydock.vuln.store.AdvisoryImporter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Shared pieces of the scan part's tests: a settable clock, SBOMs, OSV records, a context. */
final class ScanFixtures {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private ScanFixtures() {}

  /** A clock for these tests, at 2026-09-21 UTC. */
  static MutableClock clock() {
    return new MutableClock(1_790_000_000_000L);
  }

  /** A deb package with its source package. */
  static Package deb(String name, String version, String source) {
    return new Package(
        "deb", name, version, "amd64", source, version, null, "var/lib/dpkg/status", null, null);
  }

  /** A Debian 12 image SBOM: one base layer holding {@code packages}. */
  static Sbom debianSbom(String digest, List<Package> packages) {
    LayerInfo layer =
        new LayerInfo(
            0, fakeDigest("layer" + digest), fakeDigest("blob" + digest), "debootstrap", true);
    List<Component> comps = new ArrayList<>();
    for (Package p : packages) {
      comps.add(new Component(p, "os/dpkg", 0, false));
    }
    return new Sbom(
        new Subject("registry.example/app@" + digest, digest, "linux", "amd64", null, null),
        new OsInfo("debian", "12", "Debian GNU/Linux 12 (bookworm)", "bookworm", "etc/os-release"),
        new BaseImage(BaseImage.Rule.FLAG, "debian:bookworm", fakeDigest("base"), 1, null),
        List.of(layer),
        comps,
        List.of());
  }

  /** A well-formed sha256 digest derived from {@code seed}. */
  static String fakeDigest(String seed) {
    try {
      byte[] h =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(seed.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(h);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A real-format OSV record for a Debian 12 source package: affected from 0, fixed in {@code
   * fixed}; {@code withdrawn} non-null withdraws it.
   */
  static String debianAdvisory(
      String id,
      String cve,
      String sourcePackage,
      String fixed,
      String cvssVector,
      String modified,
      String withdrawn) {
    ObjectNode o = JSON.createObjectNode();
    o.put("schema_version", "1.6.0");
    o.put("id", id);
    o.put("modified", modified);
    o.put("published", "2026-11-01T00:00:00Z");
    if (withdrawn != null) {
      o.put("withdrawn", withdrawn);
    }
    o.putArray("aliases").add(cve);
    o.put("summary", "test advisory for " + sourcePackage);
    ObjectNode aff = o.putArray("affected").addObject();
    aff.putObject("package").put("ecosystem", "Debian:12").put("name", sourcePackage);
    ArrayNode events =
        aff.putArray("ranges").addObject().put("type", "ECOSYSTEM").putArray("events");
    events.addObject().put("introduced", "0");
    if (fixed != null) {
      events.addObject().put("fixed", fixed);
    }
    if (cvssVector != null) {
      o.putArray("severity").addObject().put("type", "CVSS_V3").put("score", cvssVector);
    }
    return o.toString();
  }

  static final String CRITICAL_VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  static final String MEDIUM_VECTOR = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N";

  /** Writes {@code records} as files in a new directory under {@code tmp} and imports them. */
  static void importAdvisories(Path advisoryDir, Path tmp, String... records) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "osv");
    int i = 0;
    for (String r : records) {
      Files.writeString(dir.resolve("record-" + i++ + ".json"), r);
    }
    new AdvisoryImporter(advisoryDir.resolve("advisories.db")).importPaths(List.of(dir));
  }

  /** A context on {@code db} with a fresh metrics registry; nothing runs jobs. */
  static ServerContext context(Database db, Clock clock, Path dataDir, String notifyWebhook) {
    ServerConfig d = ServerConfig.defaults(dataDir);
    ServerConfig config =
        new ServerConfig(
            d.dbUrl(),
            null,
            null,
            "127.0.0.1",
            0,
            dataDir,
            dataDir.resolve("db"),
            1,
            Duration.ofMinutes(2),
            null,
            null,
            notifyWebhook,
            Duration.ofHours(6),
            null);
    return new ServerContext(
        config, db, new JobQueue(db, clock), clock, new PrometheusRegistry(), () -> {});
  }

  static Job job(String kind, String subject, String payload) {
    return new Job(1, kind, subject, payload, 1, 3);
  }
}
