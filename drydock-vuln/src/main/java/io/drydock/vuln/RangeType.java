package io.drydock.vuln;

/** OSV {@code affected[].ranges[].type}. */
public enum RangeType {
  /** Versions in the package ecosystem's own order ({@link Ecosystem#versionScheme()}). */
  ECOSYSTEM,
  /**
   * SemVer 2.0 versions (evaluated with the npm/SemVer order; a leading {@code v} is tolerated).
   */
  SEMVER,
  /** Git commit hashes: kept for reference, never used for matching (no commit graph here). */
  GIT
}
