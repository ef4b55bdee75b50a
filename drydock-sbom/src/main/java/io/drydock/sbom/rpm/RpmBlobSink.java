package io.drydock.sbom.rpm;

/**
 * Receives what a database reader finds: header blobs, and problems that lose one record but not
 * the rest of the database. Called on the reading thread only.
 */
interface RpmBlobSink {
  /**
   * @param record names the record in messages ({@code "header 12"}, {@code "slot 7"})
   * @param blob the header blob, owned by the sink from now on
   */
  void blob(String record, byte[] blob);

  /** A one-line description of a record that was skipped. */
  void problem(String message);
}
