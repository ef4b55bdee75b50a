/**
 * Operating-system extractors: the distro identity ({@link io.drydock.sbom.os.OsReleaseExtractor})
 * and the OS package databases ({@link io.drydock.sbom.os.DpkgExtractor}, {@link
 * io.drydock.sbom.os.ApkExtractor}).
 *
 * <p>The package databases are hand-parsed: they are small line formats (RFC 822-like stanzas) with
 * no maintained Java library, and scanning them as bytes in one pass keeps multi-megabyte status
 * files cheap and bounded.
 */
package io.drydock.sbom.os;
