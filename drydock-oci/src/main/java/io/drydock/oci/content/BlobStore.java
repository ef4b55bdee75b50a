package io.drydock.oci.content;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Json;
import io.drydock.oci.OciFormatException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where a source's blobs and child manifests live. Implementations open raw content; callers get
 * verification from the default methods or from {@link VerifyingInputStream}.
 */
public interface BlobStore {
  /**
   * Opens the stored bytes of a blob, unverified. The caller closes the stream. Throws {@link
   * java.io.FileNotFoundException} or a source-specific {@link IOException} naming the digest when
   * the blob is missing.
   */
  InputStream openBlob(Descriptor descriptor) throws IOException;

  /** Names this store in messages ("OCI layout /x", "registry 127.0.0.1:5000/app"). */
  String describe();

  /**
   * Reads a small blob (manifest, config) fully, verifying size and digest. Refuses documents over
   * {@link Json#MAX_DOCUMENT_BYTES}.
   */
  default byte[] readVerified(Descriptor d, String what) throws IOException {
    if (d.size() > Json.MAX_DOCUMENT_BYTES) {
      throw new OciFormatException(
          what + " is " + d.size() + " bytes, over the limit of " + Json.MAX_DOCUMENT_BYTES);
    }
    try (InputStream in =
        new VerifyingInputStream(openBlob(d), d.digest(), d.size(), what + " " + d.digest())) {
      return in.readAllBytes();
    }
  }

  /** Reads a child manifest named in an index; registries override this (manifests endpoint). */
  default byte[] readManifest(Descriptor d, String what) throws IOException {
    return readVerified(d, what);
  }
}
