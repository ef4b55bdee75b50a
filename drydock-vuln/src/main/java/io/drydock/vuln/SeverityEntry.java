package io.drydock.vuln;

import java.util.Objects;

/**
 * One {@code severity[]} entry as written: {@code type} ({@code CVSS_V2}, {@code CVSS_V3}, {@code
 * CVSS_V4}, {@code Ubuntu}, …) and {@code score} (a vector for the CVSS types). Scoring is {@link
 * Severities}' job.
 */
public record SeverityEntry(String type, String score) {
  public SeverityEntry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(score, "score");
  }
}
