package io.drydock.sign;

import java.util.List;

/**
 * The outcome of verifying an image's signatures. {@code verified} is {@code true} exactly when at
 * least one signature verified (cosign's rule). {@code reasons} says, one line each, why every
 * other signature (or the lack of any) failed; it is never empty when {@code verified} is false.
 */
public record VerificationResult(
    boolean verified, List<String> reasons, List<VerifiedSignature> signatures) {
  public VerificationResult {
    reasons = List.copyOf(reasons);
    signatures = List.copyOf(signatures);
    if (verified != !signatures.isEmpty()) {
      throw new IllegalArgumentException("verified must be true exactly when a signature verified");
    }
    if (!verified && reasons.isEmpty()) {
      throw new IllegalArgumentException("a failed verification needs a reason");
    }
  }

  /** The first reason, for a one-line error; {@code null} when verified with no failures. */
  public String firstReason() {
    return reasons.isEmpty() ? null : reasons.get(0);
  }
}
