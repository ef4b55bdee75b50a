package io.drydock.vuln.suppress;

import com.github.packageurl.PackageURL;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.format.Purls;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import io.drydock.vuln.match.Suppression;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies ignore files and VEX to findings, and decides what a scan shows and whether it fails.
 *
 * <p>Suppressed findings stay in the result with their {@link Suppression} (DESIGN.md §2); they
 * never gate. Sources are asked in the order given and the first that suppresses a finding wins; a
 * finding that already carries a suppression is left as it is. Immutable and thread-safe.
 */
public final class Gate {
  private final List<SuppressionSource> sources;

  /** A gate over {@code sources}, asked in this order. */
  public Gate(List<SuppressionSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /**
   * The findings with suppressions attached, in the same order. The package purl of each finding is
   * the one {@link Purls#of(io.drydock.sbom.Component, OsInfo)} writes.
   *
   * @param image the scanned image's purl ({@link Purls#image}), or {@code null} when unknown
   * @param os the image's OS (for deb/apk/rpm purl qualifiers), or {@code null}
   */
  public List<Finding> apply(List<Finding> findings, PackageURL image, OsInfo os) {
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      if (f.suppressed()) {
        out.add(f);
        continue;
      }
      Candidate c = new Candidate(f, Purls.of(f.component(), os), image);
      out.add(suppression(c).map(f::withSuppression).orElse(f));
    }
    return out;
  }

  /** {@code result} with suppressions attached to its findings (image and OS from its SBOM). */
  public ScanResult apply(ScanResult result) {
    PackageURL image = Purls.image(result.sbom().subject());
    return new ScanResult(
        result.sbom(),
        apply(result.findings(), image, result.sbom().os()),
        result.database(),
        result.databaseBuilt(),
        result.diagnostics());
  }

  /** What the first source that suppresses {@code c} says, or empty. */
  public Optional<Suppression> suppression(Candidate c) {
    for (SuppressionSource s : sources) {
      Optional<Suppression> found = s.suppression(c);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** Every source's warnings, in source order. */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    sources.forEach(s -> out.addAll(s.warnings()));
    return out;
  }

  /**
   * The exit decision over findings that {@link #apply} has already seen: the gating ones are
   * {@link #visible} and not suppressed.
   */
  public GateDecision decide(List<Finding> findings, GateOptions options) {
    List<Finding> gating =
        visible(findings, options).stream().filter(f -> !f.suppressed()).toList();
    return new GateDecision(gating.isEmpty() ? 0 : options.exitCode(), gating, warnings());
  }

  /**
   * What a report shows under {@code options}: findings of a selected severity and, with {@code
   * ignoreUnfixed}, only those with a fixed version — as Trivy's {@code --severity} and {@code
   * --ignore-unfixed} filter its output. Suppressed findings that pass these filters are kept (a
   * report lists them apart, with their reason). Input order is kept.
   */
  public static List<Finding> visible(List<Finding> findings, GateOptions options) {
    return findings.stream()
        .filter(f -> options.severities().contains(f.severity().rating()))
        .filter(f -> !options.ignoreUnfixed() || f.fixAvailable())
        .toList();
  }
}
