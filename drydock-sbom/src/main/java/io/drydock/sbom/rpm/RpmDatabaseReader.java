package io.drydock.sbom.rpm;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the header blobs of one rpm database format. Implementations are stateless and thread-safe;
 * they open and close the file themselves and never write next to it.
 */
interface RpmDatabaseReader {
  /**
   * Passes every package header blob in {@code file} to {@code sink}, in database order.
   *
   * @param maxBlobBytes larger blobs are skipped with a problem instead of being read
   * @throws IOException when the file cannot be read as this format at all (a one-line message
   *     without the file name; the caller adds it)
   */
  void read(Path file, int maxBlobBytes, RpmBlobSink sink) throws IOException;
}
