package io.drydock.vuln.match;

import io.drydock.vuln.KnownEcosystem;

/**
 * {@code maven} components not owned by an OS package, against {@code Maven} advisories by {@code
 * groupId:artifactId}.
 */
public final class MavenMatcher extends LanguageMatcher {
  public MavenMatcher() {
    super("lang/maven", "maven", KnownEcosystem.MAVEN);
  }
}
