package io.drydock.server.dashboard;

import static io.drydock.server.dashboard.FleetFixture.BASE;
import static io.drydock.server.dashboard.FleetFixture.BROKEN;
import static io.drydock.server.dashboard.FleetFixture.WEB;
import static io.drydock.server.dashboard.FleetFixture.WORKER;
import static io.drydock.server.dashboard.FleetFixture.XSS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.drydock.server.DrydockServer;
import io.drydock.server.ServerConfig;
import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.drydock.server.db.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard end to end in Debian's headless Chromium, driven by Playwright's playwright-core
 * (src/test/browser: package.json + package-lock.json, installed with {@code npm ci} into
 * target/browser-e2e on first use). The server is a real {@link DrydockServer} on a real SQLite
 * database holding {@link FleetFixture}'s rows; the browser script records what the page shows and
 * this test asserts on it. Without Chromium or Node.js the test is skipped, except under {@code
 * CI=true}, where it fails.
 */
class DashboardBrowserTest {
  /**
   * The server's parts: the dashboard and the real JSON API (the fixture writes rows of the real
   * schema, and the assertions compare the page with what the API answers).
   */
  static final List<Function<ServerContext, ServerPart>> PARTS =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.of(DashboardPart.factory()),
              io.drydock.server.api.ApiPart.factories().stream())
          .toList();

  static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN");

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Path BROWSER_SRC = Path.of("src/test/browser");
  private static final Path WORK = Path.of("target/browser-e2e");
  private static final String UNKNOWN = FleetFixture.digest('f');

  @TempDir Path dir;

  @Test
  void theDashboardShowsTheFleetImagesLineageAndActivityAndEscapesEverything() throws Exception {
    Path chromium = Path.of(System.getenv().getOrDefault("DRYDOCK_CHROMIUM", "/usr/bin/chromium"));
    requireTool(
        Files.isExecutable(chromium), "Chromium (" + chromium + "; apt-get install chromium)");
    requireTool(onPath("node") && onPath("npm"), "Node.js and npm (apt-get install nodejs npm)");
    Path script = prepareDriver();

    ServerConfig d = ServerConfig.defaults(dir);
    ServerConfig config =
        new ServerConfig(
            TestDatabases.sqliteUrl(dir),
            null,
            null,
            "127.0.0.1",
            0,
            dir,
            dir.resolve("db"),
            1,
            d.lease(),
            null,
            null,
            null,
            null,
            null);
    try (DrydockServer server = DrydockServer.start(config, Clock.systemUTC(), PARTS)) {
      FleetFixture.insert(server.context().db(), System.currentTimeMillis());
      String base = "http://127.0.0.1:" + server.port();
      JsonNode apiImages = api(base, "/api/v1/images?limit=200&offset=0").get("images");
      JsonNode apiWorkloads = api(base, "/api/v1/workloads").get("workloads");
      HttpResponse<String> unknown = get(base, "/api/v1/images/" + UNKNOWN);
      assertThat(unknown.statusCode()).isEqualTo(404);
      String unknownError = JSON.readTree(unknown.body()).get("error").asString();

      Path outFile = Path.of("target/dashboard-e2e.json").toAbsolutePath();
      Files.deleteIfExists(outFile);
      Path shots = Path.of("target").toAbsolutePath();
      Map<String, String> cfg = new LinkedHashMap<>();
      cfg.put("baseUrl", base);
      cfg.put("token", FleetFixture.TOKEN);
      cfg.put("xssDigest", XSS);
      cfg.put("webDigest", WEB);
      cfg.put("outFile", outFile.toString());
      cfg.put("shotDir", shots.toString());
      cfg.put("chromium", chromium.toString());
      Run run =
          run(
              List.of("node", script.getFileName().toString(), JSON.writeValueAsString(cfg)),
              script.getParent(),
              Duration.ofMinutes(3));
      if (!Files.exists(outFile)) {
        fail("browser script wrote nothing (exit " + run.exit + "):\n" + run.output);
      }
      JsonNode o = JSON.readTree(outFile.toFile());
      if (!o.path("ok").asBoolean()) {
        fail(
            "browser script failed after steps "
                + o.path("steps")
                + ":\n"
                + o.path("error").asString()
                + "\n"
                + run.output);
      }
      report(o.get("perf"));

      // Nothing from other origins, no script errors, no dialogs (the XSS payloads call alert).
      assertThat(o.get("foreignRequests")).isEmpty();
      assertThat(o.get("pageErrors")).isEmpty();
      assertThat(o.get("dialogs")).isEmpty();
      List<String> consoleErrors = new ArrayList<>();
      // Chromium logs every 4xx/5xx answer and refused connection, and the test provokes
      // 401, 404, 500, 502 and a refused connection; any
      // other console error (a CSP violation by an inline style, say) fails the test.
      o.get("consoleErrors")
          .forEach(
              e -> {
                if (!e.asString()
                    .matches(
                        "Failed to load resource: (the server responded with a status of"
                            + " (401|404|500|502) .*|net::ERR_CONNECTION_REFUSED)")) {
                  consoleErrors.add(e.asString());
                }
              });
      assertThat(consoleErrors).isEmpty();

      // Token prompt: at first, and again with the server's refusal after a wrong token.
      assertThat(o.get("promptOnStart").asBoolean()).isTrue();
      assertThat(o.at("/wrongToken/promptVisible").asBoolean()).isTrue();
      HttpResponse<String> refused =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/api/v1/summary"))
                      .header("Authorization", "Bearer not-the-token")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(o.at("/wrongToken/message").asString())
          .isEqualTo("Token refused: " + JSON.readTree(refused.body()).get("error").asString());
      assertThat(o.at("/wrongToken/stored").isNull()).isTrue();

      // Fleet: images in the API's risk order with the API's severity counts.
      JsonNode fleet = o.get("fleet");
      assertThat(fleet.get("promptVisible").asBoolean()).isFalse();
      List<String> uiOrder = new ArrayList<>();
      fleet.get("images").forEach(r -> uiOrder.add(r.get("digest").asString()));
      List<String> apiOrder = new ArrayList<>();
      apiImages.forEach(i -> apiOrder.add(i.get("digest").asString()));
      assertThat(uiOrder).isEqualTo(apiOrder).containsExactly(WEB, BASE, WORKER, XSS, BROKEN);
      for (int i = 0; i < apiImages.size(); i++) {
        JsonNode row = fleet.get("images").get(i);
        JsonNode api = apiImages.get(i);
        for (String sev : SEVERITIES) {
          assertThat(row.at("/counts/" + sev).asInt(0))
              .as("%s %s", api.get("repository").asString(), sev)
              .isEqualTo(api.at("/findings/" + sev).asInt());
        }
        assertThat(row.get("repository").asString()).isEqualTo(api.get("repository").asString());
      }
      assertThat(fleet.at("/images/0/counts").toString())
          .isEqualTo("{\"CRITICAL\":1,\"HIGH\":2,\"MEDIUM\":1,\"LOW\":0}");
      assertThat(fleet.at("/images/3/repository").asString()).isEqualTo(FleetFixture.XSS_REPO);
      assertThat(fleet.at("/images/4/text").asString()).contains("scan failed: pull failed");
      List<String> wlUi = new ArrayList<>();
      fleet.get("workloads").forEach(r -> wlUi.add(r.get("text").asString()));
      assertThat(wlUi).hasSize(apiWorkloads.size());
      for (int i = 0; i < apiWorkloads.size(); i++) {
        assertThat(wlUi.get(i)).contains(apiWorkloads.get(i).get("name").asString());
      }
      assertThat(wlUi.get(wlUi.size() - 1)).contains("xss");
      assertThat(fleet.get("tiles").toString())
          .contains("\"critical\":\"1\"", "\"high\":\"3\"", "\"medium\":\"2\"", "\"low\":\"2\"")
          .contains("\"kev\":\"1\"", "\"fixable\":\"6\"", "\"advisories\":\"3 h\"");
      assertNoMarkup(fleet.get("xss"));
      assertThat(o.at("/fleetOffset/heading").asString()).isEqualTo("Images 3–5 of 5");
      assertThat(o.at("/fleetOffset/images").toString())
          .isEqualTo(JSON.writeValueAsString(apiOrder.subList(2, 5)));
      assertThat(o.at("/fleetOffset/next").asInt()).isZero();

      // Image view of the riskiest image: findings by severity with origin and advice.
      JsonNode image = o.get("image");
      assertThat(image.get("hash").asString()).isEqualTo("#/image/" + WEB);
      assertThat(image.get("title").asString()).isEqualTo("registry.test/shop/web");
      assertThat(image.get("base").asString()).contains(FleetFixture.BASE_NAME, "annotation");
      List<String> findingLines = new ArrayList<>();
      image
          .get("findings")
          .forEach(
              f ->
                  findingLines.add(
                      f.get("id").asString()
                          + " "
                          + f.get("severity").asString()
                          + " "
                          + f.get("origin").asString()
                          + " | "
                          + f.get("advice").asString()
                          + " | "
                          + f.get("versions").asString()
                          + " | "
                          + f.get("kev").asString()));
      assertThat(findingLines)
          .containsExactly(
              "CVE-2024-0001 CRITICAL base | update the base image"
                  + " | 3.0.11-1~deb12u1 → 3.0.13-1~deb12u1 | KEV",
              "GHSA-35jh-r3h4-6jhm HIGH app | upgrade lodash to 4.17.21 | 4.17.20 → 4.17.21 | ",
              "CVE-2024-0002 HIGH base | no fix yet | 2.5.0-1 → no fix | ",
              "GHSA-29mw-wpgm-hmr9 MEDIUM app | upgrade lodash to 4.17.21 | 4.17.20 → 4.17.21 | ");
      assertThat(image.at("/findings/0/epss").asString()).isEqualTo("91.0 %");
      assertThat(image.get("count").asString()).isEqualTo("4 of 5 findings");
      assertThat(image.at("/filtered/originBase").toString())
          .isEqualTo("[\"CVE-2024-0001\",\"CVE-2024-0002\"]");
      assertThat(image.at("/filtered/originApp").toString())
          .isEqualTo("[\"GHSA-35jh-r3h4-6jhm\",\"GHSA-29mw-wpgm-hmr9\"]");
      assertThat(image.at("/filtered/highOrWorse").toString())
          .isEqualTo("[\"CVE-2024-0001\",\"GHSA-35jh-r3h4-6jhm\",\"CVE-2024-0002\"]");
      assertThat(image.at("/filtered/fixable").toString())
          .isEqualTo("[\"CVE-2024-0001\",\"GHSA-35jh-r3h4-6jhm\",\"GHSA-29mw-wpgm-hmr9\"]");
      assertThat(image.at("/filtered/withResolved")).hasSize(5);
      assertThat(image.at("/filtered/withResolved/4").asString()).isEqualTo("CVE-2023-9999");
      assertThat(image.get("runs")).hasSize(2);
      assertThat(image.at("/runs/0").asString() + image.at("/runs/1").asString())
          .contains("Deployment", "web", "CronJob", "report");
      assertThat(image.at("/decisions/0").asString()).contains("prod-policy", "deny", "no-kev");
      assertThat(o.at("/sbom/filename").asString())
          .isEqualTo(WEB.replace(':', '-') + ".cyclonedx.json");
      assertThat(o.at("/sbom/bomFormat").asString()).isEqualTo("CycloneDX");
      assertThat(o.at("/sbom/components").toString()).contains("openssl", "lodash");
      assertThat(o.at("/sbom/subject").asString()).contains(WEB.substring("sha256:".length()));

      // The hostile image: every payload is text.
      JsonNode xss = o.get("xssImage");
      assertThat(xss.get("title").asString()).isEqualTo(FleetFixture.XSS_REPO);
      assertThat(xss.get("base").asString()).contains(FleetFixture.XSS_BASE);
      assertThat(xss.at("/findings/0/title").asString()).isEqualTo(FleetFixture.XSS_TITLE);
      assertThat(xss.at("/findings/0/pkg").asString()).isEqualTo("<b>bold</b>");
      assertThat(xss.at("/findings/0/advice").asString())
          .isEqualTo("upgrade <b>bold</b> to 1.1 <img src=x onerror=alert(5)>");
      assertNoMarkup(xss.get("probe"));

      // Bad answers and addresses: one clear line each, nothing rendered from them.
      JsonNode errors = o.get("errors");
      assertThat(errors.at("/sbomRefused/status").asString())
          .isEqualTo("/api/v1/images/" + WEB + "/sbom?format=spdx: <b>SBOM store unavailable</b>");
      assertThat(errors.at("/sbomRefused/findingsStillShown").asInt()).isEqualTo(4);
      assertThat(errors.at("/sbomRefused/boldElements").asInt()).isZero();
      assertThat(errors.get("unknownDigest").asString())
          .isEqualTo("/api/v1/images/" + UNKNOWN + ": " + unknownError);
      assertThat(errors.get("notADigest").asString())
          .isEqualTo("not an image digest: <img src=x onerror=alert(6)>");
      assertThat(errors.get("malformedJson").asString())
          .isEqualTo("/api/v1/workloads: the server's answer is not JSON");
      assertThat(errors.get("htmlError").asString()).isEqualTo("/api/v1/summary: 502 Bad Gateway");
      assertThat(errors.get("hugeError").asString())
          .startsWith("/api/v1/lineage: line one line two xxx")
          .hasSize(300)
          .endsWith("x…");
      assertThat(errors.get("unreachable").asString())
          .startsWith("/api/v1/refreshes: cannot reach the server (");
      assertNoMarkup(errors.get("probe"));

      // Lineage: base → apps → workloads, nodes and edges.
      JsonNode lineage = o.get("lineage");
      Map<String, String> nodes = new LinkedHashMap<>();
      lineage
          .get("nodes")
          .forEach(n -> nodes.put(n.get("key").asString(), n.get("kind").asString()));
      assertThat(nodes)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "base:" + BASE,
                  "base",
                  "base:" + FleetFixture.XSS_BASE_DIGEST,
                  "base",
                  "app:" + WEB,
                  "app",
                  "app:" + WORKER,
                  "app",
                  "app:" + XSS,
                  "app",
                  "wl:shop/Deployment/web/web",
                  "workload",
                  "wl:shop/CronJob/report/report",
                  "workload",
                  "wl:shop/StatefulSet/worker/worker",
                  "workload",
                  "wl:sandbox/Pod/xss/x",
                  "workload"));
      List<String> edges = new ArrayList<>();
      lineage
          .get("edges")
          .forEach(e -> edges.add(e.get("from").asString() + " -> " + e.get("to").asString()));
      assertThat(edges)
          .containsExactlyInAnyOrder(
              "base:" + BASE + " -> app:" + WEB,
              "base:" + BASE + " -> app:" + WORKER,
              "base:" + FleetFixture.XSS_BASE_DIGEST + " -> app:" + XSS,
              "app:" + WEB + " -> wl:shop/Deployment/web/web",
              "app:" + WEB + " -> wl:shop/CronJob/report/report",
              "app:" + WORKER + " -> wl:shop/StatefulSet/worker/worker",
              "app:" + XSS + " -> wl:sandbox/Pod/xss/x");
      List<String> labels = new ArrayList<>();
      lineage.get("nodes").forEach(n -> labels.add(n.get("label").asString()));
      assertThat(labels).contains(FleetFixture.BASE_NAME, FleetFixture.XSS_BASE, "shop/web");
      assertNoMarkup(lineage.get("probe"));
      assertThat(lineage.get("clickHash").asString()).startsWith("#/image/sha256:");

      // Activity: the refresh and the last 30 days of events, newest first.
      JsonNode activity = o.get("activity");
      assertThat(activity.get("refreshes")).hasSize(1);
      assertThat(activity.at("/refreshes/0").asString())
          .contains(FleetFixture.BASE_NAME, "poll", "status=REFRESHED");
      assertThat(activity.get("events").toString())
          .isEqualTo("[\"finding.resolved\",\"finding.new\",\"scan\",\"refresh\"]");

      // A token the server refuses brings the prompt back and clears the view.
      assertThat(o.at("/revoked/promptVisible").asBoolean()).isTrue();
      assertThat(o.at("/revoked/message").asString()).startsWith("Token refused");
      assertThat(o.at("/revoked/viewEmpty").asBoolean()).isTrue();
      assertNoMarkup(o.get("finalProbe"));
      assertThat(shots.resolve("dashboard-fleet.png")).isNotEmptyFile();
    }
  }

  private static void assertNoMarkup(JsonNode probe) {
    assertThat(probe.get("imgElements").asInt()).as("img elements").isZero();
    // the page's own module script is the only one
    assertThat(probe.get("scriptElements").asInt()).as("script elements").isEqualTo(1);
    assertThat(probe.get("svgInjected").asInt()).as("injected svg").isZero();
    assertThat(probe.get("flag").isNull()).as("window.__xss").isTrue();
  }

  /** Prints the page's size and render time (recorded, not asserted: timing is no pass/fail). */
  private static void report(JsonNode perf) {
    long transfer = perf.get("htmlTransfer").asLong();
    long encoded = perf.get("htmlEncoded").asLong();
    long decoded = perf.get("htmlDecoded").asLong();
    for (JsonNode a : perf.get("assets")) {
      transfer += a.get("transfer").asLong();
      encoded += a.get("encoded").asLong();
      decoded += a.get("decoded").asLong();
    }
    System.out.printf(
        "dashboard: page HTML+JS+CSS %d bytes gzip (%d on the wire with headers, %d"
            + " uncompressed); first render of the fleet %.0f ms after navigation start (first"
            + " contentful paint %.0f ms); reload: %d asset bytes moved, fleet rendered at %.0f"
            + " ms%n",
        encoded,
        transfer,
        decoded,
        perf.get("firstRenderMs").asDouble(),
        perf.get("firstContentfulPaintMs").asDouble(),
        perf.get("warmAssetTransfer").asLong(),
        perf.get("warmFirstRenderMs").asDouble());
  }

  private static JsonNode api(String base, String path) throws Exception {
    HttpResponse<String> r = get(base, path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> get(String base, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + FleetFixture.TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static void requireTool(boolean present, String what) {
    if (present) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true and " + what + " is missing: .ci/run installs it");
    }
    Assumptions.abort(what + " is missing; the browser test needs it");
  }

  private static boolean onPath(String cmd) {
    for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!p.isEmpty() && Files.isExecutable(Path.of(p, cmd))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Copies the browser script and its pinned package files to target/browser-e2e and runs {@code
   * npm ci} there when the installed lock differs (so the source tree gets no node_modules).
   */
  private static Path prepareDriver() throws Exception {
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "dashboard.e2e.mjs")) {
      Files.copy(BROWSER_SRC.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    byte[] lock = Files.readAllBytes(BROWSER_SRC.resolve("package-lock.json"));
    Path installedLock = WORK.resolve("node_modules/.drydock-lock.json");
    boolean current =
        Files.exists(WORK.resolve("node_modules/playwright-core/package.json"))
            && Files.exists(installedLock)
            && java.util.Arrays.equals(Files.readAllBytes(installedLock), lock);
    if (!current) {
      Files.write(WORK.resolve("package-lock.json"), lock);
      Run npm =
          run(
              List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"),
              WORK,
              Duration.ofMinutes(5));
      if (npm.exit != 0) {
        fail("npm ci in " + WORK + " failed (exit " + npm.exit + "):\n" + npm.output);
      }
      Files.write(installedLock, lock);
    }
    return WORK.resolve("dashboard.e2e.mjs").toAbsolutePath();
  }

  private record Run(int exit, String output) {}

  private static Run run(List<String> cmd, Path cwd, Duration timeout)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("drydock-e2e-", ".log");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(cwd.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        return new Run(-1, "timed out after " + timeout + ":\n" + Files.readString(log));
      }
      return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
