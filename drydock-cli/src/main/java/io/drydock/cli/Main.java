package io.drydock.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code drydock} command: runs picocli and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    String level = System.getenv("DRYDOCK_LOG_LEVEL");
    if (level != null && !level.isBlank()) {
      // slf4j-simple reads its level once, when the first logger is made
      System.setProperty(
          "org.slf4j.simpleLogger.defaultLogLevel",
          level.strip().toLowerCase(java.util.Locale.ROOT));
    }
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs one command line; returns the exit code (0 success, 1 error, 2 usage, or a command's own
   * gate code). Does not exit the JVM, so tests call it directly.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = DrydockCommand.commandLine(args);
    cli.setOut(out);
    cli.setErr(err);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
