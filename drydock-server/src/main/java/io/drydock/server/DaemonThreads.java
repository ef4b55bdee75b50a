package io.drydock.server;

import java.util.concurrent.ThreadFactory;

/**
 * Threads of the server's executors: named (thread dumps and logs say which part they serve) and
 * daemon (they never keep the JVM alive after {@link DrydockServer} is closed).
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads called {@code name}. */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
