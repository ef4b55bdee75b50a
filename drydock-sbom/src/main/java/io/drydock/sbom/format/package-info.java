/**
 * SBOM output and input: package URLs ({@link io.drydock.sbom.format.Purls}) and the formats of
 * {@code drydock sbom --format} ({@link io.drydock.sbom.format.SbomFormat}): CycloneDX 1.6 JSON and
 * XML through cyclonedx-core-java ({@link io.drydock.sbom.format.CycloneDx}), SPDX 2.3 JSON and
 * Drydock's own JSON written with Jackson 3 ({@link io.drydock.sbom.format.SpdxJson}, {@link
 * io.drydock.sbom.format.DrydockJson}); and {@link io.drydock.sbom.format.SbomReader}, which reads
 * any of them back — and CycloneDX/SPDX written by Trivy, Syft and cdxgen — for {@code sbom:FILE}
 * targets, bounded against hostile files.
 *
 * <p>Output is deterministic for a given {@link io.drydock.sbom.Sbom} and {@link
 * io.drydock.sbom.format.FormatOptions} (clock and serial injected). Every format uses the same
 * {@code drydock:} property names for a component's provenance (layer, origin, location, extractor,
 * source package, OS ownership), and the reader inverts them.
 */
package io.drydock.sbom.format;
