package io.drydock.sign;

import java.time.Instant;
import java.util.Objects;

/**
 * A finished vulnerability scan to attest with cosign's vulnerability predicate ({@value
 * Cosign#VULN_PREDICATE}).
 *
 * @param report the scan report, a JSON document (Drydock's JSON report); becomes {@code
 *     scanner.result}
 * @param scannerUri {@code scanner.uri}, e.g. {@code https://github.com/drydock/drydock}
 * @param scannerVersion {@code scanner.version}
 * @param dbUri {@code scanner.db.uri} (may be empty)
 * @param dbVersion {@code scanner.db.version}, e.g. the database build time (may be empty)
 * @param startedOn {@code metadata.scanStartedOn}
 * @param finishedOn {@code metadata.scanFinishedOn}; attestation age is measured from it
 */
public record VulnScan(
    byte[] report,
    String scannerUri,
    String scannerVersion,
    String dbUri,
    String dbVersion,
    Instant startedOn,
    Instant finishedOn) {
  public VulnScan {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(startedOn, "startedOn");
    Objects.requireNonNull(finishedOn, "finishedOn");
    scannerUri = Objects.requireNonNullElse(scannerUri, "");
    scannerVersion = Objects.requireNonNullElse(scannerVersion, "");
    dbUri = Objects.requireNonNullElse(dbUri, "");
    dbVersion = Objects.requireNonNullElse(dbVersion, "");
  }
}
