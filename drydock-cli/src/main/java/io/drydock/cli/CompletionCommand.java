package io.drydock.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints a bash/zsh completion script: {@code source <(drydock completion)}. */
@Command(
    name = "completion",
    description = {
      "Print a shell completion script for bash and zsh.",
      "Use: source <(drydock completion)   or save it under /etc/bash_completion.d/drydock"
    },
    mixinStandardHelpOptions = true)
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("drydock", spec.parent().commandLine()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
