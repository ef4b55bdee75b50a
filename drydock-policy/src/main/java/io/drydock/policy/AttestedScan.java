package io.drydock.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The policy-relevant part of a Drydock JSON scan report ({@code drydock scan --format json},
 * schema version 1), as carried in a verified scan attestation's {@code predicate.scanner.result}.
 * It lets the policy be evaluated from what the image's scan attested, without scanning again.
 * Immutable.
 *
 * <p>Suppressed findings in the report are left out. The report does not say when each
 * vulnerability was first seen, so {@link PolicyInput.FindingFacts#firstSeenDays()} is unknown
 * (grace periods treat unknown as old).
 *
 * @param findings the report's active findings, in report order
 * @param base the base image as the scan attributed it ({@code ageDays} unknown)
 * @param sbom the inventory summary: the number of distinct packages behind findings is not the
 *     inventory size, so {@code components} is {@code -1} when the report does not carry it
 */
public record AttestedScan(
    List<PolicyInput.FindingFacts> findings,
    PolicyInput.BaseFacts base,
    PolicyInput.SbomFacts sbom) {
  /** The largest number of findings read from one report. */
  public static final int MAX_FINDINGS = 100_000;

  public AttestedScan {
    findings = List.copyOf(findings);
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(sbom, "sbom");
  }

  /**
   * Reads the report.
   *
   * @throws IllegalArgumentException when {@code report} is not a Drydock scan report of schema
   *     version 1, or has more than {@link #MAX_FINDINGS} findings; the message says which
   */
  public static AttestedScan fromReport(JsonNode report) {
    if (report == null || !report.isObject()) {
      throw new IllegalArgumentException("the scan report is not a JSON object");
    }
    int schema = report.path("schemaVersion").asInt(-1);
    if (schema != 1) {
      throw new IllegalArgumentException(
          "the scan report has schemaVersion " + report.path("schemaVersion") + ", expected 1");
    }
    JsonNode fs = report.path("findings");
    if (!fs.isArray()) {
      throw new IllegalArgumentException("the scan report has no findings array");
    }
    if (fs.size() > MAX_FINDINGS) {
      throw new IllegalArgumentException(
          "the scan report has " + fs.size() + " findings, over the limit of " + MAX_FINDINGS);
    }
    List<PolicyInput.FindingFacts> findings = new ArrayList<>();
    for (JsonNode f : fs) {
      if (f.path("suppressed").asBoolean(false)) {
        continue;
      }
      String id = f.path("id").asString("");
      if (id.isEmpty()) {
        throw new IllegalArgumentException("a finding in the scan report has no id");
      }
      List<String> aliases = new ArrayList<>();
      for (JsonNode a : f.path("aliases")) {
        aliases.add(a.asString(""));
      }
      JsonNode sev = f.path("severity");
      JsonNode score = sev.path("score");
      JsonNode epss = f.path("epss");
      findings.add(
          new PolicyInput.FindingFacts(
              id,
              aliases,
              sev.path("rating").asString("unknown").toUpperCase(Locale.ROOT),
              score.isNumber() ? score.asDouble() : null,
              f.path("fixAvailable").asBoolean(false),
              epss.isNumber() ? epss.asDouble() : null,
              f.path("kev").asBoolean(false),
              f.path("origin").asString("app"),
              f.path("package").path("name").asString(""),
              f.path("installedVersion").asString(""),
              null));
    }
    JsonNode b = report.path("base");
    String rule = b.path("rule").asString("none").toUpperCase(Locale.ROOT).replace('-', '_');
    PolicyInput.BaseFacts base =
        new PolicyInput.BaseFacts(
            textOrNull(b.path("name")), textOrNull(b.path("digest")), null, rule);
    return new AttestedScan(
        findings, base, new PolicyInput.SbomFacts(-1, report.path("partial").asBoolean(false)));
  }

  /**
   * The policy input for an image whose scan this is.
   *
   * @param image the image's facts (reference as deployed, resolved digest)
   * @param config its configuration's facts
   * @param baseCreated when the base image was built, {@code null} when unknown
   */
  public PolicyInput input(
      PolicyInput.ImageFacts image,
      PolicyInput.ConfigFacts config,
      Instant baseCreated,
      List<PolicyInput.SignatureFacts> signatures,
      List<PolicyInput.AttestationFacts> attestations,
      Instant now) {
    Long ageDays =
        baseCreated == null ? null : Math.max(0, Duration.between(baseCreated, now).toDays());
    return new PolicyInput(
        image,
        config,
        new PolicyInput.BaseFacts(base.name(), base.digest(), ageDays, base.rule()),
        sbom,
        findings,
        signatures,
        attestations,
        now);
  }

  private static String textOrNull(JsonNode n) {
    return n.isString() ? n.asString() : null;
  }
}
