package io.drydock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code drydock admission}: the Kubernetes admission webhook. */
@Command(
    name = "admission",
    mixinStandardHelpOptions = true,
    header = "The Kubernetes admission webhook that only admits validated images.",
    description = {
      "The Kubernetes admission webhook: only images signed by a trusted key, with a verified",
      "scan attestation that passes the policy, are admitted; tags are pinned to digests.",
      "Deployment: deploy/helm/drydock-admission or deploy/kubernetes/admission."
    },
    subcommands = {AdmissionServeCommand.class})
final class AdmissionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }
}
