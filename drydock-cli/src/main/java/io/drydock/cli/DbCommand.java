package io.drydock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code drydock db}: the local advisory database. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the local advisory database (OSV records in SQLite).",
      "Default location: $DRYDOCK_CACHE_DIR/db, else ~/.cache/drydock/db."
    },
    subcommands = {DbImportCommand.class, DbUpdateCommand.class, DbStatusCommand.class})
final class DbCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }
}
