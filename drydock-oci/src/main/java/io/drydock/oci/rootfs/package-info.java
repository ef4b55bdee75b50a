/**
 * An unpacked root filesystem as a one-layer image ({@code dir:ROOTFS}), with a deterministic tar
 * generated on demand.
 */
package io.drydock.oci.rootfs;
