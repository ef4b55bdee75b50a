package io.drydock.server.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.server.DrydockServer;
import io.drydock.server.ServerConfig;
import io.drydock.server.db.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production wiring of the inventory part: configuration problems stop the server's start. */
class KubeInventoryStartTest {
  @TempDir Path dir;

  ServerConfig config(List<String> namespaces, Path kubeconfig) {
    ServerConfig c = Servers.config(dir, TestDatabases.sqliteUrl(dir), namespaces, null);
    return new ServerConfig(
        c.dbUrl(),
        null,
        null,
        c.host(),
        0,
        dir,
        c.advisoryDir(),
        1,
        c.lease(),
        namespaces,
        kubeconfig,
        null,
        null,
        null);
  }

  @Test
  void withoutNamespacesTheInventoryDoesNothing() throws Exception {
    try (DrydockServer s =
        DrydockServer.start(
            config(null, dir.resolve("absent")),
            Clock.systemUTC(),
            List.of(KubeInventoryPart.factory()))) {
      assertThat(s.port()).isPositive();
    }
  }

  @Test
  void anUnreadableKubeconfigStopsTheStartWithOneLine() throws Exception {
    Path bad = Files.writeString(dir.resolve("kubeconfig"), "{ not: [ a kubeconfig");
    assertThatThrownBy(
            () ->
                DrydockServer.start(
                    config(List.of("shop"), bad),
                    Clock.systemUTC(),
                    List.of(KubeInventoryPart.factory())))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("server: cannot start: " + bad + ": not a readable kubeconfig");
  }

  @Test
  void anUnreachableApiServerStopsTheStartNamingTheNamespace() throws Exception {
    Path kubeconfig =
        Files.writeString(
            dir.resolve("kubeconfig"),
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: http://127.0.0.1:1
            users:
            - name: u
              user:
                token: t
            contexts:
            - name: x
              context:
                cluster: c
                user: u
            current-context: x
            """);
    assertThatThrownBy(
            () ->
                DrydockServer.start(
                    config(List.of("shop"), kubeconfig),
                    Clock.systemUTC(),
                    List.of(KubeInventoryPart.factory())))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("server: cannot start: listing pods in namespace shop: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
