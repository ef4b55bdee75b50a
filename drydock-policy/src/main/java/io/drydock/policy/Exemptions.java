package io.drydock.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What a policy does not judge.
 *
 * @param images glob patterns over the image reference (see {@link ImageGlob}); a match skips the
 *     whole policy
 * @param findings per-finding exemptions
 */
public record Exemptions(List<String> images, List<FindingExemption> findings) {
  public Exemptions {
    images = List.copyOf(images);
    findings = List.copyOf(findings);
  }

  public static Exemptions none() {
    return new Exemptions(List.of(), List.of());
  }

  /**
   * A finding taken out of the input.
   *
   * @param id a vulnerability id, matched against the finding's id and aliases
   * @param expires the last day (UTC) the exemption holds, or {@code null} for no expiry
   * @param reason why, required: it is shown with the suppression
   */
  public record FindingExemption(String id, LocalDate expires, String reason) {
    public FindingExemption {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
