/**
 * One {@link io.drydock.version.VersionScheme} per ecosystem, each checked against the upstream
 * test vectors in {@code ../shared/conformance/versions}. dpkg, rpm, apk, PEP 440, Go, RubyGems,
 * npm, NuGet, Packagist (composer), Pub, Hackage and CRAN orders are hand-written (no Java 17
 * library orders them correctly: see research/libraries.md §5; semver4j 6 fails node-semver's own
 * vectors, see NpmVersionScheme); Maven uses maven-artifact's ComparableVersion.
 */
package io.drydock.version;
