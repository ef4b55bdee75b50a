package io.drydock.policy;

import io.drydock.policy.PolicyInput.AttestationFacts;
import io.drydock.policy.PolicyInput.BaseFacts;
import io.drydock.policy.PolicyInput.ConfigFacts;
import io.drydock.policy.PolicyInput.FindingFacts;
import io.drydock.policy.PolicyInput.ImageFacts;
import io.drydock.policy.PolicyInput.SbomFacts;
import io.drydock.policy.PolicyInput.SignatureFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Policy inputs for tests: a clean image, then one change at a time. */
record Inputs(PolicyInput input) {
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  /** registry.example.com/team/app:1.0, user 1000, no findings, base 10 days old. */
  static Inputs clean() {
    return new Inputs(
        new PolicyInput(
            ImageFacts.of("registry.example.com/team/app:1.0", "sha256:" + "a".repeat(64)),
            new ConfigFacts("1000", List.of("/app"), Map.of(), NOW.minusSeconds(3600)),
            new BaseFacts("debian:bookworm", "sha256:" + "b".repeat(64), 10L, "ANNOTATION"),
            new SbomFacts(42, false),
            List.of(),
            List.of(),
            List.of(),
            NOW));
  }

  static FindingFacts finding(String id, String severity, boolean fix, boolean kev, Long days) {
    return new FindingFacts(
        id, List.of("GHSA-" + id), severity, 9.0, fix, null, kev, "app", "pkg-" + id, "1.0", days);
  }

  Inputs findings(FindingFacts... f) {
    PolicyInput i = input;
    return new Inputs(
        new PolicyInput(
            i.image(),
            i.config(),
            i.base(),
            i.sbom(),
            List.of(f),
            i.signatures(),
            i.attestations(),
            i.now()));
  }

  Inputs image(String reference) {
    PolicyInput i = input;
    return new Inputs(
        new PolicyInput(
            ImageFacts.of(reference, null),
            i.config(),
            i.base(),
            i.sbom(),
            i.findings(),
            i.signatures(),
            i.attestations(),
            i.now()));
  }

  Inputs user(String user) {
    PolicyInput i = input;
    return new Inputs(
        new PolicyInput(
            i.image(),
            new ConfigFacts(user, List.of(), Map.of(), null),
            i.base(),
            i.sbom(),
            i.findings(),
            i.signatures(),
            i.attestations(),
            i.now()));
  }

  Inputs baseAge(Long days) {
    PolicyInput i = input;
    return new Inputs(
        new PolicyInput(
            i.image(),
            i.config(),
            new BaseFacts("debian:bookworm", "", days, "ANNOTATION"),
            i.sbom(),
            i.findings(),
            i.signatures(),
            i.attestations(),
            i.now()));
  }

  Inputs signatures(SignatureFacts... s) {
    PolicyInput i = input;
    return new Inputs(
        new PolicyInput(
            i.image(),
            i.config(),
            i.base(),
            i.sbom(),
            i.findings(),
            List.of(s),
            i.attestations(),
            i.now()));
  }

  Inputs attestations(AttestationFacts... a) {
    PolicyInput i = input;
    return new Inputs(
        new PolicyInput(
            i.image(),
            i.config(),
            i.base(),
            i.sbom(),
            i.findings(),
            i.signatures(),
            List.of(a),
            i.now()));
  }

  static String policy(String body) {
    return "apiVersion: drydock.io/v1\nkind: Policy\n" + body;
  }
}
