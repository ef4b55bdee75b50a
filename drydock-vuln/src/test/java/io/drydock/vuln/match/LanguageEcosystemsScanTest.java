package io.drydock.vuln.match;

import static io.drydock.vuln.match.MatchTestData.app;
import static io.drydock.vuln.match.MatchTestData.json;
import static io.drydock.vuln.match.MatchTestData.sbom;
import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.sbom.Component;
import io.drydock.vuln.store.AdvisoryStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ecosystems whose order came with the crates.io, NuGet, Packagist, Pub, Hackage and CRAN
 * schemes: a component of each purl type is matched against an {@code ECOSYSTEM} range of its OSV
 * ecosystem, affected below the fix and not at it, with versions only that ecosystem's order gets
 * right. The records are synthetic (../shared/advisories has none for these ecosystems).
 */
class LanguageEcosystemsScanTest {
  @TempDir static Path dir;
  static AdvisoryStore store;

  /** One OSV record: {@code name} in {@code ecosystem}, affected from 0 until {@code fixed}. */
  static String record(String id, String ecosystem, String name, String fixed) {
    return """
        {"schema_version": "1.6.0", "id": "%s", "modified": "2025-01-01T00:00:00Z",
         "summary": "test advisory for %s",
         "affected": [{"package": {"ecosystem": "%s", "name": "%s"},
           "ranges": [{"type": "ECOSYSTEM",
                       "events": [{"introduced": "0"}, {"fixed": "%s"}]}]}]}
        """
        .formatted(id, ecosystem, ecosystem, name, fixed);
  }

  @BeforeAll
  static void open() throws IOException {
    store =
        AdvisoryStore.open(
            MatchTestData.store(
                dir,
                List.of(
                    json(record("TEST-NUGET-1", "NuGet", "Newtonsoft.Json", "13.0.1")),
                    json(record("TEST-PACKAGIST-1", "Packagist", "laravel/framework", "v8.22.1")),
                    json(record("TEST-CRATES-1", "crates.io", "smallvec", "1.6.1")),
                    json(record("TEST-PUB-1", "Pub", "http", "0.13.3")),
                    json(record("TEST-HACKAGE-1", "Hackage", "aeson", "2.0.1.0")),
                    json(record("TEST-CRAN-1", "CRAN", "commonmark", "1.8-0")))));
  }

  @AfterAll
  static void close() throws IOException {
    store.close();
  }

  static List<String> ids(ScanResult r, Component c) {
    return r.findings().stream().filter(f -> f.component().equals(c)).map(Finding::id).toList();
  }

  @Test
  void ecosystemRangesMatchAffectedVersionsAndNotFixedOnes() throws IOException {
    // affected: below the fix in each ecosystem's own order
    Component nugetPre = app("nuget", "newtonsoft.json", "13.0.1-beta1"); // case-insensitive id
    Component nugetOld = app("nuget", "Newtonsoft.Json", "12.0.3.0");
    Component laravelRc = app("composer", "laravel/framework", "8.22.1-RC1");
    Component laravelOld = app("composer", "laravel/framework", "v8.9.0"); // 9 < 22 numerically
    Component crate = app("cargo", "smallvec", "1.6.1-alpha.1");
    Component pub = app("pub", "http", "0.13.2+1");
    Component aeson = app("hackage", "aeson", "2.0.0.0");
    Component cran = app("cran", "commonmark", "1.7");
    // not affected: the fix itself, spelt differently, or later
    Component nugetFixed = app("nuget", "Newtonsoft.Json", "13.0.1.0"); // == 13.0.1
    Component laravelFixed = app("composer", "laravel/framework", "8.22.1");
    Component laravelPatch = app("composer", "laravel/framework", "8.22.1-p1"); // patch > release
    Component crateFixed = app("cargo", "smallvec", "1.6.1+build.5"); // build ignored
    Component pubFixed = app("pub", "http", "0.13.3+1"); // build sorts after the release
    Component aesonFixed = app("hackage", "aeson", "2.0.1.0");
    Component aesonLater = app("hackage", "aeson", "2.0.10");
    Component cranFixed = app("cran", "commonmark", "1.8.0"); // - and . alike
    ScanResult r =
        new VulnerabilityScanner()
            .scan(
                sbom(
                    null,
                    List.of(
                        nugetPre,
                        nugetOld,
                        laravelRc,
                        laravelOld,
                        crate,
                        pub,
                        aeson,
                        cran,
                        nugetFixed,
                        laravelFixed,
                        laravelPatch,
                        crateFixed,
                        pubFixed,
                        aesonFixed,
                        aesonLater,
                        cranFixed)),
                store,
                ScanOptions.defaults());
    assertThat(r.diagnostics()).isEmpty();
    assertThat(ids(r, nugetPre)).containsExactly("TEST-NUGET-1");
    assertThat(ids(r, nugetOld)).containsExactly("TEST-NUGET-1");
    assertThat(ids(r, laravelRc)).containsExactly("TEST-PACKAGIST-1");
    assertThat(ids(r, laravelOld)).containsExactly("TEST-PACKAGIST-1");
    assertThat(ids(r, crate)).containsExactly("TEST-CRATES-1");
    assertThat(ids(r, pub)).containsExactly("TEST-PUB-1");
    assertThat(ids(r, aeson)).containsExactly("TEST-HACKAGE-1");
    assertThat(ids(r, cran)).containsExactly("TEST-CRAN-1");
    for (Component fixed :
        List.of(
            nugetFixed,
            laravelFixed,
            laravelPatch,
            crateFixed,
            pubFixed,
            aesonFixed,
            aesonLater,
            cranFixed)) {
      assertThat(ids(r, fixed)).as(fixed.pkg().name() + " " + fixed.pkg().version()).isEmpty();
    }
    Finding nuget =
        r.findings().stream().filter(f -> f.component().equals(nugetOld)).findFirst().orElseThrow();
    assertThat(nuget.ecosystem()).isEqualTo("NuGet");
    assertThat(nuget.fixedVersions()).containsExactly("13.0.1");
  }

  @Test
  void anUnparsableVersionIsADiagnosticNotAFinding() throws IOException {
    Component bad = app("nuget", "Newtonsoft.Json", "v12.0.0");
    ScanResult r =
        new VulnerabilityScanner().scan(sbom(null, List.of(bad)), store, ScanOptions.defaults());
    assertThat(r.findings()).isEmpty();
    assertThat(r.diagnostics()).singleElement().asString().contains("nuget", "v12.0.0");
  }
}
