package io.drydock.vuln.match;

import io.drydock.sbom.Package;
import io.drydock.vuln.KnownEcosystem;
import java.util.Set;

/**
 * Alpine, Wolfi and Chainguard packages ({@code apk}) against {@code Alpine:v<major.minor>}, {@code
 * Wolfi} or {@code Chainguard} advisories by origin (the source package, {@link
 * Package#sourceName()}), comparing the installed version (subpackages carry their origin's
 * version).
 */
public final class ApkMatcher extends DistroMatcher {
  public ApkMatcher() {
    super(
        "os/apk",
        "apk",
        Set.of(KnownEcosystem.ALPINE, KnownEcosystem.WOLFI, KnownEcosystem.CHAINGUARD));
  }

  @Override
  String advisoryVersion(Package p) {
    return p.version();
  }
}
