package io.drydock.cli;

import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.sign.AttestationResult;
import io.drydock.sign.Cosign;
import io.drydock.sign.VerifiedAttestation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code drydock verify-attestation IMAGE --key F.pub [--max-age 24h]}. */
@Command(
    name = "verify-attestation",
    mixinStandardHelpOptions = true,
    header = "Verify an image's cosign attestations with a public key.",
    description = {
      "Verify an image's cosign attestations (in-toto in DSSE, under REPO:sha256-<hex>.att, as",
      "OCI 1.1 referrers of the image, or in cosign 3's Sigstore bundles) with a public key:",
      "signature valid, subject naming",
      "the image's digest, predicate type as asked and, with --max-age, a scan no older than",
      "that."
    },
    footer = {"", "Exit codes: 0 verified, 1 not verified (one line naming the reason) or error."})
final class VerifyAttestationCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "REGISTRY/REPO[:TAG|@DIGEST].")
  String image;

  @Option(names = "--key", required = true, paramLabel = "FILE", description = "Public key (PEM).")
  Path key;

  @Option(
      names = "--type",
      defaultValue = "vuln",
      paramLabel = "TYPE",
      description =
          "Predicate type: vuln (cosign's vulnerability scan), cyclonedx, or a URI (default: vuln).")
  String type;

  @Option(
      names = "--max-age",
      paramLabel = "DURATION",
      converter = SigningKeys.DurationConverter.class,
      description = "Refuse scans that finished longer ago than this (e.g. 24h, 7d, 0s).")
  Duration maxAge;

  @Option(
      names = {"-f", "--format"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "Output: table or json (default: ${DEFAULT-VALUE}).")
  VerifyCommand.OutputFormat format;

  @Mixin SourceOptions sourceOptions;

  @Override
  public Integer call() throws Exception {
    ImageRef ref = SigningKeys.registryImage(image);
    PublicKey publicKey = SigningKeys.publicKey(key);
    String predicateType =
        switch (type) {
          case "vuln" -> Cosign.VULN_PREDICATE;
          case "cyclonedx" -> Cosign.CYCLONEDX_PREDICATE;
          default -> type;
        };
    AttestationResult result;
    try {
      result =
          new Cosign(sourceOptions.client())
              .verifyAttestations(ref, publicKey, predicateType, maxAge);
    } finally {
      sourceOptions.close();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == VerifyCommand.OutputFormat.JSON) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.put("image", ref.toString());
      root.put("verified", result.verified());
      ArrayNode atts = root.putArray("attestations");
      for (VerifiedAttestation a : result.attestations()) {
        ObjectNode o = atts.addObject();
        o.put("layer", a.layer().toString());
        o.put("predicateType", a.predicateType());
        if (a.finishedOn() != null) {
          o.put("scanFinishedOn", a.finishedOn().toString());
          o.put("ageSeconds", a.age().getSeconds());
        }
        o.set("statement", Json.MAPPER.readTree(a.statement()));
      }
      ArrayNode reasons = root.putArray("reasons");
      result.reasons().forEach(reasons::add);
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else if (result.verified()) {
      VerifiedAttestation a = result.attestations().get(0);
      out.println(
          "Verified "
              + result.attestations().size()
              + " attestation(s) of "
              + ref
              + " ("
              + a.predicateType()
              + (a.finishedOn() == null ? "" : ", scan finished " + a.finishedOn())
              + ")");
    }
    out.flush();
    if (!result.verified()) {
      var err = spec.commandLine().getErr();
      err.println("drydock: verify-attestation " + image + ": " + result.firstReason());
      err.flush();
      return ErrorHandler.EXIT_ERROR;
    }
    return 0;
  }
}
