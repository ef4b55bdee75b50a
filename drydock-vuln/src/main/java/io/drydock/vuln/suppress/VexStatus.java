package io.drydock.vuln.suppress;

import java.util.Locale;

/** The impact of a vulnerability on a product, in OpenVEX's words. */
public enum VexStatus {
  /** Not exploitable here (CycloneDX {@code not_affected}, {@code false_positive}): suppresses. */
  NOT_AFFECTED,
  /** Exploitable (CycloneDX {@code exploitable}): does not suppress. */
  AFFECTED,
  /** Fixed in this product (CycloneDX {@code resolved}, {@code resolved_with_pedigree}). */
  FIXED,
  /** Not known yet (CycloneDX {@code in_triage}): does not suppress. */
  UNDER_INVESTIGATION;

  /** Whether a finding covered by a statement with this status stops counting. */
  public boolean suppresses() {
    return this == NOT_AFFECTED || this == FIXED;
  }

  /** OpenVEX's label: {@code not_affected}, {@code affected}, {@code fixed}, … */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status for an OpenVEX label, or {@code null} when it is not one. */
  static VexStatus ofOpenVex(String label) {
    if (label == null) {
      return null;
    }
    return switch (label) {
      case "not_affected" -> NOT_AFFECTED;
      case "affected" -> AFFECTED;
      case "fixed" -> FIXED;
      case "under_investigation" -> UNDER_INVESTIGATION;
      default -> null;
    };
  }

  /** The status for a CycloneDX {@code analysis.state}, or {@code null} when it is not one. */
  static VexStatus ofCycloneDx(String state) {
    if (state == null) {
      return null;
    }
    return switch (state) {
      case "not_affected", "false_positive" -> NOT_AFFECTED;
      case "exploitable" -> AFFECTED;
      case "resolved", "resolved_with_pedigree" -> FIXED;
      case "in_triage" -> UNDER_INVESTIGATION;
      default -> null;
    };
  }
}
