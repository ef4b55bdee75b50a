package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The refresh daemon reacting to a real registry push notification: a dedicated testbed registry
 * sends CNCF distribution events (with a bearer token) to {@code drydock refresh} running in its
 * own JVM; {@code images.sh update-base} moves {@code debian:bookworm} to v2; the daemon rebases
 * the app, validates, signs, tags it and patches the Deployment in the (mock) cluster. Prints the
 * time from the push to the patched Deployment (measured in BENCHMARKS.md, not asserted).
 */
class RefreshDaemonTest {
  static final String NAME = "refreshd";
  Process daemon;
  RefreshRolloutTest cluster = new RefreshRolloutTest();

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.destroy();
      daemon.waitFor(30, TimeUnit.SECONDS);
      daemon.destroyForcibly();
    }
    cluster.down();
    testbed("registry.sh", "stop", "--name", NAME, "--purge");
  }

  /** A testbed script (see {@link io.drydock.testing.Testbed#script}). */
  static String testbed(String script, String... args) {
    return RefreshCommandTest.tb.script(script, args);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aPushNotificationRefreshesAndRollsOutTheApp() throws Exception {
    RefreshCommandTest.setUp();
    cluster.cluster();
    Path dir = RefreshCommandTest.dir;
    int port = freePort();
    testbed("registry.sh", "stop", "--name", NAME, "--purge");
    testbed(
        "registry.sh",
        "start",
        "--name",
        NAME,
        "--notify",
        "http://127.0.0.1:" + port + "/webhook/distribution",
        "--notify-token",
        "s3cret-token",
        "--notify-ignore-blobs");
    String registry = testbed("registry.sh", "hostport", "--name", NAME).strip();
    testbed("images.sh", "push", "--name", NAME);
    String base = registry + "/debian:bookworm";
    String app = registry + "/drydock/app:1.0-base-v1";
    String old = app + "@" + RefreshCommandTest.digest(app);
    cluster.deployment(old);
    cluster.controller(old, true);

    Path policy = Files.writeString(dir.resolve("daemon-policy.yaml"), RefreshCommandTest.POLICY);
    Path config =
        Files.writeString(
            dir.resolve("daemon-refresh.yaml"),
            "apiVersion: drydock.io/v1\nkind: RefreshConfig\n"
                + "bases: ["
                + base
                + "]\napps:\n  - image: "
                + app
                + "\n    base: "
                + base
                + "\npolicy: "
                + policy
                + "\nsigningKey: "
                + dir.resolve("cosign.key")
                + "\npoll: 1h\n"
                + "kubernetes:\n  enabled: true\n  namespaces: [shop]\n  rolloutTimeout: 60s\n"
                + "webhook:\n  listen: 127.0.0.1:"
                + port
                + "\n  tokenEnv: DRYDOCK_TEST_WEBHOOK_TOKEN\n");
    Path log = dir.resolve("daemon.log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.drydock.cli.Main",
                "refresh",
                "--config",
                config.toString(),
                "--state",
                dir.resolve("daemon-state.json").toString(),
                "--db-dir",
                RefreshCommandTest.db.toString(),
                "--cache-dir",
                dir.resolve("cache").toString(),
                "--key-password-file",
                RefreshCommandTest.pw.toString(),
                "--kubeconfig",
                cluster.kubeconfig.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("DRYDOCK_TEST_WEBHOOK_TOKEN", "s3cret-token");
    daemon = pb.start();
    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!Files.readString(log).contains("push webhooks on port")) {
      assertThat(daemon.isAlive()).as(Files.readString(log)).isTrue();
      assertThat(System.nanoTime() - until).as("daemon did not start").isNegative();
      Thread.sleep(100);
    }
    try (Socket s = new Socket("127.0.0.1", port)) {
      assertThat(s.isConnected()).isTrue();
    }

    long pushed = System.nanoTime();
    testbed("images.sh", "update-base", "--name", NAME);
    long pushDone = System.nanoTime();
    until = System.nanoTime() + Duration.ofSeconds(240).toNanos();
    while (cluster.image().equals(old)) {
      assertThat(daemon.isAlive()).as(Files.readString(log)).isTrue();
      assertThat(System.nanoTime() - until).as(Files.readString(log)).isNegative();
      Thread.sleep(50);
    }
    long patched = System.nanoTime();
    String now = cluster.image();
    assertThat(now).startsWith(app + "@sha256:").isNotEqualTo(old);
    String refreshed = now.substring(now.indexOf('@') + 1);
    assertThat(RefreshCommandTest.digest(app)).isEqualTo(refreshed);
    // wait for the daemon's report (after the rollout is followed); the progress line
    // "…: REFRESHED" comes earlier, so wait for the report's "(distribution)" heading and its
    // "moved" line, both written in one call after the rollout
    until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!(Files.readString(log).contains("(distribution)")
        && Files.readString(log).contains(" ms)"))) {
      assertThat(System.nanoTime() - until).as(Files.readString(log)).isNegative();
      Thread.sleep(100);
    }
    String text = Files.readString(log);
    assertThat(text).contains("(distribution)").contains("moved Deployment shop/web[web]");
    CliRunner verify = CliRunner.run("verify", app, "--key", dir.resolve("cosign.pub").toString());
    assertThat(verify.code()).as(verify.err()).isZero();
    System.out.printf(
        "refresh-daemon-timing: push %d ms, push-end→patched %d ms, push-start→patched %d ms%n%s%n",
        (pushDone - pushed) / 1_000_000,
        (patched - pushDone) / 1_000_000,
        (patched - pushed) / 1_000_000,
        text.lines()
            .filter(l -> l.contains("REFRESHED") && l.contains(" ms)"))
            .findFirst()
            .orElse(""));
  }
}
