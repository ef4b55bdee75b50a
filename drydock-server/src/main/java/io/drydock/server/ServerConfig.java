package io.drydock.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The server's settings.
 *
 * @param dbUrl {@code jdbc:sqlite:FILE} (default: {@code server.db} in {@code dataDir}) or {@code
 *     jdbc:postgresql://HOST/DB}
 * @param dbUser PostgreSQL user or {@code null}
 * @param dbPassword PostgreSQL password or {@code null}
 * @param host the address to listen on
 * @param port the port to listen on (0: any free port)
 * @param dataDir Drydock's directory for the server's files
 * @param advisoryDir the advisory database directory ({@code drydock db update}'s)
 * @param workers job worker threads in this replica
 * @param lease how long a claimed job stays claimed without renewal
 * @param namespaces namespaces to watch (empty: all); {@code null}: no Kubernetes inventory
 * @param kubeconfig kubeconfig file, or {@code null} for in-cluster / default
 * @param notifyWebhook Slack-compatible webhook URL for new findings, or {@code null}
 * @param updateEvery how often to update the advisories and re-evaluate ({@code null}: never)
 * @param webhookToken the shared token registries send with push notifications, or {@code null}
 */
public record ServerConfig(
    String dbUrl,
    String dbUser,
    String dbPassword,
    String host,
    int port,
    Path dataDir,
    Path advisoryDir,
    int workers,
    Duration lease,
    List<String> namespaces,
    Path kubeconfig,
    String notifyWebhook,
    Duration updateEvery,
    String webhookToken) {

  /** Defaults for a single node: SQLite in {@code dataDir}, port 8080, two workers. */
  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig(
        "jdbc:sqlite:" + dataDir.resolve("server.db").toAbsolutePath(),
        null,
        null,
        "0.0.0.0",
        8080,
        dataDir,
        dataDir.resolve("db"),
        2,
        Duration.ofMinutes(2),
        null,
        null,
        null,
        Duration.ofHours(6),
        null);
  }
}
