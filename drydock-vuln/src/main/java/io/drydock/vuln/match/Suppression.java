package io.drydock.vuln.match;

/**
 * Why a finding does not count.
 *
 * @param source where the decision came from
 * @param reference the file (and entry) that said so, e.g. {@code .drydockignore.yaml} or the VEX
 *     document's id
 * @param status for VEX: {@code not_affected} or {@code fixed}; for ignore files {@code ignored}
 * @param justification VEX justification ({@code vulnerable_code_not_in_execute_path}) or the
 *     ignore entry's reason; may be empty
 */
public record Suppression(Source source, String reference, String status, String justification) {
  /** Who suppressed a finding. */
  public enum Source {
    IGNORE_FILE,
    VEX,
    POLICY
  }
}
