package io.drydock.vuln.suppress;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One VEX statement, from OpenVEX or CycloneDX, in one shape.
 *
 * @param ids the vulnerability's name first, then its aliases (a statement applies to a finding
 *     when any of these equals the finding's id or one of its aliases, ignoring case)
 * @param products what it is about; a statement applies when any product covers the finding
 * @param status the impact
 * @param justification the machine-readable justification ({@code
 *     vulnerable_code_not_in_execute_path}, CycloneDX {@code code_not_reachable}), else the impact
 *     statement or analysis detail; empty when none
 * @param timestamp when it was made (the statement's own, else the document's), or {@code null}
 *     when neither says; a statement without time is older than any with one
 * @param reference where it is written: {@code <file>#statements[2]} or {@code
 *     <file>#vulnerabilities[0]}
 * @param order its position among all loaded statements (documents in load order), breaking ties
 *     between equal timestamps: the later one wins
 */
public record VexStatement(
    List<String> ids,
    List<VexProduct> products,
    VexStatus status,
    String justification,
    Instant timestamp,
    String reference,
    int order) {
  public VexStatement {
    ids = List.copyOf(ids);
    products = List.copyOf(products);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reference, "reference");
    justification = justification == null ? "" : justification;
  }

  /** Whether the statement speaks about {@code c}: same vulnerability and a covering product. */
  public boolean appliesTo(Candidate c) {
    List<String> findingIds = c.finding().allIds();
    boolean sameVulnerability =
        ids.stream().anyMatch(i -> findingIds.stream().anyMatch(i::equalsIgnoreCase));
    return sameVulnerability && products.stream().anyMatch(p -> p.covers(c));
  }
}
