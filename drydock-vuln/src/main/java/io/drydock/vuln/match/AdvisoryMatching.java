package io.drydock.vuln.match;

import io.drydock.sbom.Component;
import io.drydock.version.InvalidVersionException;
import io.drydock.version.Version;
import io.drydock.version.VersionScheme;
import io.drydock.vuln.Advisory;
import io.drydock.vuln.Affected;
import io.drydock.vuln.AffectedResult;
import io.drydock.vuln.Ecosystem;
import io.drydock.vuln.KnownEcosystem;
import io.drydock.vuln.Reference;
import io.drydock.vuln.Severities;
import io.drydock.vuln.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The evaluation every matcher shares: one installed (name, version) against the advisories the
 * index returned for it, one {@link Finding} per affecting advisory. Stateless.
 */
final class AdvisoryMatching {
  private AdvisoryMatching() {}

  /**
   * An advisory's severity for one affected entry: scoring CVSS vectors again for every match of
   * the same record (1,000 copies of a jar, every image of a fleet) is most of a match's cost.
   */
  private record AssessmentKey(String id, java.time.Instant modified, int affected) {}

  private static final int MAX_ASSESSMENTS = 50_000;
  private static final java.util.concurrent.ConcurrentHashMap<AssessmentKey, Severities.Assessment>
      ASSESSMENTS = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * {@link Severities#of(Advisory, int)}, cached by record id, {@code modified} and entry (a record
   * that changes gets a new {@code modified}); the cache is cleared when it holds {@value
   * #MAX_ASSESSMENTS} entries, so memory stays bounded.
   */
  static Severities.Assessment assessment(Advisory advisory, int affected) {
    AssessmentKey key = new AssessmentKey(advisory.id(), advisory.modified(), affected);
    Severities.Assessment a = ASSESSMENTS.get(key);
    if (a == null) {
      a = Severities.of(advisory, affected);
      if (ASSESSMENTS.size() >= MAX_ASSESSMENTS) {
        ASSESSMENTS.clear();
      }
      ASSESSMENTS.put(key, a);
    }
    return a;
  }

  /** What to compare: the advisory-side name and version, and how to name the package in advice. */
  record Query(
      KnownEcosystem family,
      Predicate<Ecosystem> accepts,
      String name,
      String version,
      String adviceName) {}

  /**
   * Findings (not yet merged by alias) for {@code component} queried as {@code q} against {@code
   * candidates}: withdrawn records are skipped; of each record only the {@code affected[]} entries
   * whose ecosystem {@code q.accepts()} and whose name equals {@code q.name()} (normalised) count;
   * undecided results become one diagnostic line each.
   */
  static List<Finding> match(
      Component component, Query q, List<Advisory> candidates, List<String> diagnostics) {
    List<Finding> out = new ArrayList<>();
    String name = q.family().normalizeName(q.name());
    for (Advisory advisory : candidates) {
      if (advisory.isWithdrawn()) {
        continue;
      }
      List<AffectedResult> results = new ArrayList<>();
      int firstAffecting = -1;
      Ecosystem ecosystem = null;
      for (int i = 0; i < advisory.affected().size(); i++) {
        Affected a = advisory.affected().get(i);
        Ecosystem e = a.pkg().ecosystemId();
        if (!q.accepts().test(e) || !e.normalizeName(a.pkg().name()).equals(name)) {
          continue;
        }
        AffectedResult r = a.affects(q.version());
        results.add(r);
        if (r.isAffected() && firstAffecting < 0) {
          firstAffecting = i;
          ecosystem = e;
        }
      }
      if (results.isEmpty()) {
        continue;
      }
      AffectedResult combined = AffectedResult.anyOf(results);
      String where =
          component.pkg().type()
              + " "
              + q.name()
              + " "
              + q.version()
              + " ("
              + component.pkg().location()
              + ") vs "
              + advisory.id()
              + ": ";
      if (combined.isUndecided()) {
        for (String d : combined.diagnostics()) {
          diagnostics.add(where + "undecided: " + d);
        }
        continue;
      }
      if (!combined.isAffected()) {
        continue;
      }
      Severities.Assessment assessment = assessment(advisory, firstAffecting);
      for (String d : assessment.diagnostics()) {
        diagnostics.add(d);
      }
      Severity severity =
          assessment.primary().map(s -> attributed(s, advisory.id())).orElse(unknownSeverity());
      List<String> fixed = sortFixed(combined.fixed(), ecosystem);
      out.add(
          new Finding(
              advisory.id(),
              aliasesAndUpstream(advisory),
              List.of(advisory.id()),
              component,
              ecosystem.id(),
              q.version(),
              fixed,
              severity,
              null,
              null,
              false,
              summary(advisory),
              advisory.references().stream().map(Reference::url).distinct().toList(),
              packageAdvice(q.adviceName(), lowestFixAbove(fixed, q.version(), ecosystem)),
              null));
    }
    return out;
  }

  /**
   * The severity with the advisory id in front of its source ({@code "GHSA-…: CVSS_V3 from …"}).
   */
  static Severity attributed(Severity s, String advisoryId) {
    return new Severity(
        s.type(), s.vector(), s.score(), s.rating(), advisoryId + ": " + s.source());
  }

  /**
   * The record's {@code aliases} and then its {@code upstream} ids (OSV 1.7: the CVE a distro
   * record derives from, as in {@code ALPINE-CVE-…}), without duplicates: both name the same
   * vulnerability for merging and for the finding's CVE id.
   */
  static List<String> aliasesAndUpstream(Advisory a) {
    Set<String> ids = new LinkedHashSet<>(a.aliases());
    ids.addAll(a.upstream());
    ids.remove(a.id());
    return List.copyOf(ids);
  }

  /** The severity of a finding no record rates. */
  static Severity unknownSeverity() {
    return new Severity("none", "", null, Severity.Rating.UNKNOWN, "no severity in the advisories");
  }

  /**
   * How advice names the package: its name, with the source package when an OS package's source
   * differs ({@code libssl3 (source openssl)}).
   */
  static String adviceName(io.drydock.sbom.Package p) {
    boolean os = p.type().equals("deb") || p.type().equals("apk") || p.type().equals("rpm");
    if (!os
        || p.sourceName() == null
        || p.sourceName().isBlank()
        || p.sourceName().equals(p.name())) {
      return p.name();
    }
    return p.name() + " (source " + p.sourceName() + ")";
  }

  /** {@code "upgrade NAME to FIX"}, or {@code "no fix yet"} when {@code fix} is null. */
  static String packageAdvice(String name, String fix) {
    return fix == null ? "no fix yet" : "upgrade " + name + " to " + fix;
  }

  /**
   * {@code fixed} deduplicated and ascending in {@code ecosystem}'s version order; versions the
   * order cannot parse follow, in string order.
   */
  static List<String> sortFixed(List<String> fixed, Ecosystem ecosystem) {
    Set<String> unique = new LinkedHashSet<>(fixed);
    Optional<VersionScheme> scheme =
        ecosystem == null ? Optional.empty() : ecosystem.versionScheme();
    List<String> sorted = new ArrayList<>(unique);
    sorted.sort(Comparator.comparing((String s) -> parse(scheme, s), VERSION_ORDER));
    return List.copyOf(sorted);
  }

  /** The lowest of {@code sortedFixed} above {@code installed}, or null. */
  static String lowestFixAbove(List<String> sortedFixed, String installed, Ecosystem ecosystem) {
    Optional<VersionScheme> scheme =
        ecosystem == null ? Optional.empty() : ecosystem.versionScheme();
    Version v = parse(scheme, installed).version;
    for (String f : sortedFixed) {
      Version fv = parse(scheme, f).version;
      if (v == null || fv == null || fv.compareTo(v) > 0) {
        return f;
      }
    }
    return null;
  }

  private static String summary(Advisory a) {
    if (!a.summary().isBlank()) {
      return a.summary().strip();
    }
    String details = a.details().strip();
    int nl = details.indexOf('\n');
    String line = nl < 0 ? details : details.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** A version string with its parse (null when unparsable). */
  private record Parsed(String raw, Version version) {}

  private static final Comparator<Parsed> VERSION_ORDER =
      (a, b) -> {
        if (a.version != null && b.version != null) {
          int c = a.version.compareTo(b.version);
          return c != 0 ? c : a.raw.compareTo(b.raw);
        }
        if (a.version != null) {
          return -1;
        }
        if (b.version != null) {
          return 1;
        }
        return a.raw.compareTo(b.raw);
      };

  private static Parsed parse(Optional<VersionScheme> scheme, String raw) {
    if (scheme.isEmpty()) {
      return new Parsed(raw, null);
    }
    try {
      return new Parsed(raw, scheme.get().parse(raw));
    } catch (InvalidVersionException e) {
      return new Parsed(raw, null);
    }
  }
}
