package io.drydock.refresh.watch;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import java.io.IOException;

/**
 * Resolves a tag to its manifest digest, cheaply. {@link RegistryHeads} does it with a manifest
 * {@code HEAD}; tests substitute their own. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ManifestHeads {
  /**
   * The digest {@code tag} points at now.
   *
   * @throws PollException when the registry as a whole should be left alone for a while (429, 5xx,
   *     unreachable), optionally with how long it asked for
   * @throws IOException any other failure of this one reference (404, denied, bad answer)
   */
  Digest digest(ImageRef tag) throws IOException;
}
