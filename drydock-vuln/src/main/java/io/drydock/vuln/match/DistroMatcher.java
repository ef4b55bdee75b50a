package io.drydock.vuln.match;

import io.drydock.sbom.Component;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.vuln.KnownEcosystem;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The shared shape of the OS package matchers: packages of one purl type, looked up by their source
 * package name in the ecosystems {@link DistroEcosystems} derives from the image's OS, and only
 * there (never in a language ecosystem).
 */
abstract class DistroMatcher implements Matcher {
  private final String name;
  private final String purlType;
  private final Set<KnownEcosystem> families;

  DistroMatcher(String name, String purlType, Set<KnownEcosystem> families) {
    this.name = name;
    this.purlType = purlType;
    this.families = Set.copyOf(families);
  }

  @Override
  public final String name() {
    return name;
  }

  /** The distribution families whose advisories this matcher reads. */
  final Set<KnownEcosystem> families() {
    return families;
  }

  @Override
  public final boolean handles(Component component, OsInfo os) {
    return purlType.equals(component.pkg().type());
  }

  /** The source package name: {@link Package#sourceName()}, else the binary name. */
  static String sourceName(Package p) {
    return p.sourceName() == null || p.sourceName().isBlank() ? p.name() : p.sourceName();
  }

  /** The version compared with the advisories' ranges, or null when the package has none. */
  abstract String advisoryVersion(Package p);

  @Override
  public final List<Finding> match(
      Component component, OsInfo os, AdvisoryIndex index, List<String> diagnostics)
      throws IOException {
    Package p = component.pkg();
    Optional<DistroRelease> release = DistroEcosystems.of(os);
    if (release.isEmpty() || !families.contains(release.get().family())) {
      diagnostics.add(
          name
              + ": no advisory ecosystem for "
              + purlType
              + " packages on OS "
              + (os == null ? "(none detected)" : os.id() + " " + os.versionId())
              + "; those packages were not matched");
      return List.of();
    }
    String version = advisoryVersion(p);
    String source = sourceName(p);
    if (version == null || version.isBlank()) {
      diagnostics.add(name + ": " + p.name() + " (" + p.location() + ") has no version");
      return List.of();
    }
    DistroRelease r = release.get();
    String adviceName = AdvisoryMatching.adviceName(p);
    AdvisoryMatching.Query q =
        new AdvisoryMatching.Query(r.family(), r::accepts, source, version, adviceName);
    return AdvisoryMatching.match(component, q, index.lookup(r.family(), source), diagnostics);
  }

  @Override
  public final String toString() {
    return name;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public final int hashCode() {
    return Objects.hash(getClass());
  }
}
