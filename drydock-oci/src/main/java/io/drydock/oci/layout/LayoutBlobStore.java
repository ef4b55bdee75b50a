package io.drydock.oci.layout;

import io.drydock.oci.Descriptor;
import io.drydock.oci.content.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/** Blobs of an OCI layout ({@code blobs/<alg>/<hex>}); the path comes from a validated digest. */
final class LayoutBlobStore implements BlobStore {
  private final LayoutFiles files;
  private final String describe;

  LayoutBlobStore(LayoutFiles files, String describe) {
    this.files = files;
    this.describe = describe;
  }

  @Override
  public InputStream openBlob(Descriptor descriptor) throws IOException {
    String path = descriptor.digest().blobPath();
    try {
      return files.open(path);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(
          describe + " is missing blob " + descriptor.digest() + " (" + path + ")");
    }
  }

  @Override
  public String describe() {
    return describe;
  }
}
