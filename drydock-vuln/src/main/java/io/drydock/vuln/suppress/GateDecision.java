package io.drydock.vuln.suppress;

import io.drydock.vuln.match.Finding;
import java.util.List;

/**
 * The outcome of gating one scan.
 *
 * @param exitCode the process exit code the findings ask for: {@link GateOptions#exitCode()} when
 *     {@code gating} is not empty, else 0
 * @param gating the findings that trigger it: not suppressed, of a selected severity, and fixable
 *     when unfixed ones are ignored; in the input order
 * @param warnings lines for stderr from the suppression sources (expired ignore entries, skipped
 *     VEX statements)
 */
public record GateDecision(int exitCode, List<Finding> gating, List<String> warnings) {
  public GateDecision {
    gating = List.copyOf(gating);
    warnings = List.copyOf(warnings);
  }

  /** Whether the gate blocks (a non-zero exit code). */
  public boolean failed() {
    return exitCode != 0;
  }
}
