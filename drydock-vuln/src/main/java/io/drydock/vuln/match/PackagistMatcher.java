package io.drydock.vuln.match;

import io.drydock.vuln.KnownEcosystem;

/**
 * {@code composer} components not owned by an OS package, against {@code Packagist} advisories by
 * {@code vendor/package} (the purl namespace and name; case-insensitive, as Packagist is).
 */
public final class PackagistMatcher extends LanguageMatcher {
  public PackagistMatcher() {
    super("lang/composer", "composer", KnownEcosystem.PACKAGIST);
  }
}
