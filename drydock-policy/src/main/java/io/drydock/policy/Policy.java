package io.drydock.policy;

import java.util.List;
import java.util.Objects;

/**
 * A policy as read from its file: built-ins already expanded into rules. Immutable.
 *
 * @param source where it came from, for messages (the file name)
 * @param rules built-in rules first (in the order of {@code builtins:}), then {@code rules:}
 * @param exemptions images and findings the policy does not judge
 */
public record Policy(String source, List<Rule> rules, Exemptions exemptions) {
  public Policy {
    Objects.requireNonNull(source, "source");
    rules = List.copyOf(rules);
    Objects.requireNonNull(exemptions, "exemptions");
  }
}
