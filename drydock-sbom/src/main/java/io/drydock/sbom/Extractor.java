package io.drydock.sbom;

import java.io.IOException;

/**
 * Finds packages in files. Implementations are stateless and thread-safe (the engine may analyse
 * layers in parallel) and listed in {@link Extractors#all()}.
 *
 * <p>An {@link IOException} or runtime exception from {@link #extract} becomes a diagnostic naming
 * the file, layer and extractor; it never aborts the scan. Problems that still leave a result go
 * into {@link ExtractResult#diagnostics()}.
 */
public interface Extractor {
  /** Stable, path-like: {@code "os/dpkg"}, {@code "lang/java"}. */
  String name();

  /** Bump when the output for the same input changes; part of the layer-cache key. */
  int version();

  /** Whether this extractor wants the file. Called for every file: string compares only. */
  boolean required(FileInfo file);

  ExtractResult extract(FileInput in, ExtractContext ctx) throws IOException;
}
