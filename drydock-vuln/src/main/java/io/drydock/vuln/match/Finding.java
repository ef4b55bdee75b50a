package io.drydock.vuln.match;

import io.drydock.sbom.Component;
import io.drydock.vuln.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One vulnerability in one package: advisories that share an alias (GHSA, PYSEC, CVE, distro ids)
 * are merged into a single finding per (package, vulnerability).
 *
 * @param id the CVE when any merged advisory names one, else the first advisory's id
 * @param aliases every other id of the merged advisories, sorted, without {@code id}
 * @param advisories the ids of the records that matched (e.g. {@code GHSA-jfh8-c2jp-5v3q})
 * @param component the package with its layer and OS ownership (see the SBOM's layers for base/app)
 * @param ecosystem the OSV ecosystem the advisories were matched in ({@code Maven}, {@code
 *     Debian:12}, {@code Alpine:v3.19})
 * @param installedVersion the package's version as compared
 * @param fixedVersions versions that fix it, ascending in the ecosystem's order; empty when there
 *     is no fix yet
 * @param severity the chosen severity with its source (never null; rating UNKNOWN when none)
 * @param epss EPSS probability 0–1, or {@code null} when no EPSS data is loaded or listed
 * @param epssPercentile EPSS percentile 0–1, or {@code null}
 * @param kev whether the CVE is in CISA's Known Exploited Vulnerabilities catalog (false when not
 *     loaded)
 * @param summary one line from the advisory, may be empty
 * @param references URLs from the advisories, deduplicated, in record order
 * @param advice what to do, one line: {@code "upgrade log4j-core to 2.15.0"} or {@code "update the
 *     base image"} (package from a base layer)
 * @param suppression why the finding is suppressed (ignore file, VEX), or {@code null}: suppressed
 *     findings stay in the result and do not gate
 */
public record Finding(
    String id,
    List<String> aliases,
    List<String> advisories,
    Component component,
    String ecosystem,
    String installedVersion,
    List<String> fixedVersions,
    Severity severity,
    Double epss,
    Double epssPercentile,
    boolean kev,
    String summary,
    List<String> references,
    String advice,
    Suppression suppression) {
  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(severity, "severity");
    aliases = List.copyOf(aliases);
    advisories = List.copyOf(advisories);
    fixedVersions = List.copyOf(fixedVersions);
    references = List.copyOf(references);
    summary = summary == null ? "" : summary;
  }

  /** Whether a fixed version is known ("no fix yet" otherwise). */
  public boolean fixAvailable() {
    return !fixedVersions.isEmpty();
  }

  public boolean suppressed() {
    return suppression != null;
  }

  /** This finding with a suppression attached (or replaced). */
  public Finding withSuppression(Suppression s) {
    return new Finding(
        id,
        aliases,
        advisories,
        component,
        ecosystem,
        installedVersion,
        fixedVersions,
        severity,
        epss,
        epssPercentile,
        kev,
        summary,
        references,
        advice,
        s);
  }

  /** Every id this finding is known by: {@code id}, then the aliases. */
  public List<String> allIds() {
    java.util.ArrayList<String> all = new java.util.ArrayList<>();
    all.add(id);
    all.addAll(aliases);
    return all;
  }
}
