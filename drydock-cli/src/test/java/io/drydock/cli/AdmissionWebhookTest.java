package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.testing.SigstoreFixtures;
import io.drydock.testing.Testbed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code drydock admission serve} end to end: the real CLI in its own JVM, HTTPS, AdmissionReview
 * fixtures as the API server sends them, images signed and attested in the real testbed registry.
 */
class AdmissionWebhookTest {
  @TempDir static Path dir;
  static Testbed tb;
  static String clean;
  static String vulnerable;
  static String unsigned;

  /** Signed and attested as OCI 1.1 referrers (no .sig/.att tags): clean and vulnerable. */
  static String cleanReferrers;

  static String vulnerableReferrers;
  static Server main;
  static final List<Server> servers = new ArrayList<>();

  /** A running {@code drydock admission serve} process and an HTTPS client that trusts it. */
  record Server(Process process, int port, HttpClient client, Path log) {
    HttpResponse<String> post(String path, String body) throws Exception {
      return client.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
      return client.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    JsonNode review(String path, String body) throws Exception {
      HttpResponse<String> r = post(path, body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode review = Json.MAPPER.readTree(r.body());
      assertThat(review.path("apiVersion").asString()).isEqualTo("admission.k8s.io/v1");
      assertThat(review.path("kind").asString()).isEqualTo("AdmissionReview");
      return review.path("response");
    }
  }

  @BeforeAll
  static void setUp() throws Exception {
    tb = Testbed.require();
    String repo = tb.plainRegistry() + "/admission-" + UUID.randomUUID().toString().substring(0, 8);
    clean = repo + "/clean:1";
    vulnerable = repo + "/vulnerable:1";
    unsigned = repo + "/unsigned:1";
    cleanReferrers = repo + "/clean-referrers:1";
    vulnerableReferrers = repo + "/vulnerable-referrers:1";
    Path pw = Files.writeString(dir.resolve("password"), "s3cret\n");
    for (String name : new String[] {"trusted", "other"}) {
      CliRunner r =
          CliRunner.run(
              "generate-key-pair",
              "--output-key-prefix",
              dir.resolve(name).toString(),
              "--key-password-file",
              pw.toString());
      assertThat(r.code()).as(r.err()).isZero();
    }
    Path db = dir.resolve("db");
    CliRunner imp =
        CliRunner.run(
            "db", "import", "--db-dir", db.toString(), DbCommandTest.advisories().toString());
    assertThat(imp.code()).as(imp.err()).isZero();
    copy(
        "docker://" + tb.plainRegistry() + "/" + tb.repoTag(Testbed.Img.DEBIAN_BOOKWORM_V1), clean);
    copy(ScanCommandTest.DEMO, vulnerable);
    copy(ScanCommandTest.DEMO, unsigned);
    copy(
        "docker://" + tb.plainRegistry() + "/" + tb.repoTag(Testbed.Img.DEBIAN_BOOKWORM_V1),
        cleanReferrers);
    copy(ScanCommandTest.DEMO, vulnerableReferrers);
    for (String image : new String[] {clean, vulnerable, cleanReferrers, vulnerableReferrers}) {
      String mode =
          image.equals(cleanReferrers) || image.equals(vulnerableReferrers) ? "oci-1-1" : "legacy";
      CliRunner s =
          CliRunner.run(
              "sign",
              image,
              "--key",
              dir.resolve("trusted.key").toString(),
              "--key-password-file",
              pw.toString(),
              "--registry-referrers-mode",
              mode);
      assertThat(s.code()).as(s.err()).isZero();
      CliRunner a =
          CliRunner.run(
              "attest",
              image,
              "--key",
              dir.resolve("trusted.key").toString(),
              "--key-password-file",
              pw.toString(),
              "--scan",
              "--db-dir",
              db.toString(),
              "--cache-dir",
              dir.resolve("cache").toString(),
              "--registry-referrers-mode",
              mode);
      assertThat(a.code()).as(a.err()).isZero();
    }
    Files.writeString(
        dir.resolve("policy.yaml"),
        "apiVersion: drydock.io/v1\n"
            + "kind: Policy\n"
            + "builtins:\n"
            + "  - no-fixable-critical-high\n"
            + "rules:\n"
            + "  - name: no-latest\n"
            + "    action: warn\n"
            + "    expression: image.tag != 'latest'\n"
            + "    message: use a version tag, not latest\n");
    main = start("main", "--exempt-namespace", "kube-system");
  }

  static void copy(String from, String to) {
    CliRunner r = CliRunner.run("copy", from, to);
    assertThat(r.code()).as(r.err()).isZero();
  }

  /** Starts {@code drydock admission serve} in its own JVM with the test classpath. */
  static Server start(String name, String... extra) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path cache = dir.resolve("cache-" + name);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.drydock.cli.Main");
    cmd.addAll(
        List.of(
            "admission",
            "serve",
            "--policy",
            dir.resolve("policy.yaml").toString(),
            "--key",
            dir.resolve("trusted.pub").toString(),
            "--listen",
            "127.0.0.1:" + port,
            "--cache-dir",
            cache.toString()));
    cmd.addAll(List.of(extra));
    Path log = dir.resolve(name + ".log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    Path pem = cache.resolve("admission").resolve("self-signed.crt");
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!(Files.exists(pem) && listening(port))) {
      assertThat(p.isAlive()).as("server exited: " + Files.readString(log)).isTrue();
      assertThat(System.nanoTime() - until).as("server did not start").isNegative();
      Thread.sleep(100);
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(
        "server",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(ssl)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    Server s = new Server(p, port, client, log);
    servers.add(s);
    return s;
  }

  static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (Server s : servers) {
      s.process().destroy();
      s.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
      s.process().destroyForcibly();
    }
  }

  static String fixture(String name, String image, String image2, String namespace)
      throws IOException {
    try (var in = AdmissionWebhookTest.class.getResourceAsStream("/admission/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("@IMAGE@", image)
          .replace("@IMAGE2@", image2)
          .replace("@NAMESPACE@", namespace);
    }
  }

  static List<JsonNode> patch(JsonNode response) {
    assertThat(response.path("patchType").asString()).isEqualTo("JSONPatch");
    byte[] raw = Base64.getDecoder().decode(response.path("patch").asString());
    List<JsonNode> ops = new ArrayList<>();
    Json.MAPPER.readTree(raw).forEach(ops::add);
    return ops;
  }

  String digestOf(String image) {
    CliRunner r = CliRunner.run("inspect", image, "-f", "json");
    assertThat(r.code()).as(r.err()).isZero();
    return Json.MAPPER.readTree(r.out()).path("digest").asString();
  }

  @Test
  void signedAndCleanPodIsAllowedAndMutatePinsEveryContainerToItsDigest() throws Exception {
    JsonNode allowed = main.review("/validate", fixture("pod-create.json", clean, clean, "shop"));
    assertThat(allowed.path("uid").asString()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    assertThat(allowed.path("allowed").asBoolean()).as(allowed.toString()).isTrue();

    JsonNode mutated = main.review("/mutate", fixture("pod-create.json", clean, clean, "shop"));
    assertThat(mutated.path("allowed").asBoolean()).isTrue();
    String digest = digestOf(clean);
    assertThat(digest).startsWith("sha256:");
    List<JsonNode> ops = patch(mutated);
    assertThat(ops)
        .extracting(o -> o.path("path").asString())
        .containsExactlyInAnyOrder(
            "/spec/initContainers/0/image", "/spec/containers/0/image", "/spec/containers/1/image");
    for (JsonNode op : ops) {
      assertThat(op.path("op").asString()).isEqualTo("replace");
      assertThat(op.path("value").asString()).isEqualTo(clean + "@" + digest);
    }
  }

  /**
   * An image signed and attested in cosign 3's default format (Sigstore bundles made by
   * sigstore-js) is admitted by a webhook that trusts that key, and denied by one that does not.
   */
  @Test
  void anImageSignedAndAttestedByCosign3BundlesIsAdmitted() throws Exception {
    ImageRef repo =
        ImageRef.parse(
            tb.plainRegistry()
                + "/admission-"
                + UUID.randomUUID().toString().substring(0, 8)
                + "/cosign3:1");
    Digest digest = CliSignTest.publishSigstoreImage(repo);
    Path pub = Files.write(dir.resolve("sigstore-js.pub"), SigstoreFixtures.read("key.pub"));
    Server cosign3 = start("cosign3", "--key", pub.toString(), "--exempt-namespace", "kube-system");
    String image = repo.toString();
    JsonNode ok = cosign3.review("/validate", fixture("pod-create.json", image, image, "shop"));
    assertThat(ok.path("allowed").asBoolean()).as(ok.toString()).isTrue();
    JsonNode mutated = cosign3.review("/mutate", fixture("pod-create.json", image, image, "shop"));
    assertThat(patch(mutated))
        .allSatisfy(op -> assertThat(op.path("value").asString()).isEqualTo(image + "@" + digest));

    JsonNode denied = main.review("/validate", fixture("pod-create.json", image, image, "shop"));
    assertThat(denied.path("allowed").asBoolean()).isFalse();
    assertThat(denied.path("status").path("message").asString())
        .contains("not signed by a trusted key");
  }

  @Test
  void unsignedImageIsDeniedWithTheReason() throws Exception {
    JsonNode r = main.review("/validate", fixture("pod-create.json", unsigned, clean, "shop"));
    assertThat(r.path("allowed").asBoolean()).isFalse();
    assertThat(r.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(r.path("status").path("message").asString())
        .contains("image " + unsigned)
        .contains("not signed by a trusted key")
        .contains("no signatures");
    // a denied request is not patched
    JsonNode m = main.review("/mutate", fixture("pod-create.json", unsigned, clean, "shop"));
    assertThat(m.path("allowed").asBoolean()).isFalse();
    assertThat(m.has("patch")).isFalse();
  }

  @Test
  void vulnerableDeploymentIsDeniedNamingTheRuleAndTheCve() throws Exception {
    JsonNode r =
        main.review("/validate", fixture("deployment-create.json", vulnerable, clean, "shop"));
    assertThat(r.path("allowed").asBoolean()).isFalse();
    assertThat(r.path("status").path("message").asString())
        .contains("image " + vulnerable)
        .contains("no-fixable-critical-high")
        .contains("CVE-2021-44228");
  }

  @Test
  void signaturesAndAttestationsStoredAsReferrersAreRead() throws Exception {
    JsonNode ok =
        main.review(
            "/validate", fixture("pod-create.json", cleanReferrers, cleanReferrers, "shop"));
    assertThat(ok.path("allowed").asBoolean()).as(ok.toString()).isTrue();
    JsonNode bad =
        main.review(
            "/validate",
            fixture("deployment-create.json", vulnerableReferrers, cleanReferrers, "shop"));
    assertThat(bad.path("allowed").asBoolean()).isFalse();
    assertThat(bad.path("status").path("message").asString())
        .contains("image " + vulnerableReferrers)
        .contains("no-fixable-critical-high")
        .contains("CVE-2021-44228");
  }

  @Test
  void cronJobDryRunIsDecidedLikeAnyOther() throws Exception {
    JsonNode ok = main.review("/validate", fixture("cronjob-create.json", clean, clean, "batch"));
    assertThat(ok.path("allowed").asBoolean()).isTrue();
    JsonNode bad =
        main.review("/validate", fixture("cronjob-create.json", vulnerable, clean, "batch"));
    assertThat(bad.path("allowed").asBoolean()).isFalse();
    assertThat(bad.path("status").path("message").asString()).contains("CVE-2021-44228");
    assertThat(Files.readString(main.log())).contains("[dry run]");
  }

  @Test
  void updateDecidesOnlyTheImagesThatChanged() throws Exception {
    // The vulnerable image was already in the old Deployment: unchanged, no decision needed;
    // the added sidecar's image is new and decided.
    JsonNode keep =
        main.review("/validate", fixture("deployment-update.json", vulnerable, clean, "shop"));
    assertThat(keep.path("allowed").asBoolean()).as(keep.toString()).isTrue();
    JsonNode bad =
        main.review("/validate", fixture("deployment-update.json", vulnerable, unsigned, "shop"));
    assertThat(bad.path("allowed").asBoolean()).isFalse();
    assertThat(bad.path("status").path("message").asString())
        .contains(unsigned)
        .doesNotContain("image " + vulnerable);
    // mutate pins only the changed image: pinning unchanged ones would roll the Deployment
    List<JsonNode> ops =
        patch(main.review("/mutate", fixture("deployment-update.json", vulnerable, clean, "shop")));
    assertThat(ops)
        .extracting(o -> o.path("path").asString())
        .containsExactly("/spec/template/spec/containers/1/image");
  }

  @Test
  void ephemeralContainersAreChecked() throws Exception {
    ObjectNode review =
        (ObjectNode) Json.MAPPER.readTree(fixture("pod-create.json", clean, clean, "shop"));
    ObjectNode req = (ObjectNode) review.path("request");
    req.put("operation", "UPDATE");
    req.put("subResource", "ephemeralcontainers");
    req.set("oldObject", req.path("object").deepCopy());
    ArrayNode eph = ((ObjectNode) req.path("object").path("spec")).putArray("ephemeralContainers");
    eph.addObject().put("name", "debugger").put("image", unsigned);
    JsonNode r = main.review("/validate", Json.MAPPER.writeValueAsString(review));
    assertThat(r.path("allowed").asBoolean()).isFalse();
    assertThat(r.path("status").path("message").asString()).contains(unsigned);
  }

  @Test
  void exemptNamespaceAndBreakGlassAreAllowedAndBreakGlassIsLogged() throws Exception {
    JsonNode exempt =
        main.review("/validate", fixture("pod-create.json", unsigned, unsigned, "kube-system"));
    assertThat(exempt.path("allowed").asBoolean()).isTrue();

    ObjectNode review =
        (ObjectNode)
            Json.MAPPER.readTree(fixture("deployment-create.json", unsigned, clean, "shop"));
    ((ObjectNode) review.at("/request/object/metadata/annotations"))
        .put("drydock.io/break-glass", "INC-4711 payment outage");
    JsonNode glass = main.review("/validate", Json.MAPPER.writeValueAsString(review));
    assertThat(glass.path("allowed").asBoolean()).isTrue();
    assertThat(glass.path("warnings").toString()).contains("break-glass");
    assertThat(Files.readString(main.log())).contains("BREAK-GLASS").contains("INC-4711");
  }

  @Test
  void podsReCreatedByAControllerKeepRunningWhenOnlyFindingsDeny() throws Exception {
    JsonNode r =
        main.review("/validate", fixture("pod-recreated.json", vulnerable, vulnerable, "shop"));
    assertThat(r.path("allowed").asBoolean()).as(r.toString()).isTrue();
    assertThat(r.path("warnings").toString())
        .contains("re-created from an admitted template")
        .contains("CVE-2021-44228");
    // ...but not when the signature is missing: keep-admitted covers new findings only
    JsonNode u =
        main.review("/validate", fixture("pod-recreated.json", unsigned, unsigned, "shop"));
    assertThat(u.path("allowed").asBoolean()).isFalse();
  }

  @Test
  void auditModeDeniesNothingButSaysWhatItWouldDenyAndExemptImagesAreNotChecked() throws Exception {
    Server audit = start("audit", "--audit", "--exempt-image", "**/unsigned:*");
    JsonNode vuln =
        audit.review("/validate", fixture("deployment-create.json", vulnerable, clean, "shop"));
    assertThat(vuln.path("allowed").asBoolean()).isTrue();
    assertThat(vuln.path("warnings").toString())
        .contains("audit mode, would deny")
        .contains("CVE-2021-44228");
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!Files.readString(audit.log()).contains("AUDIT:") && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(Files.readString(audit.log())).contains("AUDIT:").contains(vulnerable);
    // the exempt glob matches the unsigned image: no check at all, not even a warning about it
    JsonNode exempt =
        audit.review("/validate", fixture("pod-create.json", unsigned, unsigned, "shop"));
    assertThat(exempt.path("allowed").asBoolean()).isTrue();
    assertThat(exempt.path("warnings").toString()).doesNotContain("would deny");
    // ...while the main server (no exemption) denies the same request
    assertThat(
            main.review("/validate", fixture("pod-create.json", unsigned, unsigned, "shop"))
                .path("allowed")
                .asBoolean())
        .isFalse();
  }

  @Test
  void unknownKindsAreAllowedWithAWarning() throws Exception {
    ObjectNode review =
        (ObjectNode) Json.MAPPER.readTree(fixture("pod-create.json", clean, clean, "shop"));
    ((ObjectNode) review.at("/request/kind")).put("kind", "Widget").put("group", "example.com");
    JsonNode r = main.review("/validate", Json.MAPPER.writeValueAsString(review));
    assertThat(r.path("allowed").asBoolean()).isTrue();
    assertThat(r.path("warnings").toString()).contains("Widget");
  }

  @Test
  void malformedAndOversizedBodiesGetAnAdmissionReviewError() throws Exception {
    HttpResponse<String> bad = main.post("/validate", "{\"apiVersion\": \"admission.k8s.io/v1\",");
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode resp = Json.MAPPER.readTree(bad.body()).path("response");
    assertThat(resp.path("allowed").asBoolean()).isFalse();
    assertThat(resp.path("status").path("message").asString()).contains("malformed");

    HttpResponse<String> wrongKind =
        main.post(
            "/validate", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"request\":{\"uid\":\"x\"}}");
    assertThat(wrongKind.statusCode()).isEqualTo(400);
    assertThat(wrongKind.body()).contains("expected an AdmissionReview");

    String huge = "{\"pad\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}";
    HttpResponse<String> big = main.post("/validate", huge);
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).contains("over the limit");

    // the server is still up and answering
    assertThat(main.get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void healthReadinessAndMetrics() throws Exception {
    assertThat(main.get("/healthz").body()).isEqualTo("ok\n");
    assertThat(main.get("/readyz").statusCode()).isEqualTo(200);
    main.review("/validate", fixture("pod-create.json", clean, clean, "shop"));
    HttpResponse<String> m = main.get("/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body())
        .contains("drydock_admission_requests_total{endpoint=\"validate\",result=\"allowed\"}")
        .contains("drydock_admission_request_duration_seconds_bucket")
        .contains("drydock_admission_decision_cache_total{outcome=\"hit\"}");
    assertThat(main.get("/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void registryDownFollowsTheFailureModeWithinTheDeadline() throws Exception {
    // A "registry" that accepts connections and never answers: only the deadline can end it.
    try (ServerSocket blackhole = new ServerSocket(0)) {
      String stuck = "127.0.0.1:" + blackhole.getLocalPort() + "/app/stuck:1";
      Server open =
          start("open", "--failure-mode", "open", "--deadline", "1s", "--registry-timeout", "20s");
      long t0 = System.nanoTime();
      JsonNode r = open.review("/validate", fixture("pod-create.json", stuck, stuck, "shop"));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.path("allowed").asBoolean()).isTrue();
      assertThat(r.path("warnings").toString())
          .contains("within the deadline of 1s")
          .contains("failure mode is open");
      assertThat(ms)
          .as("answered by the deadline, not the 20 s registry timeout")
          .isLessThan(15_000);

      JsonNode closed = main.review("/validate", fixture("pod-create.json", stuck, stuck, "shop"));
      assertThat(closed.path("allowed").asBoolean()).isFalse();
      assertThat(closed.path("status").path("message").asString()).contains("failure mode closed");
    }
    // Nothing listening at all: refused at once, closed by default.
    String refused = "127.0.0.1:1/app/down:1";
    JsonNode down = main.review("/validate", fixture("pod-create.json", refused, refused, "shop"));
    assertThat(down.path("allowed").asBoolean()).isFalse();
    assertThat(down.path("status").path("message").asString())
        .contains("127.0.0.1:1")
        .contains("failure mode closed");
  }

  /**
   * Issue 8's "seen by admission": with {@code --report-to}, every image the webhook decided is
   * reported to the Drydock server (pinned to its digest: the server scans it once) with the
   * verdict, off the admission path.
   */
  @Test
  void decidedImagesAreReportedToTheServerInventory() throws Exception {
    Path data = dir.resolve("server-data");
    io.drydock.server.ServerConfig d = io.drydock.server.ServerConfig.defaults(data);
    io.drydock.server.ServerConfig cfg =
        new io.drydock.server.ServerConfig(
            d.dbUrl(),
            null,
            null,
            "127.0.0.1",
            0,
            data,
            dir.resolve("db"),
            1,
            Duration.ofMinutes(2),
            null,
            null,
            null,
            null,
            null);
    List<java.util.function.Function<io.drydock.server.ServerContext, io.drydock.server.ServerPart>>
        parts = new ArrayList<>(io.drydock.server.api.ApiPart.factories());
    parts.add(
        io.drydock.server.scan.ScanPart.factory(
            io.drydock.server.scan.ScanPart.Options.defaults()));
    try (io.drydock.server.DrydockServer server =
        io.drydock.server.DrydockServer.start(cfg, java.time.Clock.systemUTC(), parts)) {
      String token =
          new io.drydock.server.api.Tokens(server.context().db(), java.time.Clock.systemUTC())
              .create("admission");
      Path tokenFile = Files.writeString(dir.resolve("server-token"), token + "\n");
      Server reporting =
          start(
              "reporting",
              "--report-to",
              "http://127.0.0.1:" + server.port(),
              "--report-token-file",
              tokenFile.toString());
      assertThat(
              reporting
                  .review("/validate", fixture("pod-create.json", clean, clean, "shop"))
                  .path("allowed")
                  .asBoolean())
          .isTrue();
      assertThat(
              reporting
                  .review("/validate", fixture("pod-create.json", unsigned, clean, "shop"))
                  .path("allowed")
                  .asBoolean())
          .isFalse();
      String cleanDigest = digestOf(clean);
      String unsignedDigest = digestOf(unsigned);
      HttpClient http = HttpClient.newHttpClient();
      String api = "http://127.0.0.1:" + server.port() + "/api/v1/images/";
      JsonNode cleanImage = null;
      long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < until) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(api + cleanDigest))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          cleanImage = Json.MAPPER.readTree(r.body());
          if (cleanImage.path("scannedAt").isNumber()) {
            break;
          }
        }
        Thread.sleep(100);
      }
      assertThat(cleanImage).as(Files.readString(reporting.log())).isNotNull();
      assertThat(cleanImage.path("scannedAt").isNumber()).as(cleanImage.toString()).isTrue();
      assertThat(cleanImage.path("references").toString()).contains(clean + "@" + cleanDigest);
      JsonNode allow = decisions(http, api + cleanDigest, token);
      assertThat(allow.path("decision").asString()).isEqualTo("allow");
      assertThat(allow.at("/detail/source").asString()).isEqualTo("admission");
      assertThat(allow.at("/detail/namespace").asString()).isEqualTo("shop");
      JsonNode deny = null;
      until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (deny == null && System.nanoTime() < until) {
        deny = decisions(http, api + unsignedDigest, token);
        Thread.sleep(100);
      }
      assertThat(deny).isNotNull();
      assertThat(deny.path("decision").asString()).isEqualTo("deny");
      assertThat(deny.at("/detail/reasons").toString()).contains("not signed by a trusted key");
    }
  }

  private static JsonNode decisions(HttpClient http, String image, String token) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(image + "/decisions"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return null;
    }
    JsonNode list = Json.MAPPER.readTree(r.body()).path("decisions");
    return list.isEmpty() ? null : list.get(0);
  }
}
