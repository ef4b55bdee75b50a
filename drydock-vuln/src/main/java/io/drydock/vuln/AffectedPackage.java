package io.drydock.vuln;

import java.util.Objects;

/**
 * {@code affected[].package}: the ecosystem string exactly as written, the name as written, and the
 * purl (null when absent). {@link #ecosystemId()} is the parsed identity; an unknown or mis-spelt
 * ecosystem parses to an unknown {@link Ecosystem} that matches nothing.
 */
public record AffectedPackage(String ecosystem, String name, String purl) {
  public AffectedPackage {
    Objects.requireNonNull(ecosystem, "ecosystem");
    Objects.requireNonNull(name, "name");
  }

  /** The parsed ecosystem identity. */
  public Ecosystem ecosystemId() {
    return Ecosystem.parse(ecosystem);
  }

  /** {@link #name} normalised for its ecosystem ({@link Ecosystem#normalizeName}). */
  public String normalizedName() {
    return ecosystemId().normalizeName(name);
  }
}
