package io.drydock.policy;

import java.util.Objects;

/**
 * One rule of a policy, as written (not yet compiled).
 *
 * <p>Convention (Kubernetes ValidatingAdmissionPolicy): {@code expression} is a CEL boolean that
 * must be <b>true</b> for the image to pass; false is a violation.
 *
 * @param name unique within the policy
 * @param expression CEL, must evaluate to a bool; sees the variables of {@link PolicyInput}
 * @param findings CEL list expression naming the findings behind a violation (e.g. {@code
 *     findings.filter(f, f.kev)}), evaluated only when the rule fails; {@code null} for rules about
 *     the image itself. Required with {@code gracePeriodDays}.
 * @param action what a violation does
 * @param message the static message, or {@code null} for {@code "rule NAME failed"}
 * @param messageExpression CEL string expression (like ValidatingAdmissionPolicy's {@code
 *     messageExpression}) that sees the input plus {@code violating} (the list {@code findings}
 *     returned); wins over {@code message} unless it fails at evaluation; may be {@code null}
 * @param gracePeriodDays a deny rule whose violating findings were all first seen fewer than this
 *     many days ago reports warn instead; {@code null} for no grace
 */
public record Rule(
    String name,
    String expression,
    String findings,
    Action action,
    String message,
    String messageExpression,
    Long gracePeriodDays) {
  public Rule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(action, "action");
  }
}
