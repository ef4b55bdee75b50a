package io.drydock.vuln.match;

import io.drydock.vuln.KnownEcosystem;

/**
 * {@code cargo} components not owned by an OS package, against {@code crates.io} advisories by the
 * crate name.
 */
public final class CargoMatcher extends LanguageMatcher {
  public CargoMatcher() {
    super("lang/cargo", "cargo", KnownEcosystem.CRATES_IO);
  }
}
