/**
 * Scan reports: a {@link io.drydock.vuln.match.ScanResult} written as a terminal table, Drydock's
 * own JSON (schema version 1), SARIF 2.1.0 for code-scanning dashboards, CycloneDX 1.6 with {@code
 * vulnerabilities[]} (DESIGN.md §3) or JUnit XML for CI test views. {@link
 * io.drydock.report.ReportFormat} is the one entry point; {@link io.drydock.report.Summary} gives
 * the counts that the table's last line and the CLI's gate share.
 *
 * <p>Every encoder is deterministic for the same result and {@link io.drydock.report.ReportOptions}
 * (clock and serial numbers are injected), writes UTF-8 ending in a newline, and leaves the stream
 * open. Suppressed findings are never dropped silently: each format either carries them with their
 * reason (JSON, SARIF {@code suppressions}, CycloneDX {@code analysis}, JUnit {@code skipped}) or
 * counts them (table).
 *
 * <p>The module sits on drydock-sbom (the inventory, purls, the CycloneDX SBOM it extends) and
 * drydock-vuln (the scan model); it knows nothing of matching.
 */
package io.drydock.report;
