package io.drydock.sbom;

import io.drydock.sbom.lang.JavaArchiveExtractor;
import io.drydock.sbom.lang.NpmExtractor;
import io.drydock.sbom.lang.PythonExtractor;
import java.util.List;

/**
 * The explicit catalogue of extractors (nothing registers itself; a test checks it is complete).
 */
public final class Extractors {
  private Extractors() {}

  /** Every extractor Drydock has, in a fixed order. */
  public static List<Extractor> all() {
    return List.of(new JavaArchiveExtractor(), new NpmExtractor(), new PythonExtractor());
  }
}
