package io.drydock.sbom;

import java.util.List;

/**
 * The explicit catalogue of extractors (nothing registers itself; a test checks it is complete).
 */
public final class Extractors {
  private Extractors() {}

  /** Every extractor Drydock has, in a fixed order. */
  public static List<Extractor> all() {
    return List.of(
        new io.drydock.sbom.os.OsReleaseExtractor(),
        new io.drydock.sbom.os.DpkgExtractor(),
        new io.drydock.sbom.os.ApkExtractor());
  }
}
