package io.drydock.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code drydock copy SRC DEST}. */
@Command(name = "copy", mixinStandardHelpOptions = true, description = "Copy an image.")
final class CopyCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 1;
  }
}
