package io.drydock.vuln.suppress;

import io.drydock.vuln.match.Suppression;
import java.util.List;
import java.util.Optional;

/**
 * A loaded set of rules that may suppress findings: an {@link IgnoreFile} or {@link VexDocuments}.
 * Immutable and thread-safe once loaded.
 */
public interface SuppressionSource {
  /**
   * Why {@code candidate} does not count, or empty when this source says nothing that suppresses it
   * (no rule, an expired rule, or a VEX statement saying {@code affected}).
   */
  Optional<Suppression> suppression(Candidate candidate);

  /**
   * Lines for the user found while loading (expired ignore entries, VEX statements that were
   * skipped and why); the CLI prints them to stderr. Never null.
   */
  List<String> warnings();
}
