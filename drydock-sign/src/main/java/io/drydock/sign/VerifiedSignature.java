package io.drydock.sign;

import io.drydock.oci.Digest;

/**
 * One signature that verified: valid under the key, over a payload naming the image's digest.
 *
 * @param layer the digest of the payload blob in the {@code .sig} manifest
 * @param dockerReference the payload's {@code critical.identity.docker-reference} (informational:
 *     cosign does not check it, nor does Drydock)
 * @param imageDigest the payload's {@code docker-manifest-digest}, equal to the resolved digest
 * @param payload the signed payload, as signed (UTF-8 JSON)
 */
public record VerifiedSignature(
    Digest layer, String dockerReference, Digest imageDigest, String payload) {}
