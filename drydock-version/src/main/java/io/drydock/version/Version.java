package io.drydock.version;

/**
 * A parsed version of one scheme. Versions of the same scheme compare by that ecosystem's order;
 * comparing versions of different schemes throws {@link IllegalArgumentException}. Immutable and
 * thread-safe. {@code equals} follows {@code compareTo} (so {@code 1.0} and {@code 1.0.0} are equal
 * where the ecosystem says so).
 */
public interface Version extends Comparable<Version> {
  /** The string as given to {@link VersionScheme#parse}. */
  String raw();

  /** The scheme that parsed this version. */
  VersionScheme scheme();
}
