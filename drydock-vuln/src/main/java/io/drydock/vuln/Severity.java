package io.drydock.vuln;

import java.util.Locale;
import java.util.Objects;

/**
 * A severity with where it came from.
 *
 * @param type {@code CVSS_V2}, {@code CVSS_V3}, {@code CVSS_V4}, {@code Ubuntu} or {@code
 *     database_specific}
 * @param vector the CVSS vector as written, or the qualitative text ({@code MODERATE}) otherwise
 * @param score the CVSS base score (0.0–10.0), null when the source has no number
 * @param rating the qualitative rating
 * @param source where the value was read, for reports: {@code "CVSS_V3 from record"}, {@code
 *     "CVSS_V3 from affected[0]"}, {@code "database_specific"}, {@code "Ubuntu from record"}
 */
public record Severity(String type, String vector, Double score, Rating rating, String source) {
  public Severity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(rating, "rating");
    Objects.requireNonNull(source, "source");
  }

  /** Qualitative ratings, ordered from least to most severe ({@link #UNKNOWN} first). */
  public enum Rating {
    UNKNOWN,
    NONE,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** Lower-case name, as reports print it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * FIRST's CVSS v3.x and v4.0 bands: 0.0 none, 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high,
     * 9.0–10.0 critical.
     */
    public static Rating ofCvss3or4(double score) {
      if (score <= 0.0) {
        return NONE;
      } else if (score < 4.0) {
        return LOW;
      } else if (score < 7.0) {
        return MEDIUM;
      } else if (score < 9.0) {
        return HIGH;
      }
      return CRITICAL;
    }

    /**
     * CVSS v2 has no qualitative scale of its own; NVD's v2 bands are used: 0.0–3.9 low, 4.0–6.9
     * medium, 7.0–10.0 high (never critical).
     */
    public static Rating ofCvss2(double score) {
      if (score < 4.0) {
        return LOW;
      } else if (score < 7.0) {
        return MEDIUM;
      }
      return HIGH;
    }
  }
}
