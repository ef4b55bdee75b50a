package io.drydock.vuln.match;

import io.drydock.vuln.KnownEcosystem;

/**
 * {@code golang} components not owned by an OS package, against {@code Go} advisories by the module
 * path; the toolchain's {@code stdlib} component is OSV's {@code stdlib} package (versions with or
 * without {@code v}).
 */
public final class GoMatcher extends LanguageMatcher {
  public GoMatcher() {
    super("lang/go", "golang", KnownEcosystem.GO);
  }
}
