package io.drydock.cli;

import io.drydock.oci.ImageRef;
import io.drydock.report.ReportFormat;
import io.drydock.report.ReportOptions;
import io.drydock.sign.Cosign;
import io.drydock.sign.Pushed;
import io.drydock.sign.VulnScan;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drydock attest IMAGE --key F --scan}: scan, then attach the report as an attestation. */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    header = "Scan an image and attach the result as signed cosign attestations.",
    description = {
      "Scan an image in a registry and attach the JSON report as a signed cosign",
      "vulnerability attestation (in-toto statement, predicate",
      "https://cosign.sigstore.dev/attestation/vuln/v1, in a DSSE envelope) under",
      "REPO:sha256-<hex>.att (or, with --registry-referrers-mode oci-1-1, as OCI 1.1",
      "referrers of the image, artifact type application/vnd.in-toto+json). The scan is the",
      "one drydock scan runs."
    })
final class AttestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "REGISTRY/REPO[:TAG|@DIGEST].")
  String image;

  @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private key.")
  Path key;

  @Option(
      names = "--scan",
      required = true,
      description = "Attest a vulnerability scan (the only predicate so far).")
  boolean scan;

  @Option(names = "--ignore-unfixed", description = "Leave findings with no fix out of the report.")
  boolean ignoreUnfixed;

  @Mixin ReferrersModeOption referrers;
  @Mixin SigningKeys keys;
  @Mixin DbDirOptions db;
  @Mixin ImageAnalysis analysis;
  @Mixin CacheDirOptions cache;
  @Mixin SourceOptions sourceOptions;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    ImageRef ref = SigningKeys.registryImage(image);
    PrivateKey privateKey = keys.privateKey(key);
    try {
      // scan by digest, so the report is about exactly what is attested
      io.drydock.oci.Digest digest = new Cosign(sourceOptions.client()).resolve(ref);
      ImageRef pinned = ref.withDigest(digest);
      ScanCommand scanner = new ScanCommand();
      scanner.target = pinned.toString();
      scanner.ignoreUnfixed = ignoreUnfixed;
      scanner.db = db;
      scanner.analysis = analysis;
      scanner.cache = cache;
      scanner.sourceOptions = sourceOptions;
      Instant started = Instant.now();
      ScanCommand.Outcome outcome = scanner.scan(err);
      Instant finished = Instant.now();
      ByteArrayOutputStream report = new ByteArrayOutputStream();
      ReportFormat.byName("json").write(outcome.shown(), report, ReportOptions.defaults());
      for (String w : outcome.warnings()) {
        err.println("warning: " + w);
      }
      VulnScan vulnScan =
          new VulnScan(
              report.toByteArray(),
              "drydock",
              VersionProvider.version(),
              "",
              outcome.shown().databaseBuilt() == null
                  ? ""
                  : outcome.shown().databaseBuilt().toString(),
              started,
              finished);
      Cosign cosign = new Cosign(sourceOptions.client());
      Pushed pushed = cosign.attest(pinned, privateKey, vulnScan, referrers.mode);
      // The same scan as a CycloneDX BOM with vulnerabilities (cosign's --type cyclonedx), for
      // consumers that read CycloneDX rather than the vulnerability predicate.
      ByteArrayOutputStream bom = new ByteArrayOutputStream();
      ReportFormat.CYCLONEDX.write(outcome.shown(), bom, ReportOptions.defaults());
      Pushed bomPushed =
          cosign.attestPredicate(
              pinned, privateKey, Cosign.CYCLONEDX_PREDICATE, bom.toByteArray(), referrers.mode);
      err.println(
          "Pushed attestations (vuln and CycloneDX) to "
              + (pushed.artifact().equals(bomPushed.artifact())
                  ? pushed.artifact()
                  : pushed.artifact() + " and " + bomPushed.artifact())
              + " ("
              + outcome.shown().findings().size()
              + " findings in the report)");
      err.flush();
      spec.commandLine().getOut().println(pushed.image());
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      sourceOptions.close();
    }
  }
}
