package io.drydock.cli;

import io.drydock.oci.ImageRef;
import io.drydock.policy.FirstSeen;
import io.drydock.policy.PolicyEngine;
import io.drydock.policy.PolicyInput;
import io.drydock.policy.Verdict;
import io.drydock.policy.Violation;
import io.drydock.refresh.loop.ImageValidator;
import io.drydock.refresh.loop.RefreshConfig;
import io.drydock.report.ReportFormat;
import io.drydock.report.ReportOptions;
import io.drydock.sign.Cosign;
import io.drydock.sign.ReferrersMode;
import io.drydock.sign.VulnScan;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.store.AdvisoryStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates refreshed images the way {@code drydock scan} and {@code policy eval} do (scan with the
 * local advisory database, evaluate the policy), and signs and attests what passed: the {@link
 * ImageValidator} of {@code refresh} and of the server's refresh jobs.
 */
final class RefreshValidator implements ImageValidator {
  private final PolicyEngine policy;
  private final PrivateKey signing;
  private final RefreshConfig cfg;
  private final PrintWriter err;
  private final DbDirOptions db;
  private final CacheDirOptions cache;
  private final SourceOptions sourceOptions;

  /**
   * @param signing the key that signs what passed, or {@code null} for dry runs
   * @param err where scan warnings go
   */
  RefreshValidator(
      PolicyEngine policy,
      PrivateKey signing,
      RefreshConfig cfg,
      PrintWriter err,
      DbDirOptions db,
      CacheDirOptions cache,
      SourceOptions sourceOptions) {
    this.policy = policy;
    this.signing = signing;
    this.cfg = cfg;
    this.err = err;
    this.db = db;
    this.cache = cache;
    this.sourceOptions = sourceOptions;
  }

  @Override
  public Validation validate(ImageRef image) throws IOException {
    ScanCommand scanner = new ScanCommand();
    scanner.target = image.toString();
    scanner.db = db;
    scanner.analysis = new ImageAnalysis();
    scanner.cache = cache;
    scanner.sourceOptions = sourceCopy();
    Instant started = Instant.now();
    ScanCommand.Outcome outcome;
    try {
      outcome = scanner.scan(err);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("scanning " + image + ": " + e.getMessage(), e);
    }
    Instant finished = Instant.now();
    // The policy sees the signature and attestation this refresh adds when the image passes:
    // it is signed after validation, so rules that require them must not deny it beforehand.
    String keyId = keyId();
    List<PolicyInput.SignatureFacts> sigs = List.of(new PolicyInput.SignatureFacts(keyId, true));
    List<PolicyInput.AttestationFacts> atts =
        List.of(new PolicyInput.AttestationFacts(Cosign.VULN_PREDICATE, 0, true));
    io.drydock.policy.Decision decision;
    try (AdvisoryStore store = ScanCommand.openStore(db, cache, err)) {
      decision =
          policy.evaluate(
              PolicyInput.of(
                  outcome.shown(),
                  null,
                  null,
                  FirstSeen.advisoriesPublished(store),
                  sigs,
                  atts,
                  Instant.now()));
    }
    Set<String> ids = new LinkedHashSet<>();
    for (Finding f : outcome.shown().active()) {
      ids.add(f.id());
    }
    List<String> violations = new ArrayList<>();
    for (Violation v : decision.violations()) {
      violations.add(v.rule() + ": " + v.message());
    }
    return new Validation(
        decision.verdict() != Verdict.DENY,
        ids,
        violations,
        new Scanned(outcome, started, finished));
  }

  @Override
  public void signAndAttest(ImageRef image, Validation validation) throws IOException {
    Scanned s = (Scanned) validation.report();
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    ReportFormat.byName("json").write(s.outcome().shown(), report, ReportOptions.defaults());
    Cosign cosign = new Cosign(sourceOptions.client());
    ReferrersMode mode = ReferrersMode.parse(cfg.referrersMode());
    if (mode == ReferrersMode.OCI_1_1) {
      cosign.signAsReferrer(image, signing);
    } else {
      cosign.sign(image, signing);
    }
    cosign.attest(
        image,
        signing,
        new VulnScan(
            report.toByteArray(),
            "drydock",
            VersionProvider.version(),
            "",
            s.outcome().shown().databaseBuilt() == null
                ? ""
                : s.outcome().shown().databaseBuilt().toString(),
            s.started(),
            s.finished()),
        mode);
  }

  private String keyId() {
    if (!cfg.verifyKeys().isEmpty()) {
      return cfg.verifyKeys().get(0).getFileName().toString();
    }
    return cfg.signingKey() == null
        ? "refresh"
        : cfg.signingKey().getFileName().toString().replaceFirst("\\.key$", ".pub");
  }

  private SourceOptions sourceCopy() {
    SourceOptions o = new SourceOptions();
    o.insecure = sourceOptions.insecure;
    o.caCerts = sourceOptions.caCerts;
    o.username = sourceOptions.username;
    o.password = sourceOptions.password;
    o.platform = sourceOptions.platform;
    return o;
  }

  private record Scanned(ScanCommand.Outcome outcome, Instant started, Instant finished) {}
}
