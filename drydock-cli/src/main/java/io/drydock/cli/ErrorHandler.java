package io.drydock.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure into one line on stderr and exit code 1. Bad input is expected: its message
 * already names the input and the problem. Anything else is a bug: one line too, with the hint to
 * set {@code DRYDOCK_DEBUG=1} for the stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  static final int EXIT_ERROR = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    cli.getErr().println("drydock: " + describe(e));
    if (System.getenv("DRYDOCK_DEBUG") != null) {
      e.printStackTrace(cli.getErr());
    }
    cli.getErr().flush();
    return EXIT_ERROR;
  }

  static String describe(Throwable e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (t instanceof NoSuchFileException n) {
      return n.getFile() + ": no such file or directory";
    }
    if (t instanceof AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    if (t instanceof IOException || t instanceof IllegalArgumentException) {
      String msg = t.getMessage();
      if (msg != null && !msg.isBlank()) {
        return firstLine(msg);
      }
    }
    return "internal error: "
        + t.getClass().getName()
        + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()))
        + " (set DRYDOCK_DEBUG=1 for the stack trace)";
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
