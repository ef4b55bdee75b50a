package io.drydock.server.api;

import java.util.List;
import java.util.Locale;

/**
 * The one definition of an image's risk: the sum over its open findings of the severity weight
 * (CRITICAL 10, HIGH 5, MEDIUM 2, LOW 0.5, UNKNOWN 0.5), times 3 when the vulnerability is known
 * exploited (KEV), times 1.5 when a fix is available; rounded to one decimal. The same weights are
 * used in Java ({@link #of}) and in SQL ({@link #sql}) so lists can be sorted by the database.
 */
public final class Risk {
  /** Severities from most to least severe, as stored in {@code findings.severity}. */
  public static final List<String> SEVERITIES =
      List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN");

  static final double KEV_FACTOR = 3;
  static final double FIX_FACTOR = 1.5;

  private Risk() {}

  /** The weight of one open finding of {@code severity}. */
  public static double weight(String severity) {
    return switch (severity == null ? "" : severity.toUpperCase(Locale.ROOT)) {
      case "CRITICAL" -> 10;
      case "HIGH" -> 5;
      case "MEDIUM" -> 2;
      default -> 0.5;
    };
  }

  /** The risk contributed by one open finding. */
  public static double of(String severity, boolean kev, boolean fixAvailable) {
    return weight(severity) * (kev ? KEV_FACTOR : 1) * (fixAvailable ? FIX_FACTOR : 1);
  }

  /** Rounds a sum of {@link #of} to one decimal, as the API reports it. */
  public static double round(double risk) {
    return Math.round(risk * 10) / 10.0;
  }

  /**
   * The SQL expression of one finding's risk over columns {@code severity}, {@code kev} and {@code
   * fixed_version} of table alias {@code f} (SQLite and PostgreSQL).
   */
  static String sql(String f) {
    return "(CASE "
        + f
        + ".severity WHEN 'CRITICAL' THEN "
        + weight("CRITICAL")
        + " WHEN 'HIGH' THEN "
        + weight("HIGH")
        + " WHEN 'MEDIUM' THEN "
        + weight("MEDIUM")
        + " ELSE "
        + weight("LOW")
        + " END * CASE WHEN "
        + f
        + ".kev THEN "
        + KEV_FACTOR
        + " ELSE 1 END * CASE WHEN "
        + f
        + ".fixed_version IS NOT NULL THEN "
        + FIX_FACTOR
        + " ELSE 1 END)";
  }

  /** SQL rank of a severity, 4 for CRITICAL down to 0 for UNKNOWN (or anything else). */
  static String rankSql(String f) {
    return "(CASE "
        + f
        + ".severity WHEN 'CRITICAL' THEN 4 WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 WHEN 'LOW'"
        + " THEN 1 ELSE 0 END)";
  }
}
