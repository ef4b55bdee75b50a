package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.drydock.oci.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rebuild path end to end: when {@code debian:bookworm} moves to v2, {@code refresh --once}
 * fires the app's generic CI webhook; the test's receiver plays CI and really rebuilds the app with
 * buildah ({@code images.sh rebuild-app}) onto the new base and pushes it over the app's tag; the
 * loop waits for the new digest, scans it (the apt finding v2 fixes is gone), and signs it.
 */
class RefreshRebuildTest {
  static final String NAME = "refreshb";
  HttpServer ci;

  @AfterEach
  void stop() throws Exception {
    if (ci != null) {
      ci.stop(0);
    }
    RefreshDaemonTest.testbed("registry.sh", "stop", "--name", NAME, "--purge");
  }

  @Test
  void aBaseUpdateTriggersTheAppsCiAndTheRebuiltImageIsValidatedAndSigned() throws Exception {
    RefreshCommandTest.setUp();
    Path dir = RefreshCommandTest.dir;
    RefreshDaemonTest.testbed("registry.sh", "stop", "--name", NAME, "--purge");
    RefreshDaemonTest.testbed("registry.sh", "start", "--name", NAME);
    String registry = RefreshDaemonTest.testbed("registry.sh", "hostport", "--name", NAME).strip();
    RefreshDaemonTest.testbed("images.sh", "push", "--name", NAME);
    String base = registry + "/debian:bookworm";
    String app = registry + "/drydock/app:1.0-base-v1";
    String before = RefreshCommandTest.digest(app);

    AtomicReference<String> received = new AtomicReference<>();
    AtomicReference<CompletableFuture<Void>> build = new AtomicReference<>();
    ci = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    ci.createContext(
        "/build",
        ex -> {
          received.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          // CI accepts the job and builds in the background, as real CI does
          build.set(
              CompletableFuture.runAsync(
                  () -> {
                    try {
                      RefreshDaemonTest.testbed(
                          "images.sh",
                          "rebuild-app",
                          "--name",
                          NAME,
                          "--tag",
                          "drydock/app:1.0-base-v1");
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }));
          ex.sendResponseHeaders(202, -1);
          ex.close();
        });
    ci.start();

    Path policy = Files.writeString(dir.resolve("rebuild-policy.yaml"), RefreshCommandTest.POLICY);
    Path config =
        Files.writeString(
            dir.resolve("rebuild-refresh.yaml"),
            "apiVersion: drydock.io/v1\nkind: RefreshConfig\n"
                + "apps:\n  - image: "
                + app
                + "\n    base: "
                + base
                + "\n    action: rebuild\n    rebuild:\n      type: webhook\n"
                + "      url: http://127.0.0.1:"
                + ci.getAddress().getPort()
                + "/build\n"
                + "      body: '{\"image\": \"${app}\", \"tag\": \"${tag}\","
                + " \"base\": \"${newBaseDigest}\"}'\n"
                + "policy: "
                + policy
                + "\nsigningKey: "
                + dir.resolve("cosign.key")
                + "\n");
    RefreshCommandTest.Setup s =
        new RefreshCommandTest.Setup(base, app, config, dir.resolve("rebuild-state.json"));
    assertThat(RefreshCommandTest.refresh(s).code()).isZero();
    RefreshDaemonTest.testbed("images.sh", "update-base", "--name", NAME);

    CliRunner run = RefreshCommandTest.refresh(s, "-f", "json");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    JsonNode a = Json.MAPPER.readTree(run.out()).get(0).path("apps").get(0);
    assertThat(a.path("action").asString()).isEqualTo("rebuild");
    assertThat(a.path("status").asString()).isEqualTo("REFRESHED");
    assertThat(a.path("fixed").toString()).contains("CVE-2099-0001");
    String rebuilt = a.path("newDigest").asString();
    assertThat(rebuilt).isNotEqualTo(before);
    assertThat(RefreshCommandTest.digest(app)).isEqualTo(rebuilt);
    build.get().join();

    JsonNode body = Json.MAPPER.readTree(received.get());
    assertThat(body.path("image").asString()).isEqualTo(registry + "/drydock/app");
    assertThat(body.path("tag").asString()).isEqualTo("1.0-base-v1");
    assertThat(body.path("base").asString()).isEqualTo(RefreshCommandTest.digest(base));
    CliRunner verify = CliRunner.run("verify", app, "--key", dir.resolve("cosign.pub").toString());
    assertThat(verify.code()).as(verify.err()).isZero();
  }
}
