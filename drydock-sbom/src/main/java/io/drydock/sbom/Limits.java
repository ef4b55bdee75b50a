package io.drydock.sbom;

/**
 * Bounds that keep hostile images from exhausting disk, memory or time. All sizes in bytes.
 *
 * @param maxSpoolBytes largest file copied to disk for random access (jars, rpm databases,
 *     binaries)
 * @param maxMetadataBytes largest metadata file read into memory (dpkg status, package.json,
 *     METADATA)
 * @param maxNestingDepth deepest archive-in-archive recursion (a jar in a jar is depth 2)
 * @param maxArchiveEntries most entries read from one archive, nested ones included
 * @param maxDecompressedBytes most bytes decompressed from one top-level archive, nested ones
 *     included
 */
public record Limits(
    long maxSpoolBytes,
    long maxMetadataBytes,
    int maxNestingDepth,
    int maxArchiveEntries,
    long maxDecompressedBytes) {

  /** 1 GiB spool, 64 MiB metadata, depth 4, 200k entries, 4 GiB decompressed per archive. */
  public static Limits defaults() {
    return new Limits(1L << 30, 64L << 20, 4, 200_000, 4L << 30);
  }
}
