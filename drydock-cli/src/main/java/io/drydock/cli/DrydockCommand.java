package io.drydock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code drydock} command. */
@Command(
    name = "drydock",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Keeps the container images that run on Kubernetes safe.",
      "",
      "TARGET is an image reference (host/repo:tag, host/repo@sha256:..., docker://...),",
      "oci:DIR[:ref], oci-archive:FILE[:ref], docker-archive:FILE[:repo:tag|:@N] or dir:ROOTFS.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 error (one line on stderr), 2 usage error.",
      "Environment: DRYDOCK_USERNAME/DRYDOCK_PASSWORD registry credentials, DOCKER_CONFIG,",
      "DRYDOCK_CACHE_DIR (default ~/.cache/drydock), DRYDOCK_DEBUG=1 for stack traces."
    },
    subcommands = {
      InspectCommand.class,
      CopyCommand.class,
      ValidateCommand.class,
      CompletionCommand.class,
      CdsTrainingCommand.class,
      DbCommand.class
    })
final class DrydockCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new DrydockCommand());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }
}
