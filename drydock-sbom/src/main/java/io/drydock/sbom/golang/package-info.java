/**
 * Go executables: the modules and toolchain recorded in the build info the Go linker embeds ({@link
 * io.drydock.sbom.golang.GoBinaryExtractor}, "lang/go"). The ELF reader and the build-info decoder
 * are hand-written (binary formats without a Java library) and bounds-check every offset, size and
 * count they read.
 */
package io.drydock.sbom.golang;
