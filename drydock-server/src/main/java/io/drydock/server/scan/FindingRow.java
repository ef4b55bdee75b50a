package io.drydock.server.scan;

import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.format.Purls;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of the {@code findings} table without its digest and times: what the matcher reports for
 * one (vulnerability, package, version) of an image. Immutable.
 *
 * @param vulnId the CVE when any merged advisory names one, else the advisory id
 * @param pkg the package name as the ecosystem spells it
 * @param version the installed version
 * @param ecosystem the OSV ecosystem it was matched in ({@code Debian:12}, {@code Maven})
 * @param purl the package URL, or {@code null}
 * @param aliases the other ids, comma-separated, or {@code null} when none
 * @param severity {@code CRITICAL}, {@code HIGH}, {@code MEDIUM}, {@code LOW} or {@code UNKNOWN}
 * @param score the CVSS base score, or {@code null}
 * @param fixedVersion the fixed versions, comma-separated, or {@code null} when there is no fix
 * @param kev whether the CVE is in CISA's KEV catalogue (false when no catalogue is loaded)
 * @param epss the EPSS probability 0–1, or {@code null}
 * @param origin {@code base}, {@code app} or {@code unknown} (the package's layer's origin)
 * @param layerIndex the layer that introduced the package, or {@code null} (SBOM input)
 * @param path where in the image the package was read from
 * @param advice one line: what to do
 * @param title the advisory's summary, or {@code null}
 */
public record FindingRow(
    String vulnId,
    String pkg,
    String version,
    String ecosystem,
    String purl,
    String aliases,
    String severity,
    Double score,
    String fixedVersion,
    boolean kev,
    Double epss,
    String origin,
    Integer layerIndex,
    String path,
    String advice,
    String title) {
  public FindingRow {
    Objects.requireNonNull(vulnId, "vulnId");
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(severity, "severity");
  }

  /** The table's key within one image: vulnerability, package, version. */
  public String key() {
    return key(vulnId, pkg, version);
  }

  static String key(String vulnId, String pkg, String version) {
    return vulnId + '\u0000' + pkg + '\u0000' + version;
  }

  /**
   * The rows of a scan: unsuppressed findings, one per key. When one vulnerability hits the same
   * package version at several paths (two copies of a jar), the first in the scan's order (the most
   * severe) is kept: the table's key has no path.
   */
  public static List<FindingRow> of(ScanResult result) {
    return of(result, new HashMap<>());
  }

  /**
   * As {@link #of(ScanResult)}, remembering purls in {@code purls} (keyed by package and OS): the
   * purl library's canonical form is costly and a fleet's images repeat the same packages.
   */
  static List<FindingRow> of(ScanResult result, Map<String, String> purls) {
    Map<String, FindingRow> rows = new LinkedHashMap<>();
    Sbom sbom = result.sbom();
    for (Finding f : result.findings()) {
      if (f.suppressed()) {
        continue;
      }
      FindingRow r = of(f, sbom, purls);
      rows.putIfAbsent(r.key(), r);
    }
    return new ArrayList<>(rows.values());
  }

  /** The row of one finding of {@code sbom}. */
  public static FindingRow of(Finding f, Sbom sbom) {
    return of(f, sbom, new HashMap<>());
  }

  private static FindingRow of(Finding f, Sbom sbom, Map<String, String> purls) {
    Component c = f.component();
    String version = c.pkg().version() != null ? c.pkg().version() : f.installedVersion();
    int layer = c.layer();
    String origin = "unknown";
    Integer layerIndex = null;
    if (layer >= 0 && layer < sbom.layers().size()) {
      LayerInfo info = sbom.layers().get(layer);
      origin = info.base() ? "base" : "app";
      layerIndex = layer;
    }
    Package p = c.pkg();
    String purlKey =
        String.join(
            "\u0000",
            p.type(),
            p.name(),
            String.valueOf(p.version()),
            String.valueOf(p.arch()),
            String.valueOf(p.sourceName()),
            String.valueOf(p.sourceVersion()),
            String.valueOf(p.epoch()),
            sbom.os() == null ? "-" : sbom.os().id() + " " + sbom.os().versionId());
    String purl = purls.get(purlKey);
    if (purl == null && !purls.containsKey(purlKey)) {
      try {
        purl = Purls.toString(p, sbom.os());
      } catch (RuntimeException e) {
        purl = null; // a name the purl library refuses: the row is still worth keeping
      }
      purls.put(purlKey, purl == null ? "" : purl);
    }
    if (purl != null && purl.isEmpty()) {
      purl = null;
    }
    return new FindingRow(
        f.id(),
        c.pkg().name(),
        version == null ? "" : version,
        f.ecosystem(),
        purl,
        f.aliases().isEmpty() ? null : String.join(",", f.aliases()),
        f.severity().rating().name(),
        f.severity().score(),
        f.fixedVersions().isEmpty() ? null : String.join(", ", f.fixedVersions()),
        f.kev(),
        f.epss(),
        origin,
        layerIndex,
        c.pkg().location(),
        f.advice(),
        f.summary().isEmpty() ? null : f.summary());
  }
}
