package io.drydock.vuln.match;

import io.drydock.vuln.KnownEcosystem;

/**
 * {@code hackage} components not owned by an OS package, against {@code Hackage} advisories by the
 * Haskell package name.
 */
public final class HackageMatcher extends LanguageMatcher {
  public HackageMatcher() {
    super("lang/hackage", "hackage", KnownEcosystem.HACKAGE);
  }
}
