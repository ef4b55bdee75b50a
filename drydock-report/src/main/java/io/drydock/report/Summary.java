package io.drydock.report;

import io.drydock.vuln.Severity.Rating;
import io.drydock.vuln.match.Finding;
import java.util.Collection;

/**
 * Counts over a set of findings, as the table's summary line and the JSON {@code summary} show
 * them. Only unsuppressed findings are counted by rating and in {@code total}; suppressed ones are
 * counted apart. Immutable.
 *
 * @param total unsuppressed findings
 * @param critical unsuppressed findings rated critical
 * @param high … high
 * @param medium … medium
 * @param low … low
 * @param none … rated none (CVSS 0.0)
 * @param unknown … without a rating
 * @param suppressed findings suppressed by an ignore file, a VEX statement or a policy
 * @param noFix unsuppressed findings with no fixed version yet
 */
public record Summary(
    int total,
    int critical,
    int high,
    int medium,
    int low,
    int none,
    int unknown,
    int suppressed,
    int noFix) {

  /** Counts {@code findings}. */
  public static Summary of(Collection<Finding> findings) {
    int[] byRating = new int[Rating.values().length];
    int suppressed = 0;
    int noFix = 0;
    for (Finding f : findings) {
      if (f.suppressed()) {
        suppressed++;
        continue;
      }
      byRating[f.severity().rating().ordinal()]++;
      if (!f.fixAvailable()) {
        noFix++;
      }
    }
    return new Summary(
        findings.size() - suppressed,
        byRating[Rating.CRITICAL.ordinal()],
        byRating[Rating.HIGH.ordinal()],
        byRating[Rating.MEDIUM.ordinal()],
        byRating[Rating.LOW.ordinal()],
        byRating[Rating.NONE.ordinal()],
        byRating[Rating.UNKNOWN.ordinal()],
        suppressed,
        noFix);
  }

  /**
   * The one-line summary, Trivy's form with Drydock's additions: {@code Total: 12 (CRITICAL: 1,
   * HIGH: 3, MEDIUM: 5, LOW: 2, UNKNOWN: 1), 2 suppressed, 3 with no fix yet}. {@code NONE: n}
   * appears before {@code UNKNOWN} only when n &gt; 0; the suppressed and no-fix parts only when
   * non-zero.
   */
  public String line() {
    StringBuilder b = new StringBuilder();
    b.append("Total: ").append(total);
    b.append(" (CRITICAL: ").append(critical);
    b.append(", HIGH: ").append(high);
    b.append(", MEDIUM: ").append(medium);
    b.append(", LOW: ").append(low);
    if (none > 0) {
      b.append(", NONE: ").append(none);
    }
    b.append(", UNKNOWN: ").append(unknown).append(')');
    if (suppressed > 0) {
      b.append(", ").append(suppressed).append(" suppressed");
    }
    if (noFix > 0) {
      b.append(", ").append(noFix).append(" with no fix yet");
    }
    return b.toString();
  }
}
