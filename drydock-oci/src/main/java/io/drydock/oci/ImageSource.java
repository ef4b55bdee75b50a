package io.drydock.oci;

import java.io.Closeable;
import java.io.IOException;

/**
 * An opened image target (registry reference, OCI layout, archive, rootfs). {@link #root()} gives
 * the top-level document, {@link #image(Platform)} resolves an index to one image. Closing releases
 * files and connections; images obtained from a closed source may no longer stream layers.
 */
public interface ImageSource extends Closeable {
  /** The target as the user wrote it (normalised), for messages: {@code oci:/x:latest}. */
  String describe();

  /** The top-level manifest or index, as stored. */
  RawDocument root() throws IOException;

  /**
   * The image for {@code platform}: the root manifest itself (its config's platform is not checked
   * against {@code platform} — a single-platform image is what the user asked for), or the matching
   * entry of the root index. Throws {@link OciFormatException} listing the available platforms when
   * none matches.
   */
  Image image(Platform platform) throws IOException;

  @Override
  default void close() throws IOException {}
}
