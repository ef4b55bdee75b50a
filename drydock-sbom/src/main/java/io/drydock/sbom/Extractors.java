package io.drydock.sbom;

import io.drydock.sbom.golang.GoBinaryExtractor;
import io.drydock.sbom.lang.JavaArchiveExtractor;
import io.drydock.sbom.lang.NpmExtractor;
import io.drydock.sbom.lang.PythonExtractor;
import io.drydock.sbom.rpm.RpmExtractor;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The explicit catalogue of extractors (nothing registers itself; a test checks it is complete).
 */
public final class Extractors {
  private Extractors() {}

  /** Every extractor Drydock has, in a fixed order. */
  public static List<Extractor> all() {
    return List.of(
        new RpmExtractor(),
        new JavaArchiveExtractor(),
        new NpmExtractor(),
        new PythonExtractor(),
        new GoBinaryExtractor());
  }

  /**
   * The image's OS from the OS-identity files that survived the layer merge (image-relative path →
   * identity), or {@code null} when there are none.
   */
  public static OsInfo chooseOs(Map<String, OsInfo> found, List<Component> components) {
    return found.entrySet().stream()
        .min(Comparator.comparing(Map.Entry::getKey))
        .map(Map.Entry::getValue)
        .orElse(null);
  }
}
