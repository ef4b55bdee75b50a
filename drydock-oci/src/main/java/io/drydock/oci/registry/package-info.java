/**
 * The OCI distribution API client: {@link io.drydock.oci.registry.RegistryClient} (one per CLI run,
 * thread-safe) configured by {@link io.drydock.oci.registry.RegistryOptions}, credentials from
 * flags, environment and docker/podman auth files ({@link
 * io.drydock.oci.registry.CredentialResolver}), and the registry as an image source ({@link
 * io.drydock.oci.registry.RegistryImageSource}, {@link io.drydock.oci.registry.RegistryBlobStore}).
 *
 * <p>Hand-written on {@code java.net.http} and Jackson (research/libraries.md §1): the libraries
 * re-serialise manifests (digests change) or fail strict token flows. What is verified where:
 * manifests by digest here, blobs by {@link io.drydock.oci.content.VerifyingInputStream} ({@link
 * io.drydock.oci.registry.RegistryClient#openBlob}) or by the shared {@link
 * io.drydock.oci.content.BlobLayer} (image sources).
 */
package io.drydock.oci.registry;
