package io.drydock.oci.content;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.DigestMismatchException;
import io.drydock.oci.Layer;
import io.drydock.oci.MediaTypes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

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
      return new DiffIdStream(tar, compressed, diffId, what);
    } catch (IOException | RuntimeException e) {
      compressed.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return what;
  }

  /**
   * Verifies the diffID of the uncompressed bytes at EOF, then drains the compressed stream so its
   * own digest and size are verified too (gzip may stop before trailing bytes).
   */
  private static final class DiffIdStream extends FilterInputStream {
    private final InputStream compressed;
    private final Digest diffId;
    private final String what;
    private final MessageDigest md;
    private boolean done;

    DiffIdStream(InputStream tar, InputStream compressed, Digest diffId, String what) {
      super(tar);
      this.compressed = compressed;
      this.diffId = diffId;
      this.what = what;
      this.md = diffId.newMessageDigest();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = super.read(b, off, len);
      if (n < 0) {
        finish();
        return -1;
      }
      md.update(b, off, n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 65536)];
      long skipped = 0;
      while (skipped < n) {
        int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void finish() throws IOException {
      if (done) {
        return;
      }
      done = true;
      Digest actual = Digest.of(diffId.algorithm(), md.digest());
      if (!actual.equals(diffId)) {
        throw new DigestMismatchException(
            diffId, what + " uncompressed has diffID " + actual + ", expected " + diffId);
      }
      compressed.transferTo(OutputStreamSink.INSTANCE);
    }
  }

  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
