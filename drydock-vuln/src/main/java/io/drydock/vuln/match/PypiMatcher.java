package io.drydock.vuln.match;

import io.drydock.vuln.KnownEcosystem;

/**
 * {@code pypi} components not owned by an OS package, against {@code PyPI} advisories by the
 * project name, compared after PEP 503 normalisation.
 */
public final class PypiMatcher extends LanguageMatcher {
  public PypiMatcher() {
    super("lang/pypi", "pypi", KnownEcosystem.PYPI);
  }
}
