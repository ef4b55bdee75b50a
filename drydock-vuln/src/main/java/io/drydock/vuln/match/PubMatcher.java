package io.drydock.vuln.match;

import io.drydock.vuln.KnownEcosystem;

/**
 * {@code pub} components not owned by an OS package, against {@code Pub} advisories by the Dart
 * package name.
 */
public final class PubMatcher extends LanguageMatcher {
  public PubMatcher() {
    super("lang/pub", "pub", KnownEcosystem.PUB);
  }
}
