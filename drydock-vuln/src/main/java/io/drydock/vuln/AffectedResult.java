package io.drydock.vuln;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether one version is affected, with the fixed versions that end the affecting ranges and the
 * diagnostics of whatever could not be evaluated. Immutable.
 *
 * <p>{@link Status#UNDECIDED} is never folded into yes or no: it means the version or a range bound
 * could not be parsed in the ecosystem's order, or the ecosystem has no order Drydock knows, and
 * nothing else said "affected". {@code diagnostics} says why, one line each; it may be non-empty
 * for a decided result too (an unparsable range next to one that matched).
 *
 * @param fixed versions that fix the affecting ranges (the smallest {@code fixed} above the version
 *     in each), as written in the record, without duplicates; empty unless affected, and empty when
 *     no fix is known ({@code last_affected} or introduced-only ranges, explicit versions)
 */
public record AffectedResult(Status status, List<String> fixed, List<String> diagnostics) {
  /** The three outcomes. */
  public enum Status {
    AFFECTED,
    NOT_AFFECTED,
    UNDECIDED
  }

  public AffectedResult {
    Objects.requireNonNull(status, "status");
    fixed = List.copyOf(fixed);
    diagnostics = List.copyOf(diagnostics);
  }

  static final AffectedResult NOT_AFFECTED_RESULT =
      new AffectedResult(Status.NOT_AFFECTED, List.of(), List.of());

  /** Affected, with these fixes. */
  public static AffectedResult affected(List<String> fixed) {
    return new AffectedResult(Status.AFFECTED, fixed, List.of());
  }

  /** Not affected. */
  public static AffectedResult notAffected() {
    return NOT_AFFECTED_RESULT;
  }

  /** Undecided, for {@code why}. */
  public static AffectedResult undecided(String why) {
    return new AffectedResult(Status.UNDECIDED, List.of(), List.of(why));
  }

  /** {@link Status#AFFECTED}. */
  public boolean isAffected() {
    return status == Status.AFFECTED;
  }

  /** {@link Status#UNDECIDED}: the version could not be judged; see {@link #diagnostics}. */
  public boolean isUndecided() {
    return status == Status.UNDECIDED;
  }

  /**
   * Combines results for the same version from several ranges or affected entries: affected if any
   * is (fixes united), else undecided if any is, else not affected; diagnostics are kept.
   */
  public static AffectedResult anyOf(List<AffectedResult> results) {
    Status status = Status.NOT_AFFECTED;
    Set<String> fixed = new LinkedHashSet<>();
    List<String> diagnostics = new ArrayList<>();
    for (AffectedResult r : results) {
      if (r.status == Status.AFFECTED) {
        status = Status.AFFECTED;
        fixed.addAll(r.fixed);
      } else if (r.status == Status.UNDECIDED && status == Status.NOT_AFFECTED) {
        status = Status.UNDECIDED;
      }
      for (String d : r.diagnostics) {
        if (!diagnostics.contains(d)) {
          diagnostics.add(d);
        }
      }
    }
    return new AffectedResult(status, List.copyOf(fixed), diagnostics);
  }
}
