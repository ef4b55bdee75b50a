package io.drydock.oci.layout;

import java.io.IOException;
import java.io.InputStream;

/**
 * The files of an OCI layout, wherever they are (a directory, a tar). Paths are relative and built
 * by Drydock itself ({@code index.json}, {@code oci-layout}, {@link
 * io.drydock.oci.Digest#blobPath()}), never from untrusted strings.
 */
interface LayoutFiles {
  /**
   * Opens a file; {@link java.io.FileNotFoundException} when it is missing. The caller closes the
   * stream.
   */
  InputStream open(String relativePath) throws IOException;

  /** Whether the file exists. */
  boolean exists(String relativePath);
}
