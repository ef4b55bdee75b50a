package io.drydock.vuln.match;

import io.drydock.sbom.Component;
import io.drydock.sbom.OsInfo;
import io.drydock.vuln.Ecosystem;
import io.drydock.vuln.KnownEcosystem;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The shared shape of the language matchers: components of one purl type that no OS package owns,
 * looked up by their own name in one OSV ecosystem (entries scoped to a registry, such as {@code
 * Maven:https://maven.google.com}, do not apply: the SBOM does not say where a package came from).
 */
abstract class LanguageMatcher implements Matcher {
  private final String name;
  private final String purlType;
  private final KnownEcosystem ecosystem;
  private final Ecosystem installed;

  LanguageMatcher(String name, String purlType, KnownEcosystem ecosystem) {
    this.name = name;
    this.purlType = purlType;
    this.ecosystem = ecosystem;
    this.installed = Ecosystem.of(ecosystem, "");
  }

  @Override
  public final String name() {
    return name;
  }

  /** The ecosystem this matcher looks packages up in. */
  final KnownEcosystem ecosystem() {
    return ecosystem;
  }

  @Override
  public final boolean handles(Component component, OsInfo os) {
    return !component.osOwned() && purlType.equals(component.pkg().type());
  }

  /** The name advisories use for the package; the package's own name unless overridden. */
  String advisoryName(Component component) {
    return component.pkg().name();
  }

  @Override
  public final List<Finding> match(
      Component component, OsInfo os, AdvisoryIndex index, List<String> diagnostics)
      throws IOException {
    String version = component.pkg().version();
    String pkgName = advisoryName(component);
    if (version == null || version.isBlank()) {
      diagnostics.add(
          name
              + ": "
              + pkgName
              + " ("
              + component.pkg().location()
              + ") has no version; not matched");
      return List.of();
    }
    AdvisoryMatching.Query q =
        new AdvisoryMatching.Query(
            ecosystem, e -> e.matches(installed), pkgName, version, component.pkg().name());
    return AdvisoryMatching.match(component, q, index.lookup(ecosystem, pkgName), diagnostics);
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
