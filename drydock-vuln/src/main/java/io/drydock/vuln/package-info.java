/**
 * Vulnerability data in the OSV schema (1.6): the immutable {@link io.drydock.vuln.Advisory} model
 * read by {@link io.drydock.vuln.OsvParser} from untrusted bytes; {@link io.drydock.vuln.Ecosystem}
 * identities (distribution and release, language ecosystem) with their version order and package
 * name normalisation; OSV's evaluation algorithm in {@link io.drydock.vuln.AffectedVersions}, which
 * reports what it cannot parse instead of guessing; and {@link io.drydock.vuln.Severities} from
 * CVSS vectors (cvss-calculator) or database-specific ratings.
 *
 * <p>The advisory store, import/update and the per-ecosystem {@code Matcher}s (DESIGN.md §1) will
 * live here too; they need drydock-sbom's {@code Package}, which this module does not depend on
 * yet.
 */
package io.drydock.vuln;
