package io.drydock.report;

/**
 * Which database a vulnerability id belongs to, with a page about it: {@code CVE-*} → NVD, {@code
 * GHSA-*} → the GitHub Advisory Database, every other OSV id → osv.dev. Stateless.
 */
final class Advisories {
  private Advisories() {}

  /** A database name and the URL of the id's page there. */
  record Source(String name, String url) {}

  static Source source(String id) {
    if (id.startsWith("CVE-")) {
      return new Source("NVD", "https://nvd.nist.gov/vuln/detail/" + id);
    }
    if (id.startsWith("GHSA-")) {
      return new Source("GitHub Advisory Database", "https://github.com/advisories/" + id);
    }
    return new Source("OSV", "https://osv.dev/vulnerability/" + id);
  }
}
