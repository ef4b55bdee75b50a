/**
 * Optional exploitability enrichments, so reports and policies can rank findings by more than CVSS:
 * FIRST's EPSS scores ({@link io.drydock.vuln.enrich.EpssScores}) and CISA's Known Exploited
 * Vulnerabilities catalogue ({@link io.drydock.vuln.enrich.KevCatalog}), read from files (plain or
 * gzip, bounded). Fetching them from a URL belongs with the advisory updates.
 */
package io.drydock.vuln.enrich;
