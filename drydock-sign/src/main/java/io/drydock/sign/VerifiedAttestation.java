package io.drydock.sign;

import io.drydock.oci.Digest;
import java.time.Duration;
import java.time.Instant;

/**
 * One attestation that verified: DSSE signature valid under the key, in-toto subject naming the
 * image's digest, requested predicate type, and not older than the maximum age.
 *
 * @param layer the digest of the envelope blob in the {@code .att} manifest
 * @param predicateType the statement's {@code predicateType}
 * @param statement the signed in-toto statement (UTF-8 JSON), as signed
 * @param finishedOn the predicate's {@code metadata.scanFinishedOn}; {@code null} when absent
 * @param age time from {@code finishedOn} to verification; {@code null} when {@code finishedOn} is
 */
public record VerifiedAttestation(
    Digest layer, String predicateType, String statement, Instant finishedOn, Duration age) {}
