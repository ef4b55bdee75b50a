package io.drydock.policy;

import java.util.List;
import java.util.Objects;

/**
 * A rule that did not hold.
 *
 * @param rule the rule's name (built-ins by their built-in name, e.g. {@code no-kev})
 * @param action the effective action: a deny rule inside its grace period reports {@link
 *     Action#WARN}
 * @param message one line for people
 * @param findings ids of the findings behind the violation, in input order; empty for rules about
 *     the image rather than its findings
 */
public record Violation(String rule, Action action, String message, List<String> findings) {
  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(message, "message");
    findings = List.copyOf(findings);
  }
}
