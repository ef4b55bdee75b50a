package io.drydock.vuln.match;

import java.util.List;

/**
 * How to scan. Immutable.
 *
 * @param matchers the matchers to run, in order (every component goes to each one that {@link
 *     Matcher#handles handles} it); {@link Matchers#all()} by default
 * @param borrowSeverity whether a finding none of whose records carries a severity may take one
 *     from another stored record named by one of its aliases (e.g. an OSV {@code CVE-…} record or a
 *     GHSA record that an Alpine or PYSEC record lists)
 */
public record ScanOptions(List<Matcher> matchers, boolean borrowSeverity) {
  public ScanOptions {
    matchers = List.copyOf(matchers);
  }

  /** Every matcher, severity borrowing on. */
  public static ScanOptions defaults() {
    return new ScanOptions(Matchers.all(), true);
  }
}
