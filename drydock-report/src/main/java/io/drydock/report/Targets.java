package io.drydock.report;

import io.drydock.sbom.Component;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Sbom;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report's targets, as Trivy names them: the OS packages under {@code <reference> (<os id>
 * <version>)}, language packages under their ecosystem ({@code Java}, {@code Node.js}, {@code
 * Python}, {@code Go}, {@code Ruby}, else the purl type). Stateless.
 */
final class Targets {
  static final Set<String> OS_TYPES = Set.of("deb", "apk", "rpm");

  private Targets() {}

  /**
   * One scan target.
   *
   * @param name what the user reads
   * @param kind {@code os-pkgs} or {@code lang-pkgs}
   * @param findings the target's findings in result order, suppressed ones included
   */
  record Target(String name, String kind, List<Finding> findings) {}

  /**
   * Every target that has a component or a finding: the OS target first, then language targets in
   * the order Java, Node.js, Python, Go, Ruby, then others by name.
   */
  static List<Target> of(ScanResult result) {
    Sbom sbom = result.sbom();
    Map<Key, List<Finding>> targets = new TreeMap<>();
    for (Component c : sbom.components()) {
      targets.computeIfAbsent(key(sbom, c), k -> new ArrayList<>());
    }
    for (Finding f : result.findings()) {
      targets.computeIfAbsent(key(sbom, f.component()), k -> new ArrayList<>()).add(f);
    }
    List<Target> list = new ArrayList<>();
    targets.forEach((k, v) -> list.add(new Target(k.name(), k.kind(), List.copyOf(v))));
    return list;
  }

  /** Orders targets: rank (0 OS, 1.. the known languages, then the rest), then name. */
  private record Key(int rank, String name, String kind) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = Integer.compare(rank, o.rank);
      return c != 0 ? c : name.compareTo(o.name);
    }
  }

  private static final List<String> LANG_ORDER = List.of("Java", "Node.js", "Python", "Go", "Ruby");

  private static Key key(Sbom sbom, Component c) {
    String name = name(sbom, c);
    if (OS_TYPES.contains(c.pkg().type())) {
      return new Key(0, name, "os-pkgs");
    }
    int i = LANG_ORDER.indexOf(name);
    return new Key(i >= 0 ? i + 1 : LANG_ORDER.size() + 1, name, "lang-pkgs");
  }

  /** The target name of {@code c}. */
  static String name(Sbom sbom, Component c) {
    String type = c.pkg().type();
    if (OS_TYPES.contains(type)) {
      return osTarget(sbom);
    }
    return switch (type) {
      case "maven" -> "Java";
      case "npm" -> "Node.js";
      case "pypi" -> "Python";
      case "golang" -> "Go";
      case "gem" -> "Ruby";
      case "cargo" -> "Rust";
      case "nuget" -> ".NET";
      case "composer" -> "PHP";
      case "pub" -> "Dart";
      case "hackage" -> "Haskell";
      case "cran" -> "R";
      default -> type;
    };
  }

  /** {@code <reference> (<os id> <version>)}, or the reference when the OS is unknown. */
  static String osTarget(Sbom sbom) {
    OsInfo os = sbom.os();
    String ref = sbom.subject().reference();
    if (os == null) {
      return ref;
    }
    return ref + " (" + os.id() + (os.versionId() == null ? "" : " " + os.versionId()) + ")";
  }
}
