package io.drydock.vuln.match;

import io.drydock.vuln.KnownEcosystem;

/**
 * {@code cran} components not owned by an OS package, against {@code CRAN} advisories by the R
 * package name.
 */
public final class CranMatcher extends LanguageMatcher {
  public CranMatcher() {
    super("lang/cran", "cran", KnownEcosystem.CRAN);
  }
}
