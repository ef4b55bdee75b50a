package io.drydock.vuln;

import static io.drydock.vuln.SharedAdvisories.ghsa;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** OSV evaluation on real records from ../shared/advisories. */
class RealAdvisoryMatchTest {
  static final Ecosystem MAVEN = Ecosystem.parse("Maven");
  static final Ecosystem NPM = Ecosystem.parse("npm");
  static final Ecosystem PYPI = Ecosystem.parse("PyPI");

  @Test
  void log4ShellAffectsLog4jCoreExceptTheFixesAndTheirBackports() {
    Advisory log4shell = ghsa("GHSA-jfh8-c2jp-5v3q");
    String core = "org.apache.logging.log4j:log4j-core";

    AffectedResult r = log4shell.affects(MAVEN, core, "2.14.1");
    assertThat(r.isAffected()).isTrue();
    assertThat(r.fixed()).containsExactly("2.15.0");
    assertThat(r.diagnostics()).isEmpty();

    for (String safe : new String[] {"2.15.0", "2.16.0", "2.12.2", "2.12.4", "2.3.1", "2.3.2"}) {
      assertThat(log4shell.affects(MAVEN, core, safe).status())
          .as(safe)
          .isEqualTo(AffectedResult.Status.NOT_AFFECTED);
    }
    // Inside the backport ranges: [0, 2.3.1) and [2.4, 2.12.2).
    assertThat(log4shell.affects(MAVEN, core, "2.3").fixed()).containsExactly("2.3.1");
    assertThat(log4shell.affects(MAVEN, core, "2.12.1").fixed()).containsExactly("2.12.2");
    assertThat(log4shell.affects(MAVEN, core, "2.0-beta9").isAffected()).isTrue();
    // Between the backports: 2.13.0 starts the main range again.
    assertThat(log4shell.affects(MAVEN, core, "2.13.0").fixed()).containsExactly("2.15.0");
  }

  @Test
  void mavenNamesAreCaseSensitiveAndEcosystemsExact() {
    Advisory log4shell = ghsa("GHSA-jfh8-c2jp-5v3q");
    assertThat(
            log4shell.affects(MAVEN, "org.apache.logging.log4j:LOG4J-CORE", "2.14.1").isAffected())
        .isFalse();
    assertThat(log4shell.affects(NPM, "org.apache.logging.log4j:log4j-core", "2.14.1").isAffected())
        .isFalse();
    assertThat(
            log4shell
                .affects(Ecosystem.parse("maven"), "org.apache.logging.log4j:log4j-core", "2.14.1")
                .isAffected())
        .isFalse();
  }

  @Test
  void lodashPrototypePollution() {
    // The stored record says fixed 4.17.20 (GitHub moved the fix from 4.17.19), so 4.17.19 is in.
    Advisory a = ghsa("GHSA-p6mc-m468-83gw");
    assertThat(a.affects(NPM, "lodash", "4.17.15").fixed()).containsExactly("4.17.20");
    assertThat(a.affects(NPM, "lodash", "4.17.19").isAffected()).isTrue();
    assertThat(a.affects(NPM, "lodash", "4.17.20").isAffected()).isFalse();
    assertThat(a.affects(NPM, "lodash-es", "4.17.15").isAffected()).isTrue();
    assertThat(a.affects(NPM, "lodash.set", "4.3.2").isAffected()).isFalse();
  }

  @Test
  void minimistTwoRanges() {
    Advisory a = ghsa("GHSA-xvch-5gv4-984h");
    assertThat(a.affects(NPM, "minimist", "1.2.5").fixed()).containsExactly("1.2.6");
    assertThat(a.affects(NPM, "minimist", "0.2.3").fixed()).containsExactly("0.2.4");
    assertThat(a.affects(NPM, "minimist", "0.2.4").isAffected()).isFalse();
    assertThat(a.affects(NPM, "minimist", "1.2.6").isAffected()).isFalse();
  }

  @Test
  void lastAffectedIsInclusive() {
    Advisory a = ghsa("GHSA-65fg-84f6-3jq3");
    AffectedResult at = a.affects(MAVEN, "log4j:log4j", "1.2.17");
    assertThat(at.isAffected()).isTrue();
    assertThat(at.fixed()).isEmpty();
    assertThat(a.affects(MAVEN, "log4j:log4j", "1.2.18").isAffected()).isFalse();
    assertThat(a.affects(MAVEN, "log4j:log4j", "1.1.3").isAffected()).isTrue();
  }

  @Test
  void introducedOnlyMeansEveryLaterVersion() {
    Advisory jms = ghsa("GHSA-fp5r-v3w9-4333"); // introduced 1.2.0, no end
    assertThat(jms.affects(MAVEN, "log4j:log4j", "1.2.17").isAffected()).isTrue();
    assertThat(jms.affects(MAVEN, "log4j:log4j", "1.1.3").isAffected()).isFalse();
    Advisory flatmap = ghsa("GHSA-mh6f-8j2x-4483"); // introduced 0: every version
    assertThat(flatmap.affects(NPM, "flatmap-stream", "0.1.1").isAffected()).isTrue();
    assertThat(flatmap.affects(NPM, "flatmap-stream", "99.0.0").fixed()).isEmpty();
  }

  @Test
  void explicitVersionsMatch() {
    Advisory uaParser = ghsa("GHSA-pjwm-rvh2-c87w");
    assertThat(uaParser.affects(NPM, "ua-parser-js", "0.7.29").fixed()).containsExactly("0.7.30");
    assertThat(uaParser.affects(NPM, "ua-parser-js", "0.7.28").isAffected()).isFalse();
    // A versions list alone (ranges removed) still matches, by exact string.
    Affected only =
        Affected.of(
            new AffectedPackage("npm", "ua-parser-js", null),
            java.util.List.of(),
            java.util.List.of("1.0.0"));
    assertThat(only.affects("1.0.0").isAffected()).isTrue();
    assertThat(only.affects("1.0.0").fixed()).isEmpty();
    assertThat(only.affects("1.0.1").isAffected()).isFalse();
  }

  @Test
  void prereleaseBoundsOrderBySemver() {
    Advisory express = ghsa("GHSA-rv95-896h-c2vc");
    assertThat(express.affects(NPM, "express", "5.0.0-alpha.8").isAffected()).isTrue();
    assertThat(express.affects(NPM, "express", "4.18.2").isAffected()).isTrue();
    assertThat(express.affects(NPM, "express", "4.19.2").isAffected()).isFalse();
  }

  @Test
  void npmBoundsWithoutPatchAreCoercedAsOsvDevDoes() {
    Advisory nodeFetch = ghsa("GHSA-r683-j2x4-v87g"); // introduced "1.0"
    assertThat(nodeFetch.affects(NPM, "node-fetch", "3.1.0").fixed()).containsExactly("3.1.1");
    assertThat(nodeFetch.affects(NPM, "node-fetch", "2.6.6").fixed())
        .containsExactlyInAnyOrder("2.6.7", "3.1.1");
    assertThat(nodeFetch.affects(NPM, "node-fetch", "3.1.1").isAffected()).isFalse();
  }

  @Test
  void mavenQualifiersAndFourPartVersions() {
    Advisory spring4shell = ghsa("GHSA-36p3-wjmg-h94x");
    assertThat(
            spring4shell
                .affects(MAVEN, "org.springframework:spring-beans", "5.2.19.RELEASE")
                .isAffected())
        .isTrue();
    assertThat(
            spring4shell
                .affects(MAVEN, "org.springframework:spring-beans", "5.2.20.RELEASE")
                .isAffected())
        .isFalse();
    Advisory jackson = ghsa("GHSA-57j2-w4cx-62h2");
    String databind = "com.fasterxml.jackson.core:jackson-databind";
    assertThat(jackson.affects(MAVEN, databind, "2.13.2").isAffected()).isTrue();
    assertThat(jackson.affects(MAVEN, databind, "2.13.2.1").isAffected()).isFalse();
  }

  @Test
  void theGitHubActionsDataErrorNeverMatchesNpm() {
    Advisory wordWrap = ghsa("GHSA-j8xg-fqg3-53r7");
    assertThat(wordWrap.affected().get(0).pkg().ecosystem()).isEqualTo("GitHub Actions");
    AffectedResult r = wordWrap.affects(NPM, "word-wrap", "1.2.3");
    assertThat(r.status()).isEqualTo(AffectedResult.Status.NOT_AFFECTED);
    // Evaluated on its own terms it is undecided (GitHub Actions has no version order), not "yes".
    AffectedResult own = wordWrap.affected().get(0).affects("1.2.3");
    assertThat(own.isUndecided()).isTrue();
    assertThat(own.diagnostics()).singleElement().asString().contains("GitHub Actions");
  }

  @Test
  void pypiRangesWithNormalisedNamesAndGitRangesIgnored() {
    Advisory jinja = SharedAdvisories.load("pypa/PYSEC-2014-82.json"); // GIT + ECOSYSTEM < 2.7.3
    assertThat(jinja.affected().get(0).ranges()).extracting(Range::type).contains(RangeType.GIT);
    for (String name : new String[] {"jinja2", "Jinja2", "JINJA2"}) {
      assertThat(jinja.affects(PYPI, name, "2.7.2").fixed()).as(name).containsExactly("2.7.3");
    }
    assertThat(jinja.affects(PYPI, "Jinja2", "2.7.3").isAffected()).isFalse();
    // PEP 440: 2.7.3rc1 is before 2.7.3; 2.7.3.post1 after.
    assertThat(jinja.affects(PYPI, "jinja2", "2.7.3rc1").isAffected()).isTrue();
    assertThat(jinja.affects(PYPI, "jinja2", "2.7.3.post1").isAffected()).isFalse();

    Advisory requests = SharedAdvisories.load("pypa/PYSEC-2015-17.json"); // [2.1.0, 2.6.0)
    assertThat(requests.affects(PYPI, "Requests", "2.5.3").fixed()).containsExactly("2.6.0");
    assertThat(requests.affects(PYPI, "requests", "2.0.1").isAffected()).isFalse();
  }

  @Test
  void pypiNamesNormalisePerPep503() {
    AffectedPackage p = new AffectedPackage("PyPI", "zope.interface", null);
    Affected a =
        Affected.of(
            p,
            java.util.List.of(Range.of(RangeType.ECOSYSTEM, Event.introduced("0"))),
            java.util.List.of());
    assertThat(a.appliesTo(PYPI, "Zope_Interface")).isTrue();
    assertThat(a.appliesTo(PYPI, "zope--interface")).isTrue();
    assertThat(a.appliesTo(PYPI, "zopeinterface")).isFalse();
  }

  @Test
  void alpineRecordsMatchTheirBranchWithApkOrder() {
    Advisory openssl = SharedAdvisories.load("alpine/osv/ALPINE-CVE-2019-1547.json");
    Ecosystem v310 = Ecosystem.parse("Alpine:v3.10");
    Ecosystem v311 = Ecosystem.parse("Alpine:v3.11");
    assertThat(openssl.affects(v310, "openssl", "1.1.1c-r0").fixed()).containsExactly("1.1.1d-r0");
    assertThat(openssl.affects(v310, "openssl", "1.1.1d-r0").isAffected()).isFalse();
    // One CVE, a different fix per branch: -r0 is still affected on v3.11.
    assertThat(openssl.affects(v311, "openssl", "1.1.1d-r0").fixed()).containsExactly("1.1.1d-r1");
    assertThat(openssl.affects(v311, "openssl", "1.1.1d-r1").isAffected()).isFalse();
    // Other branches and other ecosystems do not match.
    assertThat(openssl.affects(Ecosystem.parse("Alpine:v3.18"), "openssl", "1.0.0-r0").isAffected())
        .isFalse();
    assertThat(openssl.affects(Ecosystem.parse("Debian:12"), "openssl", "1.0.0").isAffected())
        .isFalse();

    Advisory musl = SharedAdvisories.load("alpine/osv/ALPINE-CVE-2020-28928.json"); // 1.2.2_pre2-r0
    Ecosystem v319 = Ecosystem.parse("Alpine:v3.19");
    assertThat(musl.affects(v319, "musl", "1.2.2_pre1-r0").isAffected()).isTrue();
    assertThat(musl.affects(v319, "musl", "1.2.2-r0").isAffected()).isFalse();
    assertThat(musl.affects(v319, "musl", "1.2.1-r2").isAffected()).isTrue();
  }

  @Test
  void anUnparsableInstalledVersionIsUndecidedNeverNo() {
    Advisory log4shell = ghsa("GHSA-jfh8-c2jp-5v3q");
    AffectedResult r =
        log4shell.affects(MAVEN, "org.apache.logging.log4j:log4j-core", "2.14.1\u0000evil");
    assertThat(r.isUndecided()).isTrue();
    assertThat(r.diagnostics())
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d).doesNotContain("\n", "\u0000"));
    Advisory musl = SharedAdvisories.load("alpine/osv/ALPINE-CVE-2020-28928.json");
    AffectedResult apk = musl.affects(Ecosystem.parse("Alpine:v3.19"), "musl", "not a version");
    assertThat(apk.isUndecided()).isTrue();
    assertThat(apk.diagnostics().get(0)).contains("apk", "not a version");
  }
}
