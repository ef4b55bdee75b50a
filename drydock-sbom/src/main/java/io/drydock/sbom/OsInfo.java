package io.drydock.sbom;

/**
 * The operating system of an image.
 *
 * @param id lower-case distro id as in os-release {@code ID} ({@code debian}, {@code alpine},
 *     {@code rhel}, {@code rocky}, {@code almalinux}, {@code ubuntu}, {@code sles}, {@code
 *     opensuse-leap}, {@code amzn}, {@code fedora}, {@code wolfi}, {@code chainguard}...)
 * @param versionId os-release {@code VERSION_ID} ({@code 12}, {@code 3.19.1}, {@code 22.04}); may
 *     be {@code null} (Debian testing/sid, distroless without os-release)
 * @param prettyName os-release {@code PRETTY_NAME}, may be {@code null}
 * @param codename {@code VERSION_CODENAME}, may be {@code null}
 * @param source the image-relative path it was read from, or {@code "inferred"} with the evidence
 */
public record OsInfo(
    String id, String versionId, String prettyName, String codename, String source) {}
