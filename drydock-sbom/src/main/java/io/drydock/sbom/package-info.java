/**
 * The package inventory of an image (DESIGN.md §2).
 *
 * <p>The SPI is small: an {@link io.drydock.sbom.Extractor} says from a {@link
 * io.drydock.sbom.FileInfo} (string compares only) whether it wants a file, and turns the file's
 * content ({@link io.drydock.sbom.FileInput}) into an {@link io.drydock.sbom.ExtractResult}:
 * packages, files owned by packages, an OS identity, diagnostics. The engine ({@code
 * io.drydock.sbom.engine}) makes one streaming pass over each layer serving every extractor, caches
 * each layer's results, and merges the layers into an {@link io.drydock.sbom.Sbom} in which every
 * {@link io.drydock.sbom.Component} knows its layer and whether that layer is the base image's.
 * Extractors are listed in {@link io.drydock.sbom.Extractors#all()}; nothing registers itself.
 */
package io.drydock.sbom;
