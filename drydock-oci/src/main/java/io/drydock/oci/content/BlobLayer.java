package io.drydock.oci.content;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.Layer;
import io.drydock.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A layer whose blob lives in a {@link BlobStore}: the one {@link Layer} implementation every
 * stored source (registry, layout, archives) shares, so verification is written once.
 */
public final class BlobLayer implements Layer {
  private final BlobStore store;
  private final Descriptor descriptor;
  private final Digest diffId;
  private final String what;
  private final long maxUncompressed;

  /**
   * @param diffId from the config's {@code rootfs.diff_ids}
   * @param what names the layer in errors, e.g. "layer 2 of oci:/x:latest"
   */
  public BlobLayer(BlobStore store, Descriptor descriptor, Digest diffId, String what) {
    this(store, descriptor, diffId, what, Decompression.DEFAULT_MAX_UNCOMPRESSED);
  }

  public BlobLayer(
      BlobStore store, Descriptor descriptor, Digest diffId, String what, long maxUncompressed) {
    this.store = store;
    this.descriptor = descriptor;
    this.diffId = diffId;
    this.what = what + " (" + descriptor.digest() + ")";
    this.maxUncompressed = maxUncompressed;
  }

  public Descriptor descriptor() {
    return descriptor;
  }

  @Override
  public Digest digest() {
    return descriptor.digest();
  }

  @Override
  public Digest diffId() {
    return diffId;
  }

  @Override
  public long size() {
    return descriptor.size();
  }

  @Override
  public String mediaType() {
    return descriptor.mediaType();
  }

  @Override
  public InputStream openCompressed() throws IOException {
    return new VerifyingInputStream(
        store.openBlob(descriptor), descriptor.digest(), descriptor.size(), what);
  }

  @Override
  public InputStream openUncompressed() throws IOException {
    VerifyingInputStream compressed = (VerifyingInputStream) openCompressed();
    try {
      InputStream tar =
          Decompression.open(
              compressed,
              MediaTypes.layerCompression(descriptor.mediaType()),
              maxUncompressed,
              what);
      // At EOF of the tar: check the diffID, then drain the compressed stream so its own digest
      // and size are verified too (gzip may stop before trailing bytes).
      return new VerifyingInputStream(
          tar,
          diffId,
          -1,
          what + " uncompressed (diffID)",
          () -> compressed.transferTo(OutputStream.nullOutputStream()));
    } catch (IOException | RuntimeException e) {
      compressed.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return what;
  }
}
