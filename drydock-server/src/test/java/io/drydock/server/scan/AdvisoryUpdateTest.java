package io.drydock.server.scan;

import static io.drydock.server.scan.ScanFixtures.CRITICAL_VECTOR;
import static io.drydock.server.scan.ScanFixtures.debianAdvisory;
import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.server.DrydockServer;
import io.drydock.server.ServerConfig;
import io.drydock.server.ServerContext;
import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.testing.MutableClock;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code db update} inside a running server: the scheduled advisory-update job reads a local OSV
 * bulk mirror, and because the store changed it queues a re-evaluation that finds the new advisory
 * in a stored SBOM. Replicas claim each update slot once. Both databases, real job workers.
 */
class AdvisoryUpdateTest {
  @TempDir Path tmp;

  Path mirror(String... records) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mirror"));
    Files.writeString(dir.resolve("ecosystems.txt"), "Debian:12\n");
    Path eco = Files.createDirectories(dir.resolve("Debian:12"));
    try (OutputStream out = Files.newOutputStream(eco.resolve("all.zip"));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      int i = 0;
      for (String r : records) {
        zip.putNextEntry(new ZipEntry("record-" + i++ + ".json"));
        zip.write(r.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return dir;
  }

  ServerConfig config(String url, Path data) {
    return new ServerConfig(
        url,
        null,
        null,
        "127.0.0.1",
        0,
        data,
        data.resolve("db"),
        2,
        Duration.ofMinutes(1),
        null,
        null,
        null,
        Duration.ofHours(1),
        null);
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void theScheduledUpdateImportsAndQueuesAReevaluation(Vendor vendor) throws Exception {
    String url = TestDatabases.url(vendor, tmp);
    Path data = tmp.resolve("data");
    String digest = ScanFixtures.fakeDigest("stored");
    try (Database db = Database.open(url, null, null, 2)) {
      ImageStore store = new ImageStore(db, Clock.systemUTC());
      store.seen(digest, "registry.example/app", "registry.example/app@" + digest, "api");
      store.storeSbom(
          digest,
          ScanFixtures.debianSbom(
              digest, List.of(ScanFixtures.deb("libssl3", "3.0.11-1~deb12u2", "openssl"))));
    }
    Path mirror =
        mirror(
            debianAdvisory(
                "DSA-9001-1",
                "CVE-2099-2000",
                "openssl",
                "3.0.11-1~deb12u3",
                CRITICAL_VECTOR,
                "2026-11-02T00:00:00Z",
                null));
    ScanPart.Options options =
        ScanPart.Options.defaults().withAdvisorySource(mirror.toString(), List.of());
    try (DrydockServer server =
        DrydockServer.start(
            config(url, data), Clock.systemUTC(), List.of(ScanPart.factory(options)))) {
      Database db = server.context().db();
      List<Map<String, Object>> findings = List.of();
      for (int i = 0; i < 600 && findings.isEmpty(); i++) {
        Thread.sleep(100);
        findings =
            db.jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT vuln_id, package FROM findings WHERE digest = :d")
                            .bind("d", digest)
                            .mapToMap()
                            .list());
      }
      assertThat(findings)
          .extracting(r -> r.get("vuln_id") + " " + r.get("package"))
          .containsExactly("CVE-2099-2000 libssl3");
      List<Map<String, Object>> jobs =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT kind, subject, state FROM jobs ORDER BY id")
                          .mapToMap()
                          .list());
      assertThat(jobs).hasSize(2);
      assertThat(jobs.get(0).get("kind")).isEqualTo(ScanPart.ADVISORY_UPDATE);
      assertThat((String) jobs.get(0).get("subject")).startsWith("slot-");
      assertThat(jobs.get(0).get("state")).isEqualTo("done");
      assertThat(jobs.get(1).get("kind")).isEqualTo(ScanPart.REEVALUATE);
      assertThat((String) jobs.get(1).get("subject")).startsWith("all:20");
      String built =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT value FROM server_state WHERE name = :n")
                          .bind("n", ScanPart.BUILT_STATE)
                          .mapTo(String.class)
                          .one());
      assertThat(jobs.get(1).get("subject")).isEqualTo("all:" + built);

      // the same slot again (another replica, or the next tick) queues nothing
      ServerContext other = ScanFixtures.context(db, Clock.systemUTC(), data, null);
      assertThat(new ScanPart(other, options).scheduleUpdate()).isFalse();

      // a replica with its own advisory copy (none yet) brings it up to the recorded build
      // before its next scan or re-evaluation
      Path replicaB = tmp.resolve("replica-b");
      ServerContext b = ScanFixtures.context(db, Clock.systemUTC(), replicaB, null);
      Advisories bAdvisories = new Advisories(replicaB.resolve("db"));
      assertThat(bAdvisories.built()).isEmpty();
      new ScanPart(b, options).catchUp();
      assertThat(bAdvisories.built()).isPresent();
      assertThat(bAdvisories.built().get()).isAfterOrEqualTo(java.time.Instant.parse(built));
      try (io.drydock.vuln.store.AdvisoryStore bStore =
          io.drydock.vuln.store.AdvisoryStore.open(bAdvisories.file())) {
        assertThat(bStore.status().total()).isEqualTo(1);
      }

      // /metrics carries the part's metrics
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics).contains("drydock_server_advisories_age_seconds");
      assertThat(metrics).contains("drydock_server_reevaluation_seconds_bucket");
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void eachTimeSlotIsClaimedByOneReplica(Vendor vendor) throws Exception {
    MutableClock clock = ScanFixtures.clock();
    try (Database db = Database.open(TestDatabases.url(vendor, tmp), null, null, 4)) {
      ScanPart a =
          new ScanPart(
              ScanFixtures.context(db, clock, tmp.resolve("a"), null), ScanPart.Options.defaults());
      ScanPart b =
          new ScanPart(
              ScanFixtures.context(db, clock, tmp.resolve("b"), null), ScanPart.Options.defaults());
      assertThat(a.scheduleUpdate()).isTrue();
      assertThat(b.scheduleUpdate()).isFalse();
      assertThat(a.scheduleUpdate()).isFalse();
      clock.advance(Duration.ofHours(6)); // the context's updateEvery
      assertThat(b.scheduleUpdate()).isTrue();
      assertThat(a.scheduleUpdate()).isFalse();
      List<String> subjects =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT subject FROM jobs WHERE kind = 'advisory-update' ORDER BY id")
                          .mapTo(String.class)
                          .list());
      long slot = clock.millis() / Duration.ofHours(6).toMillis();
      assertThat(subjects).containsExactly("slot-" + (slot - 1), "slot-" + slot);
    }
  }
}
