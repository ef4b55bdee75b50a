package io.drydock.policy;

/** The outcome of a policy evaluation, from best to worst. */
public enum Verdict {
  /** No rule was violated. */
  ALLOW,
  /** Only {@link Action#WARN} violations (or deny rules still inside their grace period). */
  WARN,
  /** At least one {@link Action#DENY} violation. */
  DENY
}
