package io.drydock.vuln;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One {@code affected[]} entry: the package, its package-level {@code severity} (empty when the
 * record scores at the top level), the ranges, the explicit {@code versions} (as written), and the
 * ecosystem- and database-specific objects (empty objects when absent; copies are returned).
 * Immutable and thread-safe.
 */
public record Affected(
    AffectedPackage pkg,
    List<SeverityEntry> severity,
    List<Range> ranges,
    List<String> versions,
    JsonNode ecosystemSpecific,
    JsonNode databaseSpecific) {
  public Affected {
    Objects.requireNonNull(pkg, "pkg");
    severity = List.copyOf(severity);
    ranges = List.copyOf(ranges);
    versions = List.copyOf(versions);
    ecosystemSpecific = Trees.frozen(ecosystemSpecific);
    databaseSpecific = Trees.frozen(databaseSpecific);
  }

  /** An entry with ranges and versions only. */
  public static Affected of(AffectedPackage pkg, List<Range> ranges, List<String> versions) {
    return new Affected(pkg, List.of(), ranges, versions, null, null);
  }

  @Override
  public JsonNode ecosystemSpecific() {
    return ecosystemSpecific.deepCopy();
  }

  @Override
  public JsonNode databaseSpecific() {
    return databaseSpecific.deepCopy();
  }

  /**
   * Whether this entry names the package {@code name} of {@code ecosystem} (an installed package's
   * identity): the ecosystems {@link Ecosystem#matches match} and the names are equal after {@link
   * Ecosystem#normalizeName normalisation}. An unknown ecosystem never applies.
   */
  public boolean appliesTo(Ecosystem ecosystem, String name) {
    Ecosystem own = pkg.ecosystemId();
    return own.matches(ecosystem)
        && own.normalizeName(pkg.name()).equals(ecosystem.normalizeName(name));
  }

  /**
   * Whether {@code version} of this entry's package is affected, by OSV's evaluation algorithm
   * ({@link AffectedVersions#evaluate}). Does not look at the package name or withdrawal.
   */
  public AffectedResult affects(String version) {
    return AffectedVersions.evaluate(this, version);
  }
}
