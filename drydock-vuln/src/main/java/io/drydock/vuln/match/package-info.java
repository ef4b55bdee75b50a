/**
 * Matching an SBOM against the advisory store: one {@link io.drydock.vuln.match.Matcher} per
 * ecosystem family (listed in {@link io.drydock.vuln.match.Matchers#all()}), findings merged by
 * alias, suppressions kept with their reason. The result of a scan is a {@link
 * io.drydock.vuln.match.ScanResult}.
 */
package io.drydock.vuln.match;
