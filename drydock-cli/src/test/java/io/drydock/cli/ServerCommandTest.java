package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drydock server} and {@code drydock server token …} through the real command line. */
class ServerCommandTest {
  @TempDir Path dir;

  String dbUrl() {
    return "jdbc:sqlite:" + dir.resolve("server.db");
  }

  @Test
  void tokensAreCreatedOnceListedWithoutSecretsAndRevoked() {
    CliRunner created = CliRunner.run("server", "token", "create", "ci", "--db-url", dbUrl());
    assertThat(created.code()).as(created.err()).isZero();
    String secret = created.out().strip();
    assertThat(secret).matches("ddk_[A-Za-z0-9_-]{43}");
    assertThat(created.err()).contains("token ci created");

    CliRunner again = CliRunner.run("server", "token", "create", "ci", "--db-url", dbUrl());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.oneLineError()).isTrue();
    assertThat(again.err()).contains("token ci: already exists");

    CliRunner list = CliRunner.run("server", "token", "list", "--db-url", dbUrl());
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("ci").contains("never").doesNotContain(secret);

    assertThat(CliRunner.run("server", "token", "revoke", "ci", "--db-url", dbUrl()).code())
        .isZero();
    CliRunner gone = CliRunner.run("server", "token", "revoke", "ci", "--db-url", dbUrl());
    assertThat(gone.code()).isEqualTo(1);
    assertThat(gone.oneLineError()).isTrue();
    assertThat(gone.err()).contains("token ci: no such token");
    assertThat(CliRunner.run("server", "token", "list", "--db-url", dbUrl()).out())
        .doesNotContain("ci ");
  }

  @Test
  void badSettingsAreOneLineErrors() throws Exception {
    record Case(String[] args, String message) {}
    Files.writeString(dir.resolve("short"), "abc\n");
    Case[] cases = {
      new Case(
          new String[] {"--db-url", "mysql://db/x"}, "--db-url mysql://db/x: not a jdbc:sqlite"),
      new Case(new String[] {"--workers", "0"}, "--workers 0: expected 1-256"),
      new Case(new String[] {"--listen", "nowhere"}, "--listen nowhere: expected [HOST]:PORT"),
      new Case(new String[] {"--notify-webhook", "ftp://x/y"}, "--notify-webhook ftp://x/y"),
      new Case(new String[] {"--update-every", "soon"}, "invalid duration \"soon\""),
      new Case(new String[] {"--token-file", dir.resolve("none").toString()}, "no such file"),
      new Case(new String[] {"--token-file", dir.resolve("short").toString()}, "at least 20"),
      new Case(
          new String[] {"--webhook-token-env", "DRYDOCK_TEST_UNSET_VARIABLE"},
          "DRYDOCK_TEST_UNSET_VARIABLE: the variable is not set"),
    };
    for (Case c : cases) {
      String[] args = new String[c.args().length + 5];
      args[0] = "server";
      System.arraycopy(c.args(), 0, args, 1, c.args().length);
      args[c.args().length + 1] = "--data-dir";
      args[c.args().length + 2] = dir.toString();
      args[c.args().length + 3] = "--listen";
      args[c.args().length + 4] = "127.0.0.1:0";
      if (c.args()[0].equals("--listen")) {
        args = java.util.Arrays.copyOf(args, args.length - 2);
      }
      CliRunner r = CliRunner.run(args);
      assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isNotZero();
      assertThat(r.err()).as(String.join(" ", args)).contains(c.message());
      assertThat(r.err()).doesNotContain("\tat ");
      if (r.code() == 2) {
        // a usage error: picocli's line naming the option, then the usage
        assertThat(r.err().lines().findFirst().orElse("")).contains(c.message());
      } else {
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
      }
    }
  }

  @Test
  void anUnreachableDatabaseAndABusyPortAreOneLineErrors() throws Exception {
    CliRunner db =
        CliRunner.run(
            "server",
            "--db-url",
            "jdbc:postgresql://127.0.0.1:1/drydock?password=hunter2",
            "--listen",
            "127.0.0.1:0",
            "--data-dir",
            dir.toString());
    assertThat(db.code()).isEqualTo(1);
    assertThat(db.oneLineError()).as(db.err()).isTrue();
    assertThat(db.err()).contains("127.0.0.1:1/drydock").contains("cannot connect");
    assertThat(db.err()).doesNotContain("hunter2");

    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRunner port =
          CliRunner.run(
              "server",
              "--db-url",
              dbUrl(),
              "--listen",
              "127.0.0.1:" + busy.getLocalPort(),
              "--data-dir",
              dir.toString());
      assertThat(port.code()).isEqualTo(1);
      assertThat(port.oneLineError()).as(port.err()).isTrue();
      assertThat(port.err()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort());
    }
  }

  @Test
  void theServerServesTheApiToTokensFromTheCliAndFromATokenFileUntilStopped() throws Exception {
    String cliToken =
        CliRunner.run("server", "token", "create", "ops", "--db-url", dbUrl()).out().strip();
    String fileToken = "k8s-secret-token-0123456789abcdef";
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, fileToken + "\n");
    RunningServer t =
        new RunningServer(
            "--db-url",
            dbUrl(),
            "--data-dir",
            dir.toString(),
            "--db-dir",
            dir.resolve("advisories").toString(),
            "--token-file",
            tokenFile.toString(),
            "--workers",
            "1");
    int port = t.port();
    HttpClient http = HttpClient.newHttpClient();
    for (String token : new String[] {cliToken, fileToken}) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/summary"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"findingsBySeverity\"");
    }
    HttpResponse<String> anon =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/summary"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anon.statusCode()).isEqualTo(401);
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    t.close();
    assertThat(t.alive()).isFalse();
    assertThat(t.exitCode()).as(t.log()).isZero();
    // stopped: the port is free again
    try (ServerSocket again =
        new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
    assertThat(CliRunner.run("server", "token", "list", "--db-url", dbUrl()).out())
        .contains("ops")
        .contains(ServerCommand.TOKEN_FILE_NAME)
        .doesNotContain(fileToken);
  }
}
