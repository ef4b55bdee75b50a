package io.drydock.vuln.match;

import io.drydock.vuln.KnownEcosystem;

/**
 * {@code gem} components not owned by an OS package, against {@code RubyGems} advisories by the gem
 * name.
 */
public final class RubyGemsMatcher extends LanguageMatcher {
  public RubyGemsMatcher() {
    super("lang/gem", "gem", KnownEcosystem.RUBYGEMS);
  }
}
