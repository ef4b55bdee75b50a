package io.drydock.policy;

import java.util.List;
import java.util.Objects;

/**
 * The result of evaluating a policy against one image. Immutable.
 *
 * @param verdict {@link Verdict#DENY} when any violation's action is deny, else {@link
 *     Verdict#WARN} when there is any violation, else {@link Verdict#ALLOW}
 * @param violations in policy order (built-ins first, then {@code rules:}); an expired finding
 *     exemption adds a warn violation named {@value PolicyEngine#EXPIRED_EXEMPTION_RULE}
 * @param suppressed what exemptions took out of the evaluation
 */
public record Decision(Verdict verdict, List<Violation> violations, List<Suppression> suppressed) {
  public Decision {
    Objects.requireNonNull(verdict, "verdict");
    violations = List.copyOf(violations);
    suppressed = List.copyOf(suppressed);
  }

  /** The decision for {@code violations}: the verdict follows from their actions. */
  public static Decision of(List<Violation> violations, List<Suppression> suppressed) {
    Verdict v = Verdict.ALLOW;
    for (Violation x : violations) {
      if (x.action() == Action.DENY) {
        v = Verdict.DENY;
        break;
      }
      v = Verdict.WARN;
    }
    return new Decision(v, violations, suppressed);
  }
}
