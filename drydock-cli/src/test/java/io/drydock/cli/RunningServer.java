package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code drydock server …} run in-process on a thread, as the CLI runs it, for tests: started on
 * {@code --listen 127.0.0.1:0}, {@link #port} read from its "serving" line; {@link #close}
 * interrupts it (as SIGTERM does) and waits for it to stop.
 */
final class RunningServer implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+) ");

  private final StringWriter err = new StringWriter();
  private final AtomicInteger code = new AtomicInteger(-1);
  private final Thread thread;
  private final int port;

  /** Starts {@code drydock server --listen 127.0.0.1:0 ARGS…} and waits until it serves. */
  RunningServer(String... args) throws InterruptedException {
    List<String> all = new ArrayList<>(List.of("server", "--listen", "127.0.0.1:0"));
    all.addAll(List.of(args));
    thread =
        new Thread(
            () ->
                code.set(
                    Main.run(
                        all.toArray(String[]::new),
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true))),
            "drydock-server-under-test");
    thread.start();
    Matcher m = SERVING.matcher("");
    for (int i = 0; i < 600 && !m.find(); i++) {
      Thread.sleep(50);
      m = SERVING.matcher(err.toString());
      assertThat(code.get()).as(err.toString()).isEqualTo(-1);
    }
    assertThat(err.toString()).as("the server started").contains("serving http://127.0.0.1:");
    port = Integer.parseInt(m.group(1));
  }

  int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT}. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** What the server wrote to stderr so far. */
  String log() {
    return err.toString();
  }

  /** Stops the server and waits; {@link #exitCode} is then its exit code. */
  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(20_000);
  }

  boolean alive() {
    return thread.isAlive();
  }

  int exitCode() {
    return code.get();
  }
}
