/**
 * The Kubernetes admission webhook: {@code AdmissionReview} ({@code admission.k8s.io/v1}) in, a
 * decision per image out (tag resolved to a digest, cosign signature and scan attestation verified,
 * the policy evaluated), digest pinning by JSONPatch, caches, a decision deadline with a failure
 * mode, and the HTTPS server that serves it.
 */
package io.drydock.admission;
