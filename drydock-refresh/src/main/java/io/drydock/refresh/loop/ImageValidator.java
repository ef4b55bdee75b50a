package io.drydock.refresh.loop;

import io.drydock.oci.ImageRef;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Validates refreshed images before anything runs them: scan, policy, and signing and attesting
 * what passed. Implemented where the scanner and reports live (the CLI), so this module needs
 * neither.
 */
public interface ImageValidator {
  /**
   * Scans {@code image} (pinned by digest) and evaluates the policy.
   *
   * @throws IOException the image cannot be read or scanned
   */
  Validation validate(ImageRef image) throws IOException;

  /** Signs {@code image} and attests its scan; called only when {@code validation} passed. */
  void signAndAttest(ImageRef image, Validation validation) throws IOException;

  /**
   * One image's validation.
   *
   * @param passed the policy allows it (allow or warn)
   * @param findings ids of its active findings
   * @param violations the policy's violations, one line each (rule: message)
   * @param report the scan report to attest (opaque to this module), may be {@code null}
   */
  record Validation(boolean passed, Set<String> findings, List<String> violations, Object report) {
    public Validation {
      findings = Set.copyOf(findings);
      violations = List.copyOf(violations);
    }
  }
}
