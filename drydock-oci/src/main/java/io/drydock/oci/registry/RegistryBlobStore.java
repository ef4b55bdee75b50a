package io.drydock.oci.registry;

import io.drydock.oci.Descriptor;
import io.drydock.oci.DigestMismatchException;
import io.drydock.oci.ImageRef;
import io.drydock.oci.RawDocument;
import io.drydock.oci.content.BlobStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * The blobs and child manifests of one registry repository, for {@link
 * io.drydock.oci.content.StoredImage}: blobs through {@link RegistryClient#openBlob}, manifests
 * through the manifests endpoint (registries do not serve manifests as blobs). Thread-safe.
 */
public final class RegistryBlobStore implements BlobStore {
  private final RegistryClient client;
  private final ImageRef repo;

  public RegistryBlobStore(RegistryClient client, ImageRef repo) {
    this.client = client;
    this.repo = repo.inRepository(repo.repository());
  }

  /** Raw stream (callers verify, as {@link BlobStore} says); read errors name the blob. */
  @Override
  public InputStream openBlob(Descriptor descriptor) throws IOException {
    return client.openBlobUnverified(repo, descriptor);
  }

  @Override
  public String describe() {
    return "registry " + repo.name();
  }

  /** Fetches the manifest by digest (verified) and checks its size against the descriptor. */
  @Override
  public byte[] readManifest(Descriptor d, String what) throws IOException {
    RawDocument doc = client.getManifest(repo.withDigest(d.digest()));
    if (doc.bytes().length != d.size()) {
      throw new DigestMismatchException(
          d.digest(),
          what
              + " "
              + d.digest()
              + " is "
              + doc.bytes().length
              + " bytes, the index says "
              + d.size());
    }
    return doc.bytes();
  }
}
