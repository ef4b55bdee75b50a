package io.drydock.vuln.match;

import io.drydock.vuln.Ecosystem;
import io.drydock.vuln.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Merges the per-advisory findings of ONE component into one finding per vulnerability: two
 * findings belong together when their advisory ids and aliases (which include the records' {@code
 * upstream} ids) share any id (transitively, so GHSA ↔ CVE ↔ PYSEC chains join). Stateless.
 */
final class FindingMerger {
  private FindingMerger() {}

  /**
   * Severity preference: CVSS v4, v3, v2 (scored, most confident), then Ubuntu priorities, then
   * database-specific words, then none; within a kind the higher score, then the source text.
   */
  static final Comparator<Severity> BEST_SEVERITY =
      Comparator.comparingInt(FindingMerger::preference)
          .thenComparing(
              (Severity s) -> s.score() == null ? -1.0 : s.score(), Comparator.reverseOrder())
          .thenComparing(Severity::rating, Comparator.reverseOrder())
          .thenComparing(Severity::source);

  static int preference(Severity s) {
    return switch (s.type()) {
      case "CVSS_V4" -> 0;
      case "CVSS_V3" -> 1;
      case "CVSS_V2" -> 2;
      case "Ubuntu" -> 3;
      case "database_specific" -> 4;
      default -> 5;
    };
  }

  /**
   * The merged findings, in the order of each group's first member. {@code id}: the lowest CVE id
   * among the group's ids (string order), else the lowest advisory id; {@code aliases}: every other
   * id, sorted; {@code advisories}: the record ids, sorted; fixed versions united and sorted in the
   * ecosystem's order; the best severity ({@link #BEST_SEVERITY}); the first non-empty summary in
   * advisory-id order; references united. Advice is left to the caller.
   */
  static List<Finding> merge(List<Finding> perAdvisory) {
    List<Finding> sorted = new ArrayList<>(perAdvisory);
    sorted.sort(Comparator.comparing(f -> f.advisories().get(0)));
    int n = sorted.size();
    int[] parent = new int[n];
    Map<String, Integer> owner = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      for (String id : ids(sorted.get(i))) {
        Integer other = owner.putIfAbsent(id, i);
        if (other != null) {
          union(parent, other, i);
        }
      }
    }
    Map<Integer, List<Finding>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(sorted.get(i));
    }
    List<Finding> out = new ArrayList<>();
    for (List<Finding> g : groups.values()) {
      out.add(mergeGroup(g));
    }
    return out;
  }

  private static Set<String> ids(Finding f) {
    Set<String> ids = new LinkedHashSet<>(f.advisories());
    ids.add(f.id());
    ids.addAll(f.aliases());
    return ids;
  }

  private static Finding mergeGroup(List<Finding> g) {
    Finding first = g.get(0);
    TreeSet<String> all = new TreeSet<>();
    TreeSet<String> advisories = new TreeSet<>();
    List<String> fixed = new ArrayList<>();
    Set<String> references = new LinkedHashSet<>();
    String summary = "";
    Severity severity = first.severity();
    for (Finding f : g) {
      all.addAll(ids(f));
      advisories.addAll(f.advisories());
      fixed.addAll(f.fixedVersions());
      references.addAll(f.references());
      if (summary.isEmpty() && !f.summary().isEmpty()) {
        summary = f.summary();
      }
      if (BEST_SEVERITY.compare(f.severity(), severity) < 0) {
        severity = f.severity();
      }
    }
    String id = all.stream().filter(FindingMerger::isCve).findFirst().orElse(advisories.first());
    all.remove(id);
    return new Finding(
        id,
        List.copyOf(all),
        List.copyOf(advisories),
        first.component(),
        first.ecosystem(),
        first.installedVersion(),
        AdvisoryMatching.sortFixed(fixed, Ecosystem.parse(first.ecosystem())),
        severity,
        null,
        null,
        false,
        summary,
        List.copyOf(references),
        first.advice(),
        null);
  }

  static boolean isCve(String id) {
    return id.startsWith("CVE-");
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
