package io.drydock.cli;

import io.drydock.sign.KeyPairs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drydock generate-key-pair}: an ECDSA P-256 key pair in cosign's file formats. */
@Command(
    name = "generate-key-pair",
    mixinStandardHelpOptions = true,
    header = "Generate an ECDSA P-256 key pair that cosign also reads.",
    description = {
      "Generate an ECDSA P-256 key pair that cosign also reads: PREFIX.key (encrypted with",
      "the password from COSIGN_PASSWORD or --key-password-file; scrypt + secretbox) and",
      "PREFIX.pub (PEM public key). Existing files are never overwritten."
    })
final class GenerateKeyPairCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--output-key-prefix",
      paramLabel = "PREFIX",
      defaultValue = "cosign",
      description = "Path prefix of the two files (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Mixin SigningKeys keys;

  @Override
  public Integer call() throws IOException {
    Path key = Path.of(prefix + ".key");
    Path pub = Path.of(prefix + ".pub");
    for (Path p : new Path[] {key, pub}) {
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(p + ": already exists; refusing to overwrite");
      }
    }
    byte[] password = keys.password();
    if (password == null) {
      throw new IllegalArgumentException(
          "no password for the private key: set COSIGN_PASSWORD (may be empty) or"
              + " --key-password-file");
    }
    KeyPair kp = KeyPairs.generate();
    write(key, KeyPairs.encryptedPrivateKeyPem(kp.getPrivate(), password), true);
    write(pub, KeyPairs.publicKeyPem(kp.getPublic()), false);
    var err = spec.commandLine().getErr();
    err.println("Private key written to " + key);
    err.println("Public key written to " + pub);
    err.flush();
    return 0;
  }

  private static void write(Path p, String text, boolean secret) throws IOException {
    Path parent = p.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      if (secret) {
        Files.createFile(
            p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the file is created below with default permissions
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(p + ": already exists; refusing to overwrite");
    }
    Files.writeString(
        p,
        text,
        StandardCharsets.US_ASCII,
        secret ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
  }
}
