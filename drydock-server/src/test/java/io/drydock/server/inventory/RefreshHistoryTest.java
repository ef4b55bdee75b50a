package io.drydock.server.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.refresh.loop.RefreshReport;
import io.drydock.refresh.loop.RefreshReport.AppResult;
import io.drydock.refresh.loop.RefreshReport.Status;
import io.drydock.server.DrydockServer;
import io.drydock.server.ServerConfig;
import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.server.inventory.RefreshHistory.Entry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** Refresh history in the database and its ingestion route, on SQLite and embedded PostgreSQL. */
class RefreshHistoryTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String V1 = "sha256:" + "a".repeat(64);
  static final String V2 = "sha256:" + "b".repeat(64);
  static final String APP1 = "sha256:" + "c".repeat(64);
  static final String APP2 = "sha256:" + "d".repeat(64);

  @TempDir Path dir;

  static RefreshReport report(String base, String old, String neu, String at) {
    return new RefreshReport(
        base,
        old,
        neu,
        Instant.parse(at),
        "distribution",
        List.of(
            new AppResult(
                "127.0.0.1:5001/drydock/app:1.0",
                "rebase",
                Status.REFRESHED,
                APP1,
                APP2,
                List.of("CVE-2024-1234"),
                List.of(),
                List.of(),
                List.of("Deployment shop/web"),
                List.of(),
                "rebased",
                Map.of("rebase", 120L, "scan", 900L))));
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void reportsAreListedNewestFirstPageByPage(Vendor vendor) throws Exception {
    try (Database db = Database.open(TestDatabases.url(vendor, dir), null, null, 4)) {
      RefreshHistory h = new RefreshHistory(db, Clock.systemUTC());
      long a = h.record(report("r/debian:bookworm", null, V1, "2026-11-01T00:00:00Z"));
      long b = h.record(report("r/debian:bookworm", V1, V2, "2026-11-03T00:00:00Z"));
      long c = h.record(report("r/alpine:3", null, V2, "2026-11-02T00:00:00Z"));
      assertThat(h.count()).isEqualTo(3);
      assertThat(h.list(10, 0)).extracting(Entry::id).containsExactly(b, c, a);
      assertThat(h.list(2, 0)).extracting(Entry::id).containsExactly(b, c);
      assertThat(h.list(2, 2)).extracting(Entry::id).containsExactly(a);
      assertThat(h.list(2, 3)).isEmpty();

      Entry newest = h.list(1, 0).get(0);
      assertThat(newest.base()).isEqualTo("r/debian:bookworm");
      assertThat(newest.oldDigest()).isEqualTo(V1);
      assertThat(newest.newDigest()).isEqualTo(V2);
      assertThat(newest.source()).isEqualTo("distribution");
      assertThat(newest.at()).isEqualTo(Instant.parse("2026-11-03T00:00:00Z").toEpochMilli());
      // the report round-trips as the refresh loop wrote it
      assertThat(newest.report())
          .isEqualTo(
              Responses.MAPPER.readTree(
                  report("r/debian:bookworm", V1, V2, "2026-11-03T00:00:00Z").toJson().toString()));
      assertThat(newest.toJson().get("at").asString()).isEqualTo("2026-11-03T00:00:00Z");
      assertThat(newest.report().get("apps").get(0).get("fixed").get(0).asString())
          .isEqualTo("CVE-2024-1234");

      // each refresh is also an event
      List<String> events =
          db.jdbi()
              .withHandle(
                  x ->
                      x.createQuery(
                              "SELECT kind || ' ' || digest FROM events ORDER BY at DESC, id DESC")
                          .mapTo(String.class)
                          .list());
      assertThat(events).containsExactly("refresh " + V2, "refresh " + V2, "refresh " + V1);
    }
  }

  static HttpResponse<String> post(DrydockServer s, byte[] body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + RefreshHistoryPart.PATH))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String error(HttpResponse<String> r) {
    JsonNode n = Responses.MAPPER.readTree(r.body());
    String e = n.get("error").asString();
    assertThat(e).doesNotContain("\n").doesNotContain("Exception");
    return e;
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void theRefreshLoopReportsOverHttp(Vendor vendor) throws Exception {
    ServerConfig cfg = Servers.config(dir, TestDatabases.url(vendor, dir), null, null);
    try (DrydockServer s =
        DrydockServer.start(cfg, Clock.systemUTC(), List.of(RefreshHistoryPart.factory()))) {
      RefreshReport r = report("r/debian:bookworm", V1, V2, "2026-11-03T00:00:00Z");
      HttpResponse<String> ok = post(s, r.toJson().toString().getBytes(StandardCharsets.UTF_8));
      assertThat(ok.statusCode()).isEqualTo(201);
      long id = Responses.MAPPER.readTree(ok.body()).get("id").asLong();
      RefreshHistory h = new RefreshHistory(s.context().db(), Clock.systemUTC());
      assertThat(h.list(10, 0)).singleElement().satisfies(e -> assertThat(e.id()).isEqualTo(id));
      assertThat(h.list(10, 0).get(0).report())
          .isEqualTo(Responses.MAPPER.readTree(r.toJson().toString()));

      // bad bodies: one line naming the problem, nothing recorded
      HttpResponse<String> bad = post(s, "{\"base\": \"x\", ".getBytes(StandardCharsets.UTF_8));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(error(bad)).startsWith("refresh report is not valid JSON");
      bad = post(s, "[1,2]".getBytes(StandardCharsets.UTF_8));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(error(bad)).isEqualTo("refresh report is not a JSON object");
      bad = post(s, "{\"base\": \"r/x:1\"}".getBytes(StandardCharsets.UTF_8));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(error(bad)).isEqualTo("refresh report: \"newDigest\" is missing");
      bad =
          post(
              s,
              "{\"base\": \"r/x:1\", \"newDigest\": \"sha256:nothex\"}"
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(error(bad))
          .isEqualTo("refresh report: \"newDigest\" is not a digest: \"sha256:nothex\"");
      bad =
          post(
              s,
              ("{\"base\": \"r/x:1\", \"newDigest\": \"" + V1 + "\", \"apps\": 3}")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(error(bad)).isEqualTo("refresh report: \"apps\" is not an array");
      bad =
          post(
              s,
              ("{\"base\": \"r/x:1\", \"newDigest\": \"" + V1 + "\", \"detectedAt\": \"monday\"}")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(error(bad)).contains("\"detectedAt\" is not an ISO-8601 instant");
      bad = post(s, ("{\"a\":" + "[".repeat(3000)).getBytes(StandardCharsets.UTF_8));
      assertThat(bad.statusCode()).isEqualTo(400);
      byte[] huge = new byte[RefreshHistory.MAX_REPORT_BYTES + 1];
      Arrays.fill(huge, (byte) ' ');
      bad = post(s, huge);
      assertThat(bad.statusCode()).isEqualTo(413);
      assertThat(error(bad)).contains("larger than");
      assertThat(h.count()).isEqualTo(1);
    }
  }
}
