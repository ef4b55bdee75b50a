package io.drydock.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
    })
final class DrydockCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /**
   * The subcommands, in help order. They are added to the command line lazily: picocli reflects
   * over every registered command class when the command line is built, which costs a short run
   * more than the work itself, so only the invoked one is built unless help needs them all.
   */
  static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("inspect", InspectCommand::new);
    SUBCOMMANDS.put("copy", CopyCommand::new);
    SUBCOMMANDS.put("scan", ScanCommand::new);
    SUBCOMMANDS.put("sbom", SbomCommand::new);
    SUBCOMMANDS.put("validate", ValidateCommand::new);
    SUBCOMMANDS.put("db", DbCommand::new);
    SUBCOMMANDS.put("policy", PolicyCommand::new);
    SUBCOMMANDS.put("generate-key-pair", GenerateKeyPairCommand::new);
    SUBCOMMANDS.put("sign", SignCommand::new);
    SUBCOMMANDS.put("verify", VerifyCommand::new);
    SUBCOMMANDS.put("attest", AttestCommand::new);
    SUBCOMMANDS.put("verify-attestation", VerifyAttestationCommand::new);
    SUBCOMMANDS.put("rebase", RebaseCommand::new);
    SUBCOMMANDS.put("refresh", RefreshCommand::new);
    SUBCOMMANDS.put("admission", AdmissionCommand::new);
    SUBCOMMANDS.put("server", ServerCommand::new);
    SUBCOMMANDS.put("completion", CompletionCommand::new);
    SUBCOMMANDS.put("cds-training", CdsTrainingCommand::new);
  }

  /** The full command line, every subcommand built (help, completion scripts, tests). */
  static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for {@code args}: when the first argument names a subcommand (other than
   * {@code completion}, which describes them all), only that one is built; {@code --version} alone
   * needs none.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new DrydockCommand());
    String first = args.length > 0 ? args[0] : null;
    if (first != null && SUBCOMMANDS.containsKey(first) && !first.equals("completion")) {
      cli.addSubcommand(first, SUBCOMMANDS.get(first).get());
    } else if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) {
      // picocli answers --version before looking at subcommands
    } else {
      SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    }
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }
}
