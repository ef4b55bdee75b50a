package io.drydock.sign;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;

/**
 * What {@link Cosign#sign} or {@link Cosign#attest} pushed.
 *
 * @param image the image, by the digest that was signed
 * @param artifact the tag the signature or attestation manifest is stored under
 * @param manifest the digest of that manifest after the push
 * @param count how many signatures (or attestations) the manifest now holds
 */
public record Pushed(ImageRef image, ImageRef artifact, Digest manifest, int count) {}
