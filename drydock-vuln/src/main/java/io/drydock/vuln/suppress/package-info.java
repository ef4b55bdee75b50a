/**
 * Gating inputs for {@code drydock scan}: ignore files ({@link
 * io.drydock.vuln.suppress.IgnoreFile}, Trivy's {@code .trivyignore.yaml} and {@code .trivyignore}
 * shapes), VEX documents ({@link io.drydock.vuln.suppress.VexDocuments}, OpenVEX and CycloneDX),
 * and the {@link io.drydock.vuln.suppress.Gate} that attaches their suppressions to findings and
 * decides the exit code from {@code --severity}, {@code --ignore-unfixed} and {@code --exit-code}.
 *
 * <p>Both file kinds are untrusted input: reads are bounded (16 MiB), YAML is tokenised without
 * aliases or object construction, and every problem is a one-line {@link
 * io.drydock.vuln.suppress.GateFileException} or a warning line. Package matching is by purl
 * ({@link io.drydock.vuln.suppress.PurlPatterns}, the rule Trivy and Grype share) and path glob.
 */
package io.drydock.vuln.suppress;
