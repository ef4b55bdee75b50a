package io.drydock.oci;

import java.io.IOException;
import java.io.InputStream;

/**
 * One layer of an image. Metadata is in hand; only the {@code open*} methods do I/O.
 *
 * <p>Streams are owned by the caller, who must close them. Every stream verifies what it promises
 * when the content has been read to the end and throws {@link DigestMismatchException} naming the
 * layer otherwise. Implementations are thread-safe; each {@code open*} call returns an independent
 * stream.
 */
public interface Layer {
  /** The digest of the blob as stored (compressed). */
  Digest digest();

  /** The digest of the uncompressed tar ({@code rootfs.diff_ids}). */
  Digest diffId();

  /** The stored (compressed) size in bytes. */
  long size();

  /** The descriptor's media type; may be {@code null} for sources that have none. */
  String mediaType();

  /** The stored bytes; verifies {@link #digest()} and {@link #size()} at EOF. */
  InputStream openCompressed() throws IOException;

  /**
   * The uncompressed tar; verifies {@link #digest()} and {@link #size()} of the stored blob, and
   * {@link #diffId()} of the tar, at EOF. Memory use is bounded (a fixed decompression buffer)
   * whatever the layer's size.
   */
  InputStream openUncompressed() throws IOException;
}
