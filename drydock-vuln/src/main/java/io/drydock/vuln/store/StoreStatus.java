package io.drydock.vuln.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a store holds. Immutable.
 *
 * @param schemaVersion the store's schema version
 * @param total advisories stored (each id once)
 * @param perEcosystem advisories per ecosystem name without release ({@code Debian}, {@code PyPI}),
 *     sorted by name; an advisory naming several ecosystems counts in each
 * @param invalid invalid records skipped, summed over the sources' latest imports
 * @param sources the locations imported, sorted by location
 * @param lastUpdate when the store was last written, or null for an empty new store
 */
public record StoreStatus(
    int schemaVersion,
    long total,
    Map<String, Long> perEcosystem,
    long invalid,
    List<Source> sources,
    Instant lastUpdate) {
  public StoreStatus {
    perEcosystem = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(perEcosystem));
    sources = List.copyOf(sources);
  }

  /**
   * One imported location as of its latest import.
   *
   * @param location the path as imported (absolute, normalised)
   * @param records valid records read from it
   * @param invalid invalid records skipped in it
   * @param imported when it was imported
   */
  public record Source(String location, long records, long invalid, Instant imported) {}
}
