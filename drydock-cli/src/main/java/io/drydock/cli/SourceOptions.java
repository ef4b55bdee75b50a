package io.drydock.cli;

import io.drydock.oci.ImageSource;
import io.drydock.oci.Platform;
import io.drydock.oci.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command that reads images shares: platform, registry access, credentials. */
final class SourceOptions {
  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description = "Platform to pick from a multi-platform image (default: linux/amd64).")
  String platform;

  @Option(
      names = "--insecure",
      arity = "0..1",
      paramLabel = "HOST[:PORT]",
      fallbackValue = "*",
      description = {
        "Allow plain HTTP and unverified TLS for this registry (repeatable);",
        "without a value, for every registry. Loopback registries never need it."
      })
  List<String> insecure = new ArrayList<>();

  @Option(
      names = "--ca-cert",
      paramLabel = "PEM",
      description = "Extra CA certificate(s) to trust for registry TLS (repeatable).")
  List<Path> caCerts = new ArrayList<>();

  @Option(
      names = {"-u", "--username"},
      description = "Registry user name (or DRYDOCK_USERNAME).")
  String username;

  @Option(
      names = {"-p", "--password"},
      description = "Registry password or token (or DRYDOCK_PASSWORD; prefer --password-stdin).")
  String password;

  @Option(names = "--password-stdin", description = "Read the registry password from stdin.")
  boolean passwordStdin;

  Platform platform() {
    return platform == null ? Platform.LINUX_AMD64 : Platform.parse(platform);
  }

  ImageSource open(Target target) throws IOException {
    throw new UnsupportedOperationException("not wired yet: " + target.describe());
  }
}
