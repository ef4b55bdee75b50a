package io.drydock.server.scan;

import static io.drydock.server.scan.ScanFixtures.CRITICAL_VECTOR;
import static io.drydock.server.scan.ScanFixtures.debianAdvisory;
import static io.drydock.server.scan.ScanFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Image;
import io.drydock.oci.ImageSource;
import io.drydock.oci.ImageSources;
import io.drydock.oci.Platform;
import io.drydock.oci.Target;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.sbom.Component;
import io.drydock.sbom.Extractors;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.engine.BaseAttribution.BaseLookup;
import io.drydock.sbom.engine.SbomEngine;
import io.drydock.server.ServerContext;
import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.testing.MutableClock;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import io.drydock.vuln.match.ScanOptions;
import io.drydock.vuln.match.ScanResult;
import io.drydock.vuln.match.VulnerabilityScanner;
import io.drydock.vuln.store.AdvisoryImporter;
import io.drydock.vuln.store.AdvisoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The scan part against the real testbed registry and a real Debian app image (Debian 12 base,
 * log4j-core 2.14.1 and lodash in the app layer), on both databases: SBOM once per digest, findings
 * equal to a direct scan, and THE point of the server: a new advisory produces the new finding from
 * the stored SBOM, without the registry.
 */
class ScanTestbedTest {
  static Testbed tb;

  @TempDir Path tmp;
  Database db;

  @BeforeAll
  static void testbed() {
    tb = Testbed.require();
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  ScanPart part(ServerContext ctx) {
    return new ScanPart(ctx, ScanPart.Options.defaults().withMatchThreads(2));
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

  static JsonNode run(ScanPart part, String kind, String subject, String payload) throws Exception {
    return ScanFixtures.JSON.readTree(part.jobs().get(kind).run(job(kind, subject, payload)));
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void scanOncePerDigestThenReevaluateWithoutTheRegistry(Vendor vendor) throws Exception {
    MutableClock clock = ScanFixtures.clock();
    db = Database.open(TestDatabases.url(vendor, tmp), null, null, 4);
    Path data = tmp.resolve("data");
    ServerContext ctx = ScanFixtures.context(db, clock, data, null);
    Path advisoryDir = ctx.config().advisoryDir();
    new AdvisoryImporter(advisoryDir.resolve(AdvisoryStore.FILE_NAME))
        .importPaths(List.of(Path.of("/work/shared/advisories/ghsa")));
    ScanPart part = part(ctx);

    String tagRef = tb.plainRegistry() + "/" + tb.repoTag(Img.APP_1_0_BASE_V1);
    String digest = tb.digest(Img.APP_1_0_BASE_V1);
    JsonNode first =
        run(
            part,
            ScanPart.SCAN,
            tagRef,
            "{\"reference\": \"" + tagRef + "\", \"source\": \"registry\"}");
    assertThat(first.path("digest").asString()).isEqualTo(digest);
    assertThat(first.path("pulled").asBoolean()).isTrue();
    assertThat(rows("SELECT digest FROM sboms")).hasSize(1);
    Map<String, Object> image = rows("SELECT * FROM images WHERE digest = ?", digest).get(0);
    assertThat(image.get("os")).isEqualTo("debian 12");
    assertThat(((Number) image.get("packages")).intValue()).isGreaterThan(80);
    assertThat(image.get("scanned_at")).isNotNull();
    assertThat(image.get("repository")).isEqualTo(tb.plainRegistry() + "/drydock/app");

    // the findings equal what matching a freshly built SBOM directly gives
    Set<String> stored =
        rows("SELECT vuln_id, package, version, severity, fixed_version FROM findings").stream()
            .map(
                r ->
                    r.get("vuln_id")
                        + " "
                        + r.get("package")
                        + " "
                        + r.get("version")
                        + " "
                        + r.get("severity")
                        + " "
                        + r.get("fixed_version"))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> direct = directScan(tb.plainRegistry() + "/drydock/app@" + digest, advisoryDir);
    assertThat(stored).isEqualTo(direct);
    assertThat(stored)
        .anyMatch(
            s ->
                s.startsWith("CVE-2021-44228 org.apache.logging.log4j:log4j-core 2.14.1 CRITICAL"));

    // a second scan of the digest reads the stored SBOM: the registry named here does not exist
    String dead = "127.0.0.1:1/drydock/app@" + digest;
    JsonNode second = run(part, ScanPart.SCAN, dead, null);
    assertThat(second.path("pulled").asBoolean()).isFalse();
    assertThat(second.path("new").asInt()).isZero();
    assertThat(second.path("findings").asInt()).isEqualTo(stored.size());
    assertThat(rows("SELECT digest FROM sboms")).hasSize(1);
    assertThat(rows("SELECT reference FROM image_refs WHERE digest = ? ORDER BY reference", digest))
        .extracting(r -> r.get("reference"))
        .containsExactly(dead, tagRef);

    // a new advisory for a Debian package of the stored SBOM: re-evaluation by a part that never
    // had a registry client finds it
    Sbom sbom = part.images().sbom(digest).orElseThrow();
    Component target =
        sbom.components().stream()
            .filter(c -> c.pkg().type().equals("deb") && c.pkg().sourceName() != null)
            .filter(c -> c.pkg().name().equals("libzstd1"))
            .findFirst()
            .orElseGet(
                () ->
                    sbom.components().stream()
                        .filter(c -> c.pkg().type().equals("deb"))
                        .findFirst()
                        .orElseThrow());
    String source =
        target.pkg().sourceName() == null ? target.pkg().name() : target.pkg().sourceName();
    String fixed = target.pkg().version() + "+drydock1";
    clock.advance(Duration.ofHours(1));
    long importedAt = clock.millis();
    Path osv = Files.createDirectories(tmp.resolve("new-osv"));
    Files.writeString(
        osv.resolve("DSA-9999-1.json"),
        debianAdvisory(
            "DSA-9999-1",
            "CVE-2099-9999",
            source,
            fixed,
            CRITICAL_VECTOR,
            "2026-11-20T00:00:00Z",
            null));
    new AdvisoryImporter(advisoryDir.resolve(AdvisoryStore.FILE_NAME)).importPaths(List.of(osv));

    ScanPart offline =
        part(
            new ServerContext(
                ctx.config(),
                ctx.db(),
                ctx.queue(),
                ctx.clock(),
                new io.prometheus.metrics.model.registry.PrometheusRegistry(),
                () -> {}));
    JsonNode reeval = run(offline, ScanPart.REEVALUATE, "all", null);
    assertThat(registryClientOf(offline)).isNull();
    assertThat(reeval.path("images").asInt()).isEqualTo(1);
    assertThat(reeval.path("new").asInt()).isGreaterThanOrEqualTo(1);
    List<Map<String, Object>> added =
        rows(
            "SELECT package, version, fixed_version, first_seen, resolved_at, origin FROM findings"
                + " WHERE vuln_id = 'CVE-2099-9999'");
    assertThat(added).isNotEmpty();
    assertThat(added).extracting(r -> r.get("package")).contains(target.pkg().name());
    assertThat(added)
        .allSatisfy(
            r -> {
              assertThat(((Number) r.get("first_seen")).longValue()).isEqualTo(importedAt);
              assertThat(r.get("resolved_at")).isNull();
              assertThat(r.get("fixed_version")).isEqualTo(fixed);
            });
    assertThat(reeval.path("new").asInt()).isEqualTo(added.size());
    assertThat(rows("SELECT detail FROM events WHERE kind = 'finding.new' AND at = ?", importedAt))
        .hasSize(added.size())
        .allSatisfy(r -> assertThat((String) r.get("detail")).contains("CVE-2099-9999"));
    assertThat(
            rows("SELECT images, new_findings FROM evaluations WHERE started_at = ?", importedAt))
        .hasSize(1);

    // withdrawn: resolved
    clock.advance(Duration.ofHours(1));
    long withdrawnAt = clock.millis();
    Files.writeString(
        osv.resolve("DSA-9999-1.json"),
        debianAdvisory(
            "DSA-9999-1",
            "CVE-2099-9999",
            source,
            fixed,
            CRITICAL_VECTOR,
            "2026-11-21T00:00:00Z",
            "2026-11-21T00:00:00Z"));
    new AdvisoryImporter(advisoryDir.resolve(AdvisoryStore.FILE_NAME)).importPaths(List.of(osv));
    JsonNode after = run(offline, ScanPart.REEVALUATE, digest, null);
    assertThat(after.path("resolved").asInt()).isEqualTo(added.size());
    assertThat(rows("SELECT resolved_at FROM findings WHERE vuln_id = 'CVE-2099-9999'"))
        .allSatisfy(
            r -> assertThat(((Number) r.get("resolved_at")).longValue()).isEqualTo(withdrawnAt));
    assertThat(rows("SELECT vuln_id FROM findings WHERE resolved_at IS NULL"))
        .hasSize(stored.size());
  }

  /** What {@code drydock scan} would report: a fresh SBOM (no cache) matched directly. */
  static Set<String> directScan(String reference, Path advisoryDir) throws Exception {
    Path work = Files.createTempDirectory("direct-scan");
    SbomEngine engine =
        new SbomEngine(
            new SbomEngine.Options(
                Extractors.all(), Limits.defaults(), null, work, 2, Extractors::chooseOs));
    Sbom sbom;
    try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults());
        ImageSource source = ImageSources.open(Target.parse(reference), () -> client)) {
      Image image = source.image(Platform.LINUX_AMD64);
      sbom = engine.analyze(image, reference, null, BaseLookup.none());
    }
    ScanResult result;
    try (AdvisoryStore store = AdvisoryStore.open(advisoryDir.resolve(AdvisoryStore.FILE_NAME))) {
      result = new VulnerabilityScanner().scan(sbom, store, ScanOptions.defaults());
    }
    return FindingRow.of(result).stream()
        .map(
            r ->
                r.vulnId()
                    + " "
                    + r.pkg()
                    + " "
                    + r.version()
                    + " "
                    + r.severity()
                    + " "
                    + r.fixedVersion())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Object registryClientOf(ScanPart part) throws Exception {
    var f = ScanPart.class.getDeclaredField("client");
    f.setAccessible(true);
    return f.get(part);
  }
}
