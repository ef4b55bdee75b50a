package io.drydock.sign;

import java.util.List;

/**
 * The outcome of verifying an image's attestations: {@code verified} exactly when at least one
 * attestation verified; {@code reasons} says, one line each, why the others (or the lack of any)
 * failed, and is never empty when {@code verified} is false.
 */
public record AttestationResult(
    boolean verified, List<String> reasons, List<VerifiedAttestation> attestations) {
  public AttestationResult {
    reasons = List.copyOf(reasons);
    attestations = List.copyOf(attestations);
    if (verified != !attestations.isEmpty()) {
      throw new IllegalArgumentException("verified must be true exactly when one verified");
    }
    if (!verified && reasons.isEmpty()) {
      throw new IllegalArgumentException("a failed verification needs a reason");
    }
  }

  /** The first reason, for a one-line error; {@code null} when there is none. */
  public String firstReason() {
    return reasons.isEmpty() ? null : reasons.get(0);
  }
}
