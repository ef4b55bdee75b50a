package io.drydock.cli;

import io.drydock.oci.ImageRef;
import io.drydock.sign.Cosign;
import io.drydock.sign.Pushed;
import io.drydock.sign.ReferrersMode;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drydock sign IMAGE --key F}: a cosign signature, stored as cosign stores it. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    header = "Sign an image in a registry with a key file, as cosign sign --key does.",
    description = {
      "Sign an image in a registry with a key file, as cosign sign --key does: the tag is",
      "resolved to its digest, and the signature is added to REPO:sha256-<hex>.sig (or, with",
      "--registry-referrers-mode oci-1-1, pushed as an OCI 1.1 referrer of the image).",
      "Prints the signed image reference (by digest) on stdout."
    })
final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "REGISTRY/REPO[:TAG|@DIGEST].")
  String image;

  @Mixin ReferrersModeOption referrers;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "Private key: cosign.key (encrypted), PKCS#8 or EC PEM.")
  Path key;

  @Mixin SigningKeys keys;
  @Mixin SourceOptions sourceOptions;

  @Override
  public Integer call() throws Exception {
    ImageRef ref = SigningKeys.registryImage(image);
    PrivateKey privateKey = keys.privateKey(key);
    try {
      Cosign cosign = new Cosign(sourceOptions.client());
      Pushed pushed =
          referrers.mode == ReferrersMode.OCI_1_1
              ? cosign.signAsReferrer(ref, privateKey)
              : cosign.sign(ref, privateKey);
      var err = spec.commandLine().getErr();
      err.println(
          "Pushed signature to "
              + pushed.artifact()
              + " ("
              + pushed.count()
              + " signature"
              + (pushed.count() == 1 ? "" : "s")
              + ")");
      err.flush();
      spec.commandLine().getOut().println(pushed.image());
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      sourceOptions.close();
    }
  }
}
