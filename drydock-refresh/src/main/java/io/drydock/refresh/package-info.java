/**
 * Refresh: keeps deployed images on top of their bases. When a base image is updated, find the
 * images built on it, rebase or rebuild them, rescan, sign and roll them out.
 *
 * <ul>
 *   <li>{@link io.drydock.refresh.Rebaser} moves an image from the base it was built on to an
 *       updated base, registry to registry, as {@code crane rebase} does: the app's own layers are
 *       kept byte for byte, the base's layers are swapped, blobs are mounted across repositories
 *       where the registry allows it.
 *   <li>{@link io.drydock.refresh.watch} detects the updates: tag polling and registry push
 *       webhooks (CNCF distribution, ACR, Harbor), authenticated.
 *   <li>{@link io.drydock.refresh.loop} is the loop: config, state, validation, rollout, reports.
 * </ul>
 */
package io.drydock.refresh;
