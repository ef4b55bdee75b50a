package io.drydock.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A server replica in its own JVM for the replica tests: {@code ReplicaMain DB_URL DATA_DIR NAME}
 * starts a server with the {@link ProbePart} on any free port, prints {@code ready} and runs until
 * killed.
 */
public final class ReplicaMain {
  private ReplicaMain() {}

  public static void main(String[] args) throws Exception {
    DrydockServer server = ReplicaTest.start(args[0], Path.of(args[1]), args[2]);
    System.out.println("ready " + server.workerName());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  static ServerConfig config(String dbUrl, Path dataDir) {
    ServerConfig d = ServerConfig.defaults(dataDir);
    return new ServerConfig(
        dbUrl,
        null,
        null,
        "127.0.0.1",
        0,
        dataDir,
        d.advisoryDir(),
        2,
        Duration.ofSeconds(3),
        null,
        null,
        null,
        null,
        null);
  }

  static DrydockServer startServer(String dbUrl, Path dataDir, String name) throws Exception {
    return DrydockServer.start(
        config(dbUrl, dataDir), Clock.systemUTC(), List.of(ctx -> new ProbePart(ctx, name)));
  }
}
