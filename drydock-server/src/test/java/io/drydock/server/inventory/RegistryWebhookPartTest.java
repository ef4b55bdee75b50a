package io.drydock.server.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.refresh.watch.PushEvents;
import io.drydock.refresh.watch.WebhookAuth;
import io.drydock.server.DrydockServer;
import io.drydock.server.ServerConfig;
import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** {@code POST /webhooks/registry} on a running server, over SQLite and embedded PostgreSQL. */
class RegistryWebhookPartTest {
  static final String TOKEN = "s3cret-token";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  DrydockServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  DrydockServer start(Vendor vendor, String token) throws IOException {
    ServerConfig cfg = Servers.config(dir, TestDatabases.url(vendor, dir), null, token);
    server = DrydockServer.start(cfg, Clock.systemUTC(), List.of(RegistryWebhookPart.factory()));
    return server;
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = RegistryWebhookPartTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  HttpResponse<String> post(byte[] body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + RegistryWebhookPart.PATH))
            .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  static JsonNode json(HttpResponse<String> r) {
    return Responses.MAPPER.readTree(r.body());
  }

  static List<String> rows(Database db, String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
  }

  static final String IMAGES =
      "SELECT i.digest || ' ' || i.repository || ' ' || r.reference || ' ' || r.source FROM images"
          + " i JOIN image_refs r ON r.digest = i.digest ORDER BY r.reference";
  static final String SCANS =
      "SELECT subject || ' ' || payload FROM jobs WHERE kind = 'scan' ORDER BY subject";

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void everyFormatRecordsThePushedManifestsAndQueuesOneScanEach(Vendor vendor) throws Exception {
    start(vendor, TOKEN);
    Database db = server.context().db();

    // the distribution envelope: a blob push, a manifest push, a pull → one image
    HttpResponse<String> r = post(fixture("distribution-push.json"), bearer(TOKEN));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("format").asString()).isEqualTo("distribution");
    assertThat(json(r).get("events").asInt()).isEqualTo(1);
    assertThat(json(r).get("queued").asInt()).isEqualTo(1);
    String d2 = "sha256:" + "2".repeat(64);
    assertThat(rows(db, IMAGES))
        .containsExactly(d2 + " 127.0.0.1:5001/debian 127.0.0.1:5001/debian:bookworm registry");
    // delivered again (a registry retry): recorded, but the pending scan is not queued twice
    r = post(fixture("distribution-push.json"), bearer(TOKEN));
    assertThat(json(r).get("queued").asInt()).isZero();

    // ACR with a Bearer header, Harbor with its raw auth header and with an HMAC signature
    r = post(fixture("acr-push.json"), bearer(TOKEN));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("format").asString()).isEqualTo("acr");
    r = post(fixture("harbor-push-tag.json"), Map.of("Authorization", TOKEN));
    assertThat(r.statusCode()).isEqualTo(200);
    byte[] byDigest = fixture("harbor-push-by-digest.json");
    r =
        post(
            byDigest,
            Map.of(
                WebhookAuth.HUB_SIGNATURE_256,
                WebhookAuth.signature(TOKEN.getBytes(StandardCharsets.UTF_8), byDigest)));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("format").asString()).isEqualTo("harbor");

    List<String> images = rows(db, IMAGES);
    assertThat(images)
        .hasSize(4)
        .contains(
            "sha256:80f0d5c8786bb9e621a45ece0db56d11cdc624ad20da9fe62e9d25490f331d7d"
                + " myregistry.azurecr.io/hello-world myregistry.azurecr.io/hello-world:v1"
                + " registry",
            "sha256:d72f37f783ed6a8d58ac70b4db052707d1ec9d4ea010ef5ccd84652faf9ed844"
                + " harbor.example.com/example/test harbor.example.com/example/test:latest"
                + " registry");
    // the push by digest is recorded under its digest form
    assertThat(images).anyMatch(s -> s.matches("(sha256:\\S+) \\S+ \\S+@\\1 registry"));
    List<String> scans = rows(db, SCANS);
    assertThat(scans).hasSize(4);
    assertThat(scans)
        .contains(
            "127.0.0.1:5001/debian@"
                + d2
                + " {\"reference\":\"127.0.0.1:5001/debian@"
                + d2
                + "\",\"source\":\"registry\"}");
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void badRequestsAreRefusedWithOneLineAndNothingWritten(Vendor vendor) throws Exception {
    start(vendor, TOKEN);
    Database db = server.context().db();
    byte[] good = fixture("distribution-push.json");

    HttpResponse<String> r = post(good, bearer("wrong"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asString())
        .startsWith("webhook /webhooks/registry: ")
        .contains("wrong Bearer token")
        .doesNotContain(TOKEN)
        .doesNotContain("\n");
    r = post(good, Map.of());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asString()).contains("missing Authorization header");
    r = post(good, Map.of(WebhookAuth.HUB_SIGNATURE_256, "sha256=" + "0".repeat(64)));
    assertThat(r.statusCode()).isEqualTo(401);

    r = post("{\"events\": [ {\"action\": ".getBytes(StandardCharsets.UTF_8), bearer(TOKEN));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asString())
        .startsWith("webhook /webhooks/registry: ")
        .doesNotContain("\n");
    r = post("{\"hello\": 1}".getBytes(StandardCharsets.UTF_8), bearer(TOKEN));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asString()).contains("none of");
    r = post(new byte[0], bearer(TOKEN));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asString()).contains("empty");
    byte[] deep = ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
    r = post(deep, bearer(TOKEN));
    assertThat(r.statusCode()).isEqualTo(400);

    byte[] huge = new byte[PushEvents.MAX_PAYLOAD_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    r = post(huge, bearer(TOKEN));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asString()).contains("larger than");
    // the same without Content-Length (chunked): the read stops at the limit
    HttpRequest chunked =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + RegistryWebhookPart.PATH))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(huge)))
            .build();
    r = HTTP.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asString()).contains("larger than");

    assertThat(rows(db, IMAGES)).isEmpty();
    assertThat(rows(db, SCANS)).isEmpty();
  }

  @Test
  void withoutAConfiguredTokenEveryPushIsRefused() throws Exception {
    start(Vendor.SQLITE, null);
    HttpResponse<String> r = post(fixture("distribution-push.json"), bearer("anything"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asString()).contains("no webhook token is configured");
    assertThat(rows(server.context().db(), IMAGES)).isEmpty();
  }

  /**
   * The real registry sends its notifications to the server: every pushed image (bases and apps)
   * arrives as an image with a queued scan.
   */
  @Test
  void theTestbedRegistrysNotificationsReachTheInventory() throws Exception {
    Testbed tb = Testbed.require();
    start(Vendor.SQLITE, TOKEN);
    String name = "srvinv";
    tb.script("registry.sh", "stop", "--name", name, "--purge");
    try {
      tb.script(
          "registry.sh",
          "start",
          "--name",
          name,
          "--notify",
          "http://127.0.0.1:" + server.port() + RegistryWebhookPart.PATH,
          "--notify-token",
          TOKEN);
      String hostPort = tb.script("registry.sh", "hostport", "--name", name).strip();
      tb.script("images.sh", "push", "--name", name);
      Database db = server.context().db();
      List<String> expected =
          List.of(
              tb.digest(Img.DEBIAN_BOOKWORM_V1),
              tb.digest(Img.APP_1_0_BASE_V1),
              tb.digest(Img.DEBIAN_BOOKWORM_V2));
      Servers.await(
          () ->
              rows(db, "SELECT digest FROM images").containsAll(expected)
                  && rows(db, SCANS).size() >= expected.size());
      assertThat(rows(db, "SELECT digest FROM images")).containsAll(expected);
      List<String> refs =
          rows(db, "SELECT reference || ' ' || source FROM image_refs ORDER BY reference");
      assertThat(refs)
          .contains(hostPort + "/" + tb.repoTag(Img.APP_1_0_BASE_V1) + " registry")
          .allMatch(s -> s.startsWith(hostPort + "/") && s.endsWith(" registry"));
      assertThat(rows(db, SCANS))
          .contains(
              hostPort
                  + "/debian@"
                  + tb.digest(Img.DEBIAN_BOOKWORM_V1)
                  + " {\"reference\":\""
                  + hostPort
                  + "/debian@"
                  + tb.digest(Img.DEBIAN_BOOKWORM_V1)
                  + "\",\"source\":\"registry\"}");
      // one scan per digest, however many tags point at it
      assertThat(rows(db, "SELECT COUNT(DISTINCT subject) FROM jobs"))
          .containsExactly(String.valueOf(rows(db, SCANS).size()));
    } finally {
      tb.script("registry.sh", "stop", "--name", name, "--purge");
    }
  }
}
