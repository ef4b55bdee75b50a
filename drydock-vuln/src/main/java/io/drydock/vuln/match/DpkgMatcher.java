package io.drydock.vuln.match;

import io.drydock.sbom.Package;
import io.drydock.vuln.KnownEcosystem;
import java.util.Set;

/**
 * Debian and Ubuntu packages ({@code deb}) against {@code Debian:<major>} / {@code
 * Ubuntu:<release>[:LTS]} advisories by SOURCE package name. Debian's and Ubuntu's records give
 * source package versions, so the source version ({@code Source: name (version)}) is compared when
 * the package names one, else the binary's version (the same for most packages; binNMUs differ only
 * by a {@code +bN} suffix).
 */
public final class DpkgMatcher extends DistroMatcher {
  public DpkgMatcher() {
    super("os/dpkg", "deb", Set.of(KnownEcosystem.DEBIAN, KnownEcosystem.UBUNTU));
  }

  @Override
  String advisoryVersion(Package p) {
    return p.sourceVersion() == null || p.sourceVersion().isBlank()
        ? p.version()
        : p.sourceVersion();
  }
}
