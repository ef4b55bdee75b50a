package io.drydock.cli;

import picocli.CommandLine;

/**
 * Parses a command line with the real {@code drydock} command, without running it (for tests in
 * other packages).
 */
public final class CliParsing {
  private CliParsing() {}

  /**
   * Parses {@code args} as {@code drydock} would; throws picocli's {@link
   * CommandLine.ParameterException} on anything the CLI would refuse as a usage error.
   */
  public static CommandLine.ParseResult parse(String... args) {
    return DrydockCommand.commandLine(args).parseArgs(args);
  }
}
