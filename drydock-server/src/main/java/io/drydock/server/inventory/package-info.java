/**
 * Inventory and lineage: what runs in the cluster ({@link
 * io.drydock.server.inventory.KubeInventoryPart}, a pod watch folded into {@code workloads}), what
 * registries push ({@link io.drydock.server.inventory.RegistryWebhookPart}, {@code POST
 * /webhooks/registry}), the base lineage of the stored images ({@link
 * io.drydock.server.inventory.LineageGraph}, read-only) and the refresh history ({@link
 * io.drydock.server.inventory.RefreshHistory}, fed by {@code POST /api/v1/refreshes} through {@link
 * io.drydock.server.inventory.RefreshHistoryPart}).
 *
 * <p>Every newly seen digest goes through {@link io.drydock.server.inventory.ImageCatalog}: one
 * {@code images} row, one {@code image_refs} row per reference, and a {@code scan} job (subject
 * {@code registry/repository@sha256:…}, payload {@code {"reference", "source"}}) while the image
 * has no SBOM; the scan itself is the scanning part's.
 *
 * <p>Schema additions of this part: migrations V20–V29 ({@code V20__inventory_refresh_history}).
 */
package io.drydock.server.inventory;
