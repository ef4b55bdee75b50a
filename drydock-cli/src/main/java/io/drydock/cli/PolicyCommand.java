package io.drydock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code drydock policy}: policies over scan results and image facts. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate CEL policies (rules, built-ins, exemptions) against an image.",
      "Policy files: apiVersion drydock.io/v1, kind Policy (see drydock-policy/README.md)."
    },
    subcommands = {PolicyEvalCommand.class})
final class PolicyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }
}
