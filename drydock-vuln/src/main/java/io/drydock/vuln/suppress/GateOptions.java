package io.drydock.vuln.suppress;

import io.drydock.vuln.Severity.Rating;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What gates and what is shown, as {@code drydock scan} flags set it (Trivy's semantics).
 *
 * @param severities {@code --severity LIST}: only findings with one of these ratings are shown and
 *     gate; never empty (default: every rating, {@code UNKNOWN} included)
 * @param ignoreUnfixed {@code --ignore-unfixed}: findings without a fixed version are neither shown
 *     nor gating
 * @param exitCode {@code --exit-code N}: the exit code when gating findings remain, 0–255; 0 (the
 *     default) never fails the run
 */
public record GateOptions(Set<Rating> severities, boolean ignoreUnfixed, int exitCode) {
  public GateOptions {
    if (severities == null || severities.isEmpty()) {
      throw new IllegalArgumentException("--severity: at least one severity is needed");
    }
    if (exitCode < 0 || exitCode > 255) {
      throw new IllegalArgumentException("--exit-code: " + exitCode + " is not within 0–255");
    }
    severities = Set.copyOf(EnumSet.copyOf(severities));
  }

  /** Every severity, unfixed findings included, exit code 0. */
  public static GateOptions defaults() {
    return new GateOptions(EnumSet.allOf(Rating.class), false, 0);
  }

  /**
   * {@code --severity} as the user writes it: comma-separated ratings, any case, blanks around
   * commas allowed ({@code "HIGH,CRITICAL"}, {@code "unknown, low"}).
   *
   * @throws IllegalArgumentException naming the word that is not a rating, and the valid ones
   */
  public static Set<Rating> parseSeverities(String list) {
    Set<Rating> out = EnumSet.noneOf(Rating.class);
    for (String word : list.split(",", -1)) {
      String w = word.strip().toUpperCase(Locale.ROOT);
      try {
        out.add(Rating.valueOf(w));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--severity: "
                + Messages.quote(word.strip())
                + " is not a severity (use "
                + Arrays.stream(Rating.values()).map(Enum::name).collect(Collectors.joining(","))
                + ")");
      }
    }
    return out;
  }
}
