/**
 * One {@link io.drydock.version.VersionScheme} per ecosystem, each checked against the upstream
 * test vectors in {@code ../shared/conformance/versions}. dpkg, rpm, apk, PEP 440, Go and RubyGems
 * orders are hand-written (no Java 17 library orders them correctly: see research/libraries.md §5);
 * Maven and npm use maven-artifact and semver4j.
 */
package io.drydock.version;
