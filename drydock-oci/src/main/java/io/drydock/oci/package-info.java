/**
 * Drydock's OCI model: validated {@link io.drydock.oci.Digest}s, Docker-grammar {@link
 * io.drydock.oci.ImageRef}s, the {@link io.drydock.oci.Target} transport syntax, manifests, indexes
 * and configs parsed from their exact bytes ({@link io.drydock.oci.RawDocument} keeps them, so
 * digests never change), and the {@link io.drydock.oci.Image}/{@link io.drydock.oci.Layer} roles
 * every source implements. {@link io.drydock.oci.ImageSources} is the one place a target becomes a
 * source.
 *
 * <p>Sources live in sub-packages, one per transport ({@code registry}, {@code layout}, {@code
 * archive}, {@code rootfs}); {@code content} holds what they share (verified and bounded streams,
 * the blob-store image); {@code tar} reads layer tars safely. The registry client stays in this
 * module, as DESIGN.md §1 says: it is only used through these types, and a separate module would
 * add a Maven artifact without adding a boundary anybody needs yet.
 */
package io.drydock.oci;
