package io.drydock.cli;

import io.drydock.oci.Image;
import io.drydock.oci.ImageConfig;
import io.drydock.oci.ImageRef;
import io.drydock.oci.ImageSource;
import io.drydock.oci.Json;
import io.drydock.oci.Platform;
import io.drydock.oci.Target;
import io.drydock.policy.AttestedScan;
import io.drydock.policy.Decision;
import io.drydock.policy.FirstSeen;
import io.drydock.policy.PolicyEngine;
import io.drydock.policy.PolicyInput;
import io.drydock.policy.Suppression;
import io.drydock.policy.Verdict;
import io.drydock.policy.Violation;
import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.format.SbomReader;
import io.drydock.sign.AttestationResult;
import io.drydock.sign.Cosign;
import io.drydock.sign.VerifiedAttestation;
import io.drydock.vuln.match.ScanOptions;
import io.drydock.vuln.match.ScanResult;
import io.drydock.vuln.store.AdvisoryStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code drydock policy eval TARGET --policy F}: scan, then judge the result with a policy. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    header = "Scan an image (or read its attested scan) and evaluate a policy on it.",
    description = {
      "Scan TARGET as drydock scan does, then evaluate the policy file against the findings and",
      "the image's facts (config user, entrypoint, labels, base image and its age).",
      "With --key, the image's cosign signatures and scan attestations in its registry are",
      "verified with each key and given to the policy (signatures, attestations); without it",
      "they are empty, so rules such as signed-by-trusted-key fail."
    },
    footer = {
      "",
      "Exit codes: 0 allow or warn, 3 deny, 1 error (including an invalid policy), 2 usage error.",
      "Deny has its own code because 1 means an error in every drydock command: CI can tell",
      "\"the policy said no\" from \"the check broke\"."
    })
final class PolicyEvalCommand implements Callable<Integer> {
  /** Exit code when the policy denies the image. */
  static final int EXIT_DENY = 3;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TARGET",
      description =
          "The image (REGISTRY/REPO[:TAG|@DIGEST], oci:DIR[:REF], oci-archive:F, docker-archive:F,"
              + " dir:ROOTFS) or sbom:FILE.")
  String target;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "FILE",
      description = "The policy file (YAML, apiVersion drydock.io/v1, kind Policy).")
  Path policy;

  @Option(
      names = {"-f", "--format"},
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "Output format: table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--key",
      paramLabel = "F.pub",
      description = {
        "Public key(s) to verify the image's signatures and scan attestations with (repeatable;",
        "registry targets). A signature's keyId in the policy input is the key file's name."
      })
  List<Path> keys = new ArrayList<>();

  @Option(
      names = "--attested",
      description = {
        "Do not scan: evaluate the findings of the newest scan attestation that verifies with a",
        "--key (what the admission webhook does). Fails when there is none."
      })
  boolean attested;

  @Option(names = "--epss", paramLabel = "FILE", description = "EPSS scores CSV (.csv or .csv.gz).")
  Path epss;

  @Option(names = "--kev", paramLabel = "FILE", description = "CISA KEV catalog JSON.")
  Path kev;

  @Mixin DbDirOptions db;
  @Mixin ImageAnalysis analysis;
  @Mixin CacheDirOptions cache;
  @Mixin SourceOptions sourceOptions;

  @Override
  public Integer call() throws Exception {
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!fmt.equals("table") && !fmt.equals("json")) {
      throw new IllegalArgumentException("--format " + format + ": expected table or json");
    }
    PrintWriter err = spec.commandLine().getErr();
    PolicyEngine engine = PolicyEngine.load(policy);
    Sbom sbom;
    ImageConfig config = null;
    Instant baseCreated = null;
    Target t = Target.parse(target);
    List<PolicyInput.SignatureFacts> signatures = new ArrayList<>();
    List<PolicyInput.AttestationFacts> attestations = new ArrayList<>();
    if (attested && keys.isEmpty()) {
      throw new IllegalArgumentException("--attested needs --key: attestations are verified");
    }
    List<VerifiedAttestation> verified = new ArrayList<>();
    if (!keys.isEmpty()) {
      if (!(t instanceof Target.Registry)) {
        throw new IllegalArgumentException(
            "--key: signatures are read from a registry, and "
                + target
                + " is not a registry image");
      }
      verifySignatures(SigningKeys.registryImage(target), signatures, attestations, verified);
    }
    if (attested) {
      Decision decision = evaluateAttested(engine, t, signatures, attestations, verified);
      return finish(decision, null, err);
    }
    if (t instanceof Target.Sbom s) {
      sbom = SbomReader.read(s.file());
    } else {
      try {
        sbom = analysis.sbom(target, sourceOptions, cache, err);
        if (!(t instanceof Target.Rootfs)) {
          Platform platform = sourceOptions.platform();
          try (ImageSource source = sourceOptions.open(t)) {
            config = source.image(platform).config();
          }
          baseCreated = baseCreated(t, sbom.base(), platform);
        }
      } finally {
        sourceOptions.close();
      }
    }
    Decision decision;
    try (AdvisoryStore store = ScanCommand.openStore(db, cache, err)) {
      ScanResult result =
          ScanCommand.scanner(db.dir(), epss, kev).scan(sbom, store, ScanOptions.defaults());
      PolicyInput input =
          PolicyInput.of(
              result,
              config,
              baseCreated,
              FirstSeen.advisoriesPublished(store),
              signatures,
              attestations,
              Instant.now());
      decision = engine.evaluate(input);
    }
    return finish(decision, sbom, err);
  }

  private int finish(Decision decision, Sbom sbom, PrintWriter err) {
    String fmt = format.toLowerCase(Locale.ROOT);
    PrintWriter out = spec.commandLine().getOut();
    if (fmt.equals("json")) {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(decision)));
    } else {
      table(decision, out);
    }
    out.flush();
    if (sbom != null) {
      SbomCommand.warnIfPartial(sbom, err);
    }
    err.flush();
    return decision.verdict() == Verdict.DENY ? EXIT_DENY : 0;
  }

  /**
   * When the base image was built, read from its config: looked up by digest in the same OCI
   * layout, then at its annotated name; {@code null} when unknown or unreachable.
   */
  private Instant baseCreated(Target app, BaseImage base, Platform platform) {
    if (base == null || base.digest() == null) {
      return null;
    }
    Set<String> candidates = new LinkedHashSet<>();
    if (app instanceof Target.OciLayout l) {
      candidates.add("oci:" + l.dir() + ":" + base.digest());
    }
    if (base.name() != null && !base.name().contains("@")) {
      candidates.add(base.name().replaceFirst(":[^:/]*$", "") + "@" + base.digest());
    }
    for (String c : candidates) {
      try (ImageSource s = sourceOptions.open(Target.parse(c))) {
        Image image = s.image(platform);
        return image.config().created();
      } catch (IOException | RuntimeException e) {
        // not there: try the next place
      }
    }
    return null;
  }

  private void table(Decision d, PrintWriter out) {
    out.println("Policy " + policy + " on " + target + ": " + d.verdict());
    if (!d.violations().isEmpty()) {
      out.println();
      Table table = new Table("RULE", "ACTION", "MESSAGE");
      for (Violation v : d.violations()) {
        boolean named = v.findings().stream().allMatch(v.message()::contains);
        table.add(
            v.rule(),
            v.action().label(),
            named ? v.message() : v.message() + " [" + String.join(", ", v.findings()) + "]");
      }
      table.print(out, "");
    }
    if (!d.suppressed().isEmpty()) {
      out.println();
      out.println("Suppressed:");
      for (Suppression s : d.suppressed()) {
        out.println("  " + s.what() + ": " + s.why());
      }
    }
  }

  private ObjectNode json(Decision d) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("target", target);
    o.put("policy", policy.toString());
    o.put("verdict", d.verdict().name());
    ArrayNode vs = o.putArray("violations");
    for (Violation v : d.violations()) {
      ObjectNode n = vs.addObject();
      n.put("rule", v.rule());
      n.put("action", v.action().label());
      n.put("message", v.message());
      ArrayNode ids = n.putArray("findings");
      v.findings().forEach(ids::add);
    }
    ArrayNode ss = o.putArray("suppressed");
    for (Suppression s : d.suppressed()) {
      ss.addObject().put("what", s.what()).put("why", s.why());
    }
    return o;
  }

  /**
   * The decision on the newest verified scan attestation's findings, with the image's config read
   * from the registry; no scan.
   */
  private Decision evaluateAttested(
      PolicyEngine engine,
      Target t,
      List<PolicyInput.SignatureFacts> signatures,
      List<PolicyInput.AttestationFacts> attestations,
      List<VerifiedAttestation> verified)
      throws IOException {
    VerifiedAttestation newest = null;
    for (VerifiedAttestation a : verified) {
      if (newest == null
          || (a.finishedOn() != null
              && (newest.finishedOn() == null || a.finishedOn().isAfter(newest.finishedOn())))) {
        newest = a;
      }
    }
    if (newest == null) {
      throw new IllegalArgumentException(
          "--attested: " + target + " has no scan attestation that verifies with the --key(s)");
    }
    AttestedScan scan;
    try {
      scan =
          AttestedScan.fromReport(
              Json.readObject(
                      newest.statement().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                      "statement")
                  .path("predicate")
                  .path("scanner")
                  .path("result"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--attested: the scan attestation of " + target + " is unreadable: " + e.getMessage());
    }
    Platform platform = sourceOptions.platform();
    ImageConfig config;
    String digest;
    Instant baseCreated;
    try {
      try (ImageSource source = sourceOptions.open(t)) {
        config = source.image(platform).config();
        digest = source.root().digest().toString();
      }
      PolicyInput.BaseFacts b = scan.base();
      baseCreated =
          b.digest().isEmpty()
              ? null
              : baseCreated(
                  t,
                  new BaseImage(BaseImage.Rule.ANNOTATION, b.name(), b.digest(), 0, null),
                  platform);
    } finally {
      sourceOptions.close();
    }
    return engine.evaluate(
        scan.input(
            PolicyInput.ImageFacts.of(target, digest),
            PolicyInput.ConfigFacts.of(config),
            baseCreated,
            signatures,
            attestations,
            Instant.now()));
  }

  /**
   * Verifies the image's signatures and vulnerability-scan attestations with every {@code --key}:
   * one signature fact per key (verified or not) and one attestation fact per verified attestation.
   */
  private void verifySignatures(
      ImageRef ref,
      List<PolicyInput.SignatureFacts> signatures,
      List<PolicyInput.AttestationFacts> attestations,
      List<VerifiedAttestation> verified)
      throws java.io.IOException {
    Cosign cosign = new Cosign(sourceOptions.client());
    for (Path keyFile : keys) {
      java.security.PublicKey key = SigningKeys.publicKey(keyFile);
      String keyId = keyFile.getFileName().toString();
      signatures.add(new PolicyInput.SignatureFacts(keyId, cosign.verify(ref, key).verified()));
      AttestationResult att = cosign.verifyAttestations(ref, key, Cosign.VULN_PREDICATE, null);
      verified.addAll(att.attestations());
      for (VerifiedAttestation a : att.attestations()) {
        long hours = a.age() == null ? Long.MAX_VALUE : Math.max(0, a.age().toHours());
        attestations.add(
            new PolicyInput.AttestationFacts(a.predicateType(), hours, att.verified()));
      }
    }
  }
}
