package io.drydock.oci.registry;

import io.drydock.oci.Image;
import io.drydock.oci.ImageRef;
import io.drydock.oci.ImageSource;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import io.drydock.oci.content.StoredImage;
import java.io.IOException;

/**
 * An image in a registry ({@code docker://host/repo:tag}, {@code host/repo@sha256:…}). The root
 * manifest or index is fetched once, on first use; layers stream from the registry on demand.
 * Thread-safe. Closing does not close the shared {@link RegistryClient}.
 */
public final class RegistryImageSource implements ImageSource {
  private final ImageRef ref;
  private final RegistryClient client;
  private final RegistryBlobStore store;
  private volatile RawDocument root;

  private RegistryImageSource(ImageRef ref, RegistryClient client) {
    this.ref = ref;
    this.client = client;
    this.store = new RegistryBlobStore(client, ref);
  }

  /** A source for {@code ref}; does no I/O until {@link #root()} or {@link #image}. */
  public static RegistryImageSource open(ImageRef ref, RegistryClient client) {
    return new RegistryImageSource(ref, client);
  }

  @Override
  public String describe() {
    return ref.toString();
  }

  public ImageRef ref() {
    return ref;
  }

  @Override
  public RawDocument root() throws IOException {
    RawDocument r = root;
    if (r == null) {
      synchronized (this) {
        if (root == null) {
          root = client.getManifest(ref);
        }
        r = root;
      }
    }
    return r;
  }

  @Override
  public Image image(Platform platform) throws IOException {
    return StoredImage.resolve(store, root(), platform, ref.toString());
  }
}
