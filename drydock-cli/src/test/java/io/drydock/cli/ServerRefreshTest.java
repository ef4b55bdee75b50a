package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import io.drydock.testing.Testbed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The refresh loop inside {@code drydock server} (issues 8 and 9): the app is listed nowhere in the
 * refresh config; the server learns it from a scan submitted through its API, ties it to the
 * watched base by its layers, and when the base tag moves, rebases the app, scans and validates it,
 * signs it, moves its tag and records the report in the refresh history.
 */
class ServerRefreshTest {
  @TempDir Path dir;

  @Test
  void anAppKnownOnlyToTheServerIsRefreshedWhenItsBaseMoves() throws Exception {
    RefreshCommandTest.setUp();
    RefreshCommandTest.Setup s = RefreshCommandTest.setup(RefreshCommandTest.POLICY);
    Path config =
        Files.writeString(
            dir.resolve("refresh.yaml"),
            "apiVersion: drydock.io/v1\nkind: RefreshConfig\nbases:\n  - "
                + s.base()
                + "\npolicy: "
                + RefreshCommandTest.policyOf(s)
                + "\nsigningKey: "
                + RefreshCommandTest.dir.resolve("cosign.key")
                + "\npoll: 1s\n");
    String dbUrl = "jdbc:sqlite:" + dir.resolve("server.db");
    String token =
        CliRunner.run("server", "token", "create", "ci", "--db-url", dbUrl).out().strip();
    RunningServer server =
        new RunningServer(
            "--db-url",
            dbUrl,
            "--data-dir",
            dir.resolve("data").toString(),
            "--db-dir",
            RefreshCommandTest.db.toString(),
            "--update-every",
            "0s",
            "--refresh-config",
            config.toString(),
            "--key-password-file",
            RefreshCommandTest.pw.toString());
    try {
      String api = server.url() + "/api/v1";
      HttpClient http = HttpClient.newHttpClient();

      // CI submits the base and the app; the server scans both (SBOM once per digest)
      for (String image : new String[] {s.base(), s.app()}) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(api + "/scans"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"" + image + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      }
      String appDigest = RefreshCommandTest.digest(s.app());
      String baseDigest = RefreshCommandTest.digest(s.base());
      JsonNode lineage = null;
      for (int i = 0; i < 1200; i++) {
        lineage = get(http, api + "/lineage", token);
        if (lineage.path("bases").size() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      JsonNode base = lineage.path("bases").get(0);
      assertThat(base).as("lineage %s; server log %s", lineage, server.log()).isNotNull();
      assertThat(base.path("digest").asString()).isEqualTo(baseDigest);
      assertThat(base.path("apps").get(0).path("digest").asString()).isEqualTo(appDigest);

      // the base tag moves; the server's loop (polling every second) refreshes the app
      RefreshCommandTest.copy(
          RefreshCommandTest.registryImage(Testbed.Img.DEBIAN_BOOKWORM_V2), s.base());
      JsonNode refreshes = null;
      for (int i = 0; i < 1800; i++) {
        refreshes = get(http, api + "/refreshes", token).path("refreshes");
        if (refreshes.size() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(refreshes.size()).as("refresh history; server log %s", server.log()).isEqualTo(1);
      JsonNode report = refreshes.get(0).path("report");
      assertThat(refreshes.get(0).path("oldDigest").asString()).isEqualTo(baseDigest);
      JsonNode app = report.path("apps").get(0);
      assertThat(app.path("app").asString()).isEqualTo(s.app());
      assertThat(app.path("status").asString()).as(report.toString()).isEqualTo("REFRESHED");
      assertThat(app.path("fixed").toString()).contains("CVE-2099-0001");
      String refreshed = app.path("newDigest").asString();
      assertThat(RefreshCommandTest.digest(s.app())).as("the tag moved").isEqualTo(refreshed);
      CliRunner verify =
          CliRunner.run(
              "verify", s.app(), "--key", RefreshCommandTest.dir.resolve("cosign.pub").toString());
      assertThat(verify.code()).as(verify.err()).isZero();
    } finally {
      server.close();
    }
    assertThat(server.exitCode()).as(server.log()).isZero();
  }

  /**
   * A standalone {@code drydock refresh --report-to URL} records its report in the server's refresh
   * history; a bad {@code --report-to} is one line before anything runs.
   */
  @Test
  void aStandaloneRefreshReportsToTheServer() throws Exception {
    RefreshCommandTest.setUp();
    RefreshCommandTest.Setup s = RefreshCommandTest.setup(RefreshCommandTest.POLICY);
    String dbUrl = "jdbc:sqlite:" + dir.resolve("server2.db");
    String token =
        CliRunner.run("server", "token", "create", "refresh", "--db-url", dbUrl).out().strip();
    Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
    RunningServer server =
        new RunningServer(
            "--db-url",
            dbUrl,
            "--data-dir",
            dir.resolve("data2").toString(),
            "--db-dir",
            RefreshCommandTest.db.toString(),
            "--update-every",
            "0s");
    try {
      String url = server.url();

      CliRunner bad =
          RefreshCommandTest.refresh(
              s, "--report-to", "ftp://x", "--report-token-file", tokenFile.toString());
      assertThat(bad.code()).isEqualTo(1);
      assertThat(bad.err()).contains("--report-to ftp://x: expected an http(s):// URL");
      CliRunner noToken = RefreshCommandTest.refresh(s, "--report-to", url);
      assertThat(noToken.code()).isEqualTo(1);
      assertThat(noToken.err()).contains("--report-to needs --report-token-file");

      assertThat(RefreshCommandTest.refresh(s).code()).isZero(); // remembers the base at v1
      RefreshCommandTest.copy(
          RefreshCommandTest.registryImage(io.drydock.testing.Testbed.Img.DEBIAN_BOOKWORM_V2),
          s.base());
      CliRunner run =
          RefreshCommandTest.refresh(
              s, "--report-to", url, "--report-token-file", tokenFile.toString());
      assertThat(run.code()).as(run.out() + run.err()).isZero();
      assertThat(run.err()).doesNotContain("report to the server");
      JsonNode refreshes =
          get(HttpClient.newHttpClient(), url + "/api/v1/refreshes", token).path("refreshes");
      assertThat(refreshes.size()).isEqualTo(1);
      assertThat(refreshes.get(0).path("base").asString()).isEqualTo(s.base());
      JsonNode app = refreshes.get(0).path("report").path("apps").get(0);
      assertThat(app.path("app").asString()).isEqualTo(s.app());
      assertThat(app.path("status").asString()).isEqualTo("REFRESHED");
    } finally {
      server.close();
    }
    assertThat(server.exitCode()).as(server.log()).isZero();
  }

  private static JsonNode get(HttpClient http, String url, String token) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }
}
