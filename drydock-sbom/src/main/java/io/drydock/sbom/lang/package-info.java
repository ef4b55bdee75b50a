/**
 * Extractors for language ecosystems' installed packages: Java archives ({@code lang/java}, purl
 * type {@code maven}), npm {@code node_modules} ({@code lang/npm}) and Python distributions ({@code
 * lang/python}, purl type {@code pypi}). Each is stateless and listed in {@link
 * io.drydock.sbom.Extractors#all()}.
 */
package io.drydock.sbom.lang;
