package io.drydock.cli;

import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.sign.Cosign;
import io.drydock.sign.VerificationResult;
import io.drydock.sign.VerifiedSignature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code drydock verify IMAGE --key F.pub}: checks cosign signatures, failing closed. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Verify an image's cosign signatures with a public key.",
    description = {
      "Verify an image's cosign signatures with a public key, as cosign verify --key does",
      "(without a transparency log). A signature counts only when it is valid under the key",
      "and its payload names the image's digest. Reads the .sig tag, signature referrers and",
      "cosign 3's Sigstore bundles (--new-bundle-format; key-based, not keyless)."
    },
    footer = {"", "Exit codes: 0 verified, 1 not verified (one line naming the reason) or error."})
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "REGISTRY/REPO[:TAG|@DIGEST].")
  String image;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "Public key (PEM), e.g. cosign.pub.")
  Path key;

  @Option(
      names = {"-f", "--format"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "Output: table or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  enum OutputFormat {
    TABLE,
    JSON
  }

  @Mixin SourceOptions sourceOptions;

  @Override
  public Integer call() throws Exception {
    ImageRef ref = SigningKeys.registryImage(image);
    PublicKey publicKey = SigningKeys.publicKey(key);
    VerificationResult result;
    try {
      result = new Cosign(sourceOptions.client()).verify(ref, publicKey);
    } finally {
      sourceOptions.close();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == OutputFormat.JSON) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.put("image", ref.toString());
      root.put("verified", result.verified());
      ArrayNode sigs = root.putArray("signatures");
      for (VerifiedSignature s : result.signatures()) {
        ObjectNode o = sigs.addObject();
        o.put("layer", s.layer().toString());
        o.put("dockerReference", s.dockerReference());
        o.put("digest", s.imageDigest().toString());
        o.set("payload", Json.MAPPER.readTree(s.payload()));
      }
      ArrayNode reasons = root.putArray("reasons");
      result.reasons().forEach(reasons::add);
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else if (result.verified()) {
      VerifiedSignature first = result.signatures().get(0);
      out.println(
          "Verified "
              + ref.name()
              + "@"
              + first.imageDigest()
              + ": "
              + result.signatures().size()
              + " valid signature"
              + (result.signatures().size() == 1 ? "" : "s")
              + " for "
              + key);
    }
    out.flush();
    if (!result.verified()) {
      var err = spec.commandLine().getErr();
      err.println("drydock: verify " + image + ": " + result.firstReason());
      err.flush();
      return ErrorHandler.EXIT_ERROR;
    }
    return 0;
  }
}
