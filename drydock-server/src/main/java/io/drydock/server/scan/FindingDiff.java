package io.drydock.server.scan;

import java.util.List;

/**
 * What writing one image's findings changed. Immutable.
 *
 * @param digest the image
 * @param added findings that were not open before: new ones and resolved ones that came back
 * @param resolved findings open before that the matcher no longer reports
 * @param updated open findings whose facts changed (severity, score, fix, KEV, EPSS, advice, ...)
 * @param unchanged open findings left as they were
 */
public record FindingDiff(
    String digest, List<FindingRow> added, List<FindingRow> resolved, int updated, int unchanged) {
  public FindingDiff {
    added = List.copyOf(added);
    resolved = List.copyOf(resolved);
  }

  /** Open findings after the write. */
  public int open() {
    return added.size() + updated + unchanged;
  }
}
