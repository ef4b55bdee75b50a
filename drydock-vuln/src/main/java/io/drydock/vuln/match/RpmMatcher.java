package io.drydock.vuln.match;

import io.drydock.sbom.Package;
import io.drydock.vuln.KnownEcosystem;
import java.util.Set;

/**
 * RPM packages against the advisories of the image's distribution (Red Hat, Rocky Linux, AlmaLinux,
 * SUSE, openSUSE; see {@link DistroEcosystems}) by source rpm name, comparing {@code
 * epoch:version-release} (the source rpm's version-release when known, else the package's; no
 * {@code epoch:} prefix when the package has no epoch, which the rpm order reads as 0).
 */
public final class RpmMatcher extends DistroMatcher {
  public RpmMatcher() {
    super(
        "os/rpm",
        "rpm",
        Set.of(
            KnownEcosystem.RED_HAT,
            KnownEcosystem.ROCKY_LINUX,
            KnownEcosystem.ALMALINUX,
            KnownEcosystem.SUSE,
            KnownEcosystem.OPENSUSE));
  }

  @Override
  String advisoryVersion(Package p) {
    String v =
        p.sourceVersion() == null || p.sourceVersion().isBlank() ? p.version() : p.sourceVersion();
    if (v == null) {
      return null;
    }
    return p.epoch() == null ? v : p.epoch() + ":" + v;
  }
}
