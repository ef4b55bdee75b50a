/**
 * Refreshing images when their base image changes.
 *
 * <p>So far: {@link io.drydock.refresh.Rebaser}, which moves an image from the base it was built on
 * to an updated base, registry to registry, as {@code crane rebase} does: the app's own layers are
 * kept byte for byte, the base's layers are swapped, blobs are mounted across repositories where
 * the registry allows it. Base lineage, update detection, rebuild triggers and rollout (DESIGN.md
 * §1) join this module as they are built; it depends only on drydock-oci until they need more.
 */
package io.drydock.refresh;
