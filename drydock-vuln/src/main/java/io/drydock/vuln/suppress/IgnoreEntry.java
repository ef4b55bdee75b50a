package io.drydock.vuln.suppress;

import com.github.packageurl.PackageURL;
import io.drydock.vuln.match.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of an ignore file.
 *
 * <p>It covers a finding when {@code id} equals the finding's id or one of its aliases (ignoring
 * case), and, when {@code purls} is not empty, the finding's package purl is covered by one of them
 * ({@link PurlPatterns}), and, when {@code paths} is not empty, the package's location matches one
 * of them. A purl-scoped entry never covers a package that has no purl.
 *
 * @param id the vulnerability id ({@code CVE-2021-44228}, {@code GHSA-jfh8-c2jp-5v3q})
 * @param purls packages it is limited to; empty means every package
 * @param paths locations it is limited to; empty means everywhere
 * @param statement why the finding is accepted, as written ({@code statement} or {@code reason});
 *     empty when none
 * @param expiresAt from when it no longer suppresses, or {@code null} for never; a date {@code
 *     2026-12-31} means 2026-12-31T00:00:00Z, as in Trivy
 * @param reference where it is written: {@code <file>:<line>}
 */
public record IgnoreEntry(
    String id,
    List<PackageURL> purls,
    List<PathGlob> paths,
    String statement,
    Instant expiresAt,
    String reference) {
  public IgnoreEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reference, "reference");
    purls = List.copyOf(purls);
    paths = List.copyOf(paths);
    statement = statement == null ? "" : statement;
  }

  /** Whether the entry no longer suppresses at {@code now} (its expiry lies before {@code now}). */
  public boolean expired(Instant now) {
    return expiresAt != null && expiresAt.isBefore(now);
  }

  /** Whether the entry covers {@code c} (expiry aside). */
  public boolean covers(Candidate c) {
    Finding f = c.finding();
    boolean idMatches = f.allIds().stream().anyMatch(id::equalsIgnoreCase);
    if (!idMatches) {
      return false;
    }
    if (!purls.isEmpty() && purls.stream().noneMatch(p -> PurlPatterns.matches(p, c.purl()))) {
      return false;
    }
    String location = f.component().pkg().location();
    return paths.isEmpty() || paths.stream().anyMatch(g -> g.matches(location));
  }
}
