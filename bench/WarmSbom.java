import io.drydock.oci.ImageSource;
import io.drydock.oci.ImageSources;
import io.drydock.oci.Platform;
import io.drydock.oci.Target;
import io.drydock.sbom.Extractors;
import io.drydock.sbom.Limits;
import io.drydock.sbom.engine.BaseAttribution.BaseLookup;
import io.drydock.sbom.engine.SbomEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Cold and warm SBOM of one image inside one JVM (the server's situation: no JVM start-up), after
 * two warm-up rounds. Prints the median of RUNS of each.
 *
 * <pre>java -cp drydock-cli/target/drydock.jar bench/WarmSbom.java TARGET CACHE_DIR RUNS</pre>
 */
public class WarmSbom {
  public static void main(String[] args) throws Exception {
    Target target = Target.parse(args[0]);
    Path cache = Path.of(args[1]);
    int runs = Integer.parseInt(args[2]);
    List<Double> cold = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    for (int i = 0; i < runs + 2; i++) {
      Path dir = cache.resolve("run-" + i);
      double c = once(target, dir);
      double w = once(target, dir);
      if (i >= 2) {
        cold.add(c);
        warm.add(w);
      }
    }
    double mc = median(cold);
    double mw = median(warm);
    System.out.printf(
        "  cold %.1f ms, warm %.1f ms (median of %d): warm = %.1f%% of cold%n",
        mc, mw, runs, 100 * mw / mc);
  }

  static double once(Target target, Path cache) throws Exception {
    SbomEngine engine =
        new SbomEngine(
            new SbomEngine.Options(
                Extractors.all(), Limits.defaults(), cache, cache.resolve("tmp"), 2, Extractors::chooseOs));
    long t0 = System.nanoTime();
    try (ImageSource src = ImageSources.open(target, () -> null)) {
      engine.analyze(src.image(Platform.LINUX_AMD64), target.describe(), null, BaseLookup.none());
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
