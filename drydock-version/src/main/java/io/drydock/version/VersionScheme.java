package io.drydock.version;

/**
 * The version order of one ecosystem. Implementations are stateless and thread-safe.
 *
 * <p>Unparsable versions are never ordered silently: {@link #parse} throws {@link
 * InvalidVersionException} naming the input and the scheme, and callers report it as a diagnostic.
 */
public interface VersionScheme {
  /** Stable name used in diagnostics and configuration: {@code deb}, {@code rpm}, {@code apk}, … */
  String name();

  /**
   * Parses {@code raw}; throws {@link InvalidVersionException} when the ecosystem would refuse it.
   */
  Version parse(String raw);

  /** {@code parse(a).compareTo(parse(b))}. */
  default int compare(String a, String b) {
    return parse(a).compareTo(parse(b));
  }
}
