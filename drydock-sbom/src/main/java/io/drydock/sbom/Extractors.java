package io.drydock.sbom;

import io.drydock.sbom.golang.GoBinaryExtractor;
import io.drydock.sbom.lang.JavaArchiveExtractor;
import io.drydock.sbom.lang.NpmExtractor;
import io.drydock.sbom.lang.PythonExtractor;
import io.drydock.sbom.os.ApkExtractor;
import io.drydock.sbom.os.DpkgExtractor;
import io.drydock.sbom.os.OsReleaseExtractor;
import io.drydock.sbom.rpm.RpmExtractor;
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
        new OsReleaseExtractor(),
        new DpkgExtractor(),
        new ApkExtractor(),
        new RpmExtractor(),
        new JavaArchiveExtractor(),
        new NpmExtractor(),
        new PythonExtractor(),
        new GoBinaryExtractor());
  }

  /**
   * The image's OS from the OS-identity files that survived the layer merge (image-relative path →
   * identity, see {@link OsReleaseExtractor#choose}); without any, inferred from dpkg packages
   * (distroless), else {@code null}.
   */
  public static OsInfo chooseOs(Map<String, OsInfo> found, List<Component> components) {
    OsInfo os = found.isEmpty() ? null : OsReleaseExtractor.choose(found);
    if (os != null) {
      return os;
    }
    return OsReleaseExtractor.infer(
        components.stream()
            .filter(c -> c.extractor().equals("os/dpkg"))
            .map(Component::pkg)
            .toList());
  }
}
