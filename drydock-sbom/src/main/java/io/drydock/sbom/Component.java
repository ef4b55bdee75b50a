package io.drydock.sbom;

/**
 * A package in the merged image with where it came from.
 *
 * @param pkg what the extractor found
 * @param extractor the extractor's name ({@code os/dpkg})
 * @param layer index into {@link Sbom#layers()} of the layer that introduced the package (the
 *     lowest layer from which it stayed present unchanged up to the top), or -1 for SBOM input
 * @param osOwned whether the file it was read from is owned by an OS package (dpkg/apk/rpm file
 *     lists): such packages are matched only against the distro's advisories
 */
public record Component(Package pkg, String extractor, int layer, boolean osOwned) {}
