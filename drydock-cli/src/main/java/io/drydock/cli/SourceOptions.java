package io.drydock.cli;

import io.drydock.oci.ImageSource;
import io.drydock.oci.ImageSources;
import io.drydock.oci.Platform;
import io.drydock.oci.Target;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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

  private RegistryClient client;

  /** Connect and request timeouts for the client; {@code null} keeps the defaults. */
  java.time.Duration timeout;

  /** Opens {@code target}; the registry client is created on first need and shared. */
  ImageSource open(Target target) throws IOException {
    return ImageSources.open(target, this::client);
  }

  /** The registry client for this command line, built from the flags on first use. */
  synchronized RegistryClient client() throws IOException {
    if (client == null) {
      client = RegistryClient.create(registryOptions());
    }
    return client;
  }

  private RegistryOptions options;

  /** The registry options the flags give (the password is read from stdin once). */
  synchronized RegistryOptions registryOptions() throws IOException {
    if (options != null) {
      return options;
    }
    RegistryOptions o = RegistryOptions.defaults();
    if (timeout != null) {
      o = o.withTimeouts(timeout, timeout);
    }
    if (!insecure.isEmpty()) {
      o = o.withInsecure(insecure.toArray(String[]::new));
    }
    if (!caCerts.isEmpty()) {
      o = o.withCaCertificates(caCerts.toArray(Path[]::new));
    }
    String pass = password;
    if (passwordStdin) {
      if (password != null) {
        throw new IllegalArgumentException("--password and --password-stdin are exclusive");
      }
      pass = readPasswordFromStdin();
    }
    if (username != null || pass != null) {
      if (username == null || pass == null) {
        throw new IllegalArgumentException(
            "--username and --password (or --password-stdin) go together");
      }
      o = o.withCredentials(username, pass);
    }
    options = o;
    return o;
  }

  private static String readPasswordFromStdin() throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 8192);
    char[] buf = new char[4096];
    int n = in.read(buf);
    String line = n <= 0 ? "" : new String(buf, 0, n);
    line = line.lines().findFirst().orElse("").strip();
    if (line.isEmpty()) {
      throw new IllegalArgumentException("--password-stdin: no password on standard input");
    }
    return line;
  }

  /** Releases the registry client's connections. */
  synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
