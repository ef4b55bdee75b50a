package io.drydock.vuln.match;

import io.drydock.vuln.Advisory;
import io.drydock.vuln.KnownEcosystem;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers every answer of another {@link AdvisoryIndex}, so an image holding the same artifact a
 * thousand times asks the store once per (ecosystem family, normalised name). Meant to live for one
 * scan (the store does not change under it); it never evicts, so its size is bounded by the
 * distinct packages of that scan. Thread-safe; two threads asking for the same key at once may both
 * reach the delegate (the answers are equal).
 */
public final class CachedAdvisoryIndex implements AdvisoryIndex {
  private final AdvisoryIndex delegate;
  private final Map<String, List<Advisory>> lookups = new ConcurrentHashMap<>();
  private final Map<String, Optional<Advisory>> byId = new ConcurrentHashMap<>();
  private final AtomicLong delegateLookups = new AtomicLong();

  public CachedAdvisoryIndex(AdvisoryIndex delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public List<Advisory> lookup(KnownEcosystem family, String name) throws IOException {
    String key = family.osvName() + '\0' + family.normalizeName(name);
    List<Advisory> hit = lookups.get(key);
    if (hit == null) {
      delegateLookups.incrementAndGet();
      hit = List.copyOf(delegate.lookup(family, name));
      lookups.put(key, hit);
    }
    return hit;
  }

  @Override
  public Optional<Advisory> get(String id) throws IOException {
    Optional<Advisory> hit = byId.get(id);
    if (hit == null) {
      hit = delegate.get(id);
      byId.put(id, hit);
    }
    return hit;
  }

  /** How many {@link #lookup} calls reached the delegate so far. */
  public long delegateLookups() {
    return delegateLookups.get();
  }
}
