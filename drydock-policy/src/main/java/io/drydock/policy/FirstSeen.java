package io.drydock.policy;

import io.drydock.vuln.Advisory;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.store.AdvisoryStore;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * When a vulnerability first became known, for grace periods ({@code findings[].firstSeenDays}).
 * Unknown means "old": no grace period applies to it.
 */
@FunctionalInterface
public interface FirstSeen {
  /** The instant {@code finding} was first seen, or empty when unknown. */
  Optional<Instant> of(Finding finding);

  /** Nothing is known: every finding counts as old. */
  static FirstSeen unknown() {
    return f -> Optional.empty();
  }

  /**
   * The earliest {@code published} date of the advisories merged into the finding, read from {@code
   * store} (which must stay open while this is used). A record that cannot be read counts as
   * unknown.
   */
  static FirstSeen advisoriesPublished(AdvisoryStore store) {
    return f -> {
      Instant first = null;
      for (String id : f.advisories()) {
        try {
          Optional<Advisory> a = store.get(id);
          if (a.isPresent() && a.get().published() != null) {
            Instant p = a.get().published();
            first = first == null || p.isBefore(first) ? p : first;
          }
        } catch (IOException e) {
          // unknown: treated as old
        }
      }
      return Optional.ofNullable(first);
    };
  }
}
