package io.drydock.vuln.match;

import io.drydock.vuln.KnownEcosystem;

/**
 * {@code npm} components not owned by an OS package, against {@code npm} advisories by the package
 * name with its scope ({@code @scope/name}).
 */
public final class NpmMatcher extends LanguageMatcher {
  public NpmMatcher() {
    super("lang/npm", "npm", KnownEcosystem.NPM);
  }
}
