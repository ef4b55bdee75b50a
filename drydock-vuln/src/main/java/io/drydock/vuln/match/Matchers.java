package io.drydock.vuln.match;

import java.util.List;

/** The explicit catalogue of matchers (no self-registration; a test checks it is complete). */
public final class Matchers {
  private Matchers() {}

  /** Every matcher Drydock has, OS package matchers first. */
  public static List<Matcher> all() {
    return List.of(
        // one matcher per line, so parallel additions merge trivially
        new DpkgMatcher(),
        new ApkMatcher(),
        new RpmMatcher(),
        new MavenMatcher(),
        new NpmMatcher(),
        new PypiMatcher(),
        new GoMatcher(),
        new RubyGemsMatcher(),
        new CargoMatcher(),
        new NuGetMatcher(),
        new PackagistMatcher(),
        new PubMatcher(),
        new HackageMatcher(),
        new CranMatcher());
  }
}
