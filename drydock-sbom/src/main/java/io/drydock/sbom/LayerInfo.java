package io.drydock.sbom;

/**
 * One layer of the analysed image.
 *
 * @param index 0-based position in the manifest (base first)
 * @param diffId {@code sha256:…} of the uncompressed tar
 * @param digest {@code sha256:…} of the stored blob (equal to diffId for uncompressed layers)
 * @param createdBy the matching non-empty history entry's {@code created_by}, or {@code null}
 * @param base whether the layer belongs to the base image (see {@link BaseImage})
 */
public record LayerInfo(int index, String diffId, String digest, String createdBy, boolean base) {}
