package io.drydock.vuln.match;

import io.drydock.vuln.Advisory;
import io.drydock.vuln.KnownEcosystem;
import io.drydock.vuln.store.AdvisoryStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What matchers read advisories from: the {@link AdvisoryStore} itself ({@link #of}) or a {@link
 * CachedAdvisoryIndex} in front of it for the length of one scan. Implementations are thread-safe.
 */
public interface AdvisoryIndex {
  /**
   * The advisories with an {@code affected[]} entry naming package {@code name} in any release of
   * {@code family} (the name is normalised for the family; withdrawn records included, sorted by
   * id). Callers still check each entry's release and version.
   */
  List<Advisory> lookup(KnownEcosystem family, String name) throws IOException;

  /** The advisory whose id is {@code id}, if stored. */
  Optional<Advisory> get(String id) throws IOException;

  /** An index that asks {@code store} every time (the caller keeps closing the store). */
  static AdvisoryIndex of(AdvisoryStore store) {
    return new AdvisoryIndex() {
      @Override
      public List<Advisory> lookup(KnownEcosystem family, String name) throws IOException {
        return store.lookup(family, name);
      }

      @Override
      public Optional<Advisory> get(String id) throws IOException {
        return store.get(id);
      }
    };
  }
}
