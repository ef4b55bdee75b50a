/**
 * cosign-compatible, key-based image signatures and scan attestations.
 *
 * <p>Signatures are cosign's "simple signing" payloads signed with ECDSA P-256 / SHA-256 and stored
 * as cosign stores them: an OCI manifest tagged {@code sha256-<hex>.sig} in the image's repository,
 * one layer per signature. Attestations are in-toto statements in DSSE envelopes under {@code
 * sha256-<hex>.att}. Either can instead be an OCI 1.1 referrer of the image ({@link
 * ReferrersMode#OCI_1_1}); verification reads the tags and the referrers, and also cosign 3's
 * default format ({@link SigstoreBundle}: Sigstore bundles as referrers, verified with the key;
 * keyless bundles are not verified). Keys are read and written in cosign's formats ({@code
 * cosign.pub}: PEM SPKI; {@code cosign.key}: scrypt + NaCl secretbox, also plain PKCS#8 and SEC1
 * PEM). Only the JDK signs and verifies; BouncyCastle supplies scrypt and XSalsa20-Poly1305.
 */
package io.drydock.sign;
