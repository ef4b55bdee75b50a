/**
 * Tar handling for untrusted layers and archives: {@link io.drydock.oci.tar.LayerTarReader}
 * (streaming, normalised paths, whiteouts, diagnostics instead of aborts), {@link
 * io.drydock.oci.tar.TarIndex} (random access into an uncompressed tar file without extracting it)
 * and {@link io.drydock.oci.tar.TarPaths} (path normalisation and root-confined symlink resolution,
 * for extractors). Parsing itself is commons-compress's.
 */
package io.drydock.oci.tar;
