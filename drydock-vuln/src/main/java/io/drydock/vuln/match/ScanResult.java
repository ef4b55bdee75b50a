package io.drydock.vuln.match;

import io.drydock.sbom.Sbom;
import java.time.Instant;
import java.util.List;

/**
 * A scan: the SBOM it rests on and every finding, suppressed ones included.
 *
 * @param sbom the inventory (its diagnostics say whether it is partial)
 * @param findings ordered by severity (critical first), then package, then id
 * @param database where the advisories came from: e.g. {@code "advisories.db built
 *     2026-11-28T10:00:00Z, 12345 records"}
 * @param databaseBuilt when the advisory database was built or last updated, may be null
 * @param diagnostics matching problems (an unparsable version, an unknown ecosystem), one line each
 */
public record ScanResult(
    Sbom sbom,
    List<Finding> findings,
    String database,
    Instant databaseBuilt,
    List<String> diagnostics) {
  public ScanResult {
    findings = List.copyOf(findings);
    diagnostics = List.copyOf(diagnostics);
  }

  /** Findings that count (not suppressed). */
  public List<Finding> active() {
    return findings.stream().filter(f -> !f.suppressed()).toList();
  }
}
