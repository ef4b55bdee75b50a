package io.drydock.vuln.match;

import io.drydock.vuln.KnownEcosystem;

/**
 * {@code nuget} components not owned by an OS package, against {@code NuGet} advisories by the
 * package id (case-insensitive, as NuGet is).
 */
public final class NuGetMatcher extends LanguageMatcher {
  public NuGetMatcher() {
    super("lang/nuget", "nuget", KnownEcosystem.NUGET);
  }
}
