package io.drydock.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code drydock} command: runs picocli and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs one command line; returns the exit code (0 success, 1 error, 2 usage, or a command's own
   * gate code). Does not exit the JVM, so tests call it directly.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = DrydockCommand.commandLine();
    cli.setOut(out);
    cli.setErr(err);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
