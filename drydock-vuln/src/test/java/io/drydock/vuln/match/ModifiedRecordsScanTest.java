package io.drydock.vuln.match;

import static io.drydock.vuln.match.MatchTestData.ALPINE_3_19;
import static io.drydock.vuln.match.MatchTestData.DEBIAN_12;
import static io.drydock.vuln.match.MatchTestData.app;
import static io.drydock.vuln.match.MatchTestData.json;
import static io.drydock.vuln.match.MatchTestData.modified;
import static io.drydock.vuln.match.MatchTestData.os;
import static io.drydock.vuln.match.MatchTestData.sbom;
import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.sbom.Component;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.vuln.Severity;
import io.drydock.vuln.store.AdvisoryStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scans against the real advisories plus modified copies of real records (the copies are made here,
 * each test says which and why): withdrawal, an alias twin, a borrowed severity, a distro record
 * without fix, and distro shapes the shared data has no records for (Debian, Ubuntu, Rocky, Go).
 */
class ModifiedRecordsScanTest {
  @TempDir static Path dir;
  static AdvisoryStore store;

  static final String LATER = "2030-01-01T00:00:00Z";

  @BeforeAll
  static void open() throws IOException {
    store =
        AdvisoryStore.open(
            MatchTestData.store(
                dir,
                List.of(
                    // minimist's real record, withdrawn (same id, later modified: replaces it)
                    modified(
                        "ghsa/GHSA-xvch-5gv4-984h.json",
                        r -> r.put("withdrawn", LATER).put("modified", LATER)),
                    // requests: the GHSA twin of PYSEC-2023-74, with GitHub's CVSS vector
                    modified(
                        "pypa/PYSEC-2023-74.json",
                        r -> {
                          r.put("id", "GHSA-j8r2-6x86-q33q");
                          ArrayNode aliases = r.putArray("aliases");
                          aliases.add("CVE-2023-32681").add("PYSEC-2023-74");
                          r.putArray("severity")
                              .addObject()
                              .put("type", "CVSS_V3")
                              .put("score", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N");
                        }),
                    // an NVD-style CVE record (no affected) that Alpine's upstream id names
                    json(
                        """
                        {"schema_version":"1.6.0","id":"CVE-2023-6237",
                         "modified":"2024-05-01T00:00:00Z",
                         "severity":[{"type":"CVSS_V3",
                           "score":"CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}]}
                        """),
                    // a real Alpine record with its fix removed (a distro record without fix yet)
                    modified(
                        "alpine/osv/ALPINE-CVE-2023-42363.json",
                        r -> {
                          r.put("id", "ALPINE-TEST-NOFIX");
                          r.putArray("upstream").add("CVE-2099-0001");
                          ArrayNode events =
                              (ArrayNode)
                                  r.get("affected").get(0).get("ranges").get(0).get("events");
                          events.remove(1);
                        }),
                    debianRecord(),
                    ubuntuRecord(),
                    rockyRecord(),
                    goStdlibRecord())));
  }

  @AfterAll
  static void close() throws IOException {
    store.close();
  }

  static ObjectNode debianRecord() {
    // Shape of OSV.dev's Debian records (DSA/DLA): source package, source versions.
    return json(
        """
        {"schema_version":"1.6.0","id":"DSA-TEST-1","modified":"2024-01-01T00:00:00Z",
         "upstream":["CVE-2023-5678"],
         "affected":[
          {"package":{"ecosystem":"Debian:12","name":"openssl"},
           "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"3.0.11-1~deb12u2"}]}]},
          {"package":{"ecosystem":"Debian:11","name":"openssl"},
           "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.1.1w-0+deb11u1"}]}]}]}
        """);
  }

  static ObjectNode ubuntuRecord() {
    return json(
        """
        {"schema_version":"1.6.0","id":"UBUNTU-TEST-1","modified":"2024-01-01T00:00:00Z",
         "upstream":["CVE-2023-4911"],
         "severity":[{"type":"Ubuntu","score":"high"}],
         "affected":[
          {"package":{"ecosystem":"Ubuntu:22.04:LTS","name":"glibc"},
           "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.35-0ubuntu3.4"}]}]},
          {"package":{"ecosystem":"Ubuntu:Pro:18.04:LTS","name":"glibc"},
           "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]}]}
        """);
  }

  static ObjectNode rockyRecord() {
    return json(
        """
        {"schema_version":"1.6.0","id":"RLSA-TEST-1","modified":"2024-01-01T00:00:00Z",
         "affected":[
          {"package":{"ecosystem":"Rocky Linux:9","name":"openssl"},
           "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1:3.0.7-25.el9"}]}]}]}
        """);
  }

  static ObjectNode goStdlibRecord() {
    return json(
        """
        {"schema_version":"1.6.0","id":"GO-TEST-1","modified":"2024-01-01T00:00:00Z",
         "aliases":["CVE-2023-45288"],
         "affected":[
          {"package":{"ecosystem":"Go","name":"stdlib"},
           "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.21.9"},
                                                {"introduced":"1.22.0-0"},{"fixed":"1.22.2"}]}]}]}
        """);
  }

  static ScanResult scan(OsInfo os, Component... components) throws IOException {
    return new VulnerabilityScanner()
        .scan(sbom(os, List.of(components)), store, ScanOptions.defaults());
  }

  static List<Finding> of(ScanResult r, String name) {
    return r.findings().stream().filter(f -> f.component().pkg().name().equals(name)).toList();
  }

  static Component deb(String name, String source, String version, String sourceVersion) {
    return new Component(
        new Package(
            "deb",
            name,
            version,
            "amd64",
            source,
            sourceVersion,
            null,
            "var/lib/dpkg/status",
            List.of(),
            Map.of()),
        "os/dpkg",
        0,
        false);
  }

  static Component rpm(String name, String source, Integer epoch, String version) {
    return new Component(
        new Package(
            "rpm",
            name,
            version,
            "x86_64",
            source,
            version,
            epoch,
            "var/lib/rpm/rpmdb.sqlite",
            List.of(),
            Map.of()),
        "os/rpm",
        1,
        false);
  }

  @Test
  void withdrawnRecordsNeverMatch() throws IOException {
    assertThat(store.get("GHSA-xvch-5gv4-984h").orElseThrow().isWithdrawn()).isTrue();
    ScanResult r = scan(null, app("npm", "minimist", "1.2.5"), app("npm", "lodash", "4.17.15"));
    assertThat(of(r, "minimist")).isEmpty();
    assertThat(of(r, "lodash")).isNotEmpty(); // the rest of the store still matches
  }

  @Test
  void aliasTwinsMergeIntoOneFindingWithTheBetterSeverity() throws IOException {
    ScanResult r = scan(null, app("pypi", "requests", "2.30.0"));
    List<Finding> cve =
        of(r, "requests").stream().filter(f -> f.allIds().contains("CVE-2023-32681")).toList();
    assertThat(cve).hasSize(1);
    Finding f = cve.get(0);
    assertThat(f.id()).isEqualTo("CVE-2023-32681");
    assertThat(f.advisories()).containsExactly("GHSA-j8r2-6x86-q33q", "PYSEC-2023-74");
    assertThat(f.aliases()).containsExactly("GHSA-j8r2-6x86-q33q", "PYSEC-2023-74");
    assertThat(f.fixedVersions()).containsExactly("2.31.0");
    assertThat(f.severity().type()).isEqualTo("CVSS_V3");
    assertThat(f.severity().rating()).isEqualTo(Severity.Rating.MEDIUM);
    assertThat(f.severity().source()).startsWith("GHSA-j8r2-6x86-q33q: ");
    // Without the twin (VulnerabilityScannerTest's store) the PYSEC finding has no severity: the
    // merge, not the PYSEC record, brought it.
  }

  @Test
  void severityBorrowedFromTheRecordAnUpstreamIdNames() throws IOException {
    ScanResult r = scan(ALPINE_3_19, os("apk", "libcrypto3", "openssl", "3.1.4-r0", 1));
    Finding borrowed =
        of(r, "libcrypto3").stream()
            .filter(f -> f.id().equals("CVE-2023-6237"))
            .findFirst()
            .orElseThrow();
    assertThat(borrowed.advisories()).containsExactly("ALPINE-CVE-2023-6237");
    assertThat(borrowed.severity().type()).isEqualTo("CVSS_V3");
    assertThat(borrowed.severity().score()).isEqualTo(6.2);
    assertThat(borrowed.severity().source()).startsWith("CVE-2023-6237 (alias): ");
    Finding notBorrowed =
        of(r, "libcrypto3").stream()
            .filter(f -> f.id().equals("CVE-2023-5678"))
            .findFirst()
            .orElseThrow();
    assertThat(notBorrowed.severity().rating()).isEqualTo(Severity.Rating.UNKNOWN);
    // Borrowing can be turned off.
    ScanResult off =
        new VulnerabilityScanner()
            .scan(
                sbom(ALPINE_3_19, List.of(os("apk", "libcrypto3", "openssl", "3.1.4-r3", 1))),
                store,
                new ScanOptions(Matchers.all(), false));
    assertThat(of(off, "libcrypto3"))
        .filteredOn(f -> f.id().equals("CVE-2023-6237"))
        .singleElement()
        .satisfies(f -> assertThat(f.severity().rating()).isEqualTo(Severity.Rating.UNKNOWN));
  }

  @Test
  void distroRecordWithoutFixIsAFindingWithNoFixYet() throws IOException {
    ScanResult r = scan(ALPINE_3_19, os("apk", "busybox", "busybox", "1.36.1-r21", 0));
    Finding f =
        of(r, "busybox").stream()
            .filter(x -> x.id().equals("CVE-2099-0001"))
            .findFirst()
            .orElseThrow();
    assertThat(f.advisories()).containsExactly("ALPINE-TEST-NOFIX");
    assertThat(f.fixedVersions()).isEmpty();
    assertThat(f.advice()).isEqualTo("no fix yet"); // even from the base layer
    assertThat(of(r, "busybox")).extracting(Finding::id).doesNotContain("CVE-2023-42363");
  }

  @Test
  void debianMatchesBySourcePackageAndSourceVersion() throws IOException {
    ScanResult r =
        scan(
            DEBIAN_12,
            deb("libssl3", "openssl", "3.0.11-1~deb12u1+b1", "3.0.11-1~deb12u1"),
            deb("openssl", "openssl", "3.0.11-1~deb12u2", "3.0.11-1~deb12u2"),
            deb("libssl-other", null, "3.0.11-1~deb12u1", null));
    Finding f = of(r, "libssl3").get(0);
    assertThat(f.id()).isEqualTo("CVE-2023-5678");
    assertThat(f.ecosystem()).isEqualTo("Debian:12");
    assertThat(f.installedVersion()).isEqualTo("3.0.11-1~deb12u1");
    assertThat(f.fixedVersions()).containsExactly("3.0.11-1~deb12u2"); // not Debian:11's fix
    assertThat(f.advice())
        .isEqualTo(
            "update the base image alpine:3.19 (upgrade libssl3 (source openssl) to 3.0.11-1~deb12u2)");
    assertThat(of(r, "openssl")).isEmpty();
    assertThat(of(r, "libssl-other")).isEmpty(); // its own name has no record
    // Debian 11 reads the Debian:11 entry.
    ScanResult bullseye =
        scan(
            new OsInfo("debian", "11", null, "bullseye", "etc/os-release"),
            deb("libssl1.1", "openssl", "1.1.1n-0+deb11u5", "1.1.1n-0+deb11u5"));
    assertThat(of(bullseye, "libssl1.1"))
        .singleElement()
        .satisfies(x -> assertThat(x.fixedVersions()).containsExactly("1.1.1w-0+deb11u1"));
  }

  @Test
  void ubuntuLtsRecordsMatchAndProRecordsDoNot() throws IOException {
    OsInfo jammy = new OsInfo("ubuntu", "22.04", null, "jammy", "etc/os-release");
    ScanResult r = scan(jammy, deb("libc6", "glibc", "2.35-0ubuntu3.3", "2.35-0ubuntu3.3"));
    Finding f = of(r, "libc6").get(0);
    assertThat(f.id()).isEqualTo("CVE-2023-4911");
    assertThat(f.ecosystem()).isEqualTo("Ubuntu:22.04:LTS");
    assertThat(f.severity().rating()).isEqualTo(Severity.Rating.HIGH);
    assertThat(scan(jammy, deb("libc6", "glibc", "2.35-0ubuntu3.4", "2.35-0ubuntu3.4")).findings())
        .isEmpty();
    OsInfo bionic = new OsInfo("ubuntu", "18.04", null, "bionic", "etc/os-release");
    assertThat(scan(bionic, deb("libc6", "glibc", "2.27-3ubuntu1.6", "2.27-3ubuntu1.6")).findings())
        .isEmpty();
  }

  @Test
  void rpmComparesWithTheEpoch() throws IOException {
    OsInfo rocky = new OsInfo("rocky", "9.3", null, null, "etc/os-release");
    ScanResult r =
        scan(
            rocky,
            rpm("openssl-libs", "openssl", 1, "3.0.7-24.el9"),
            rpm("openssl", "openssl", 1, "3.0.7-27.el9"),
            rpm("openssl-noepoch", "openssl", null, "3.0.7-27.el9"));
    assertThat(of(r, "openssl-libs"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.installedVersion()).isEqualTo("1:3.0.7-24.el9");
              assertThat(f.ecosystem()).isEqualTo("Rocky Linux:9");
              assertThat(f.advice())
                  .isEqualTo("upgrade openssl-libs (source openssl) to 1:3.0.7-25.el9");
            });
    assertThat(of(r, "openssl")).isEmpty();
    // Epoch 0 sorts below epoch 1 whatever the version: still affected.
    assertThat(of(r, "openssl-noepoch")).hasSize(1);
    // Alma 9 does not read Rocky's records.
    assertThat(
            scan(
                    new OsInfo("almalinux", "9.3", null, null, "x"),
                    rpm("openssl-libs", "openssl", 1, "3.0.7-24.el9"))
                .findings())
        .isEmpty();
  }

  @Test
  void goStdlibMatchesTheToolchainVersion() throws IOException {
    ScanResult r =
        scan(
            null,
            app("golang", "stdlib", "v1.21.8"),
            app("golang", "stdlib", "v1.21.9"),
            app("golang", "stdlib", "v1.22.1"));
    assertThat(r.findings())
        .extracting(f -> f.component().pkg().version())
        .containsExactlyInAnyOrder("v1.21.8", "v1.22.1");
    assertThat(r.findings()).allSatisfy(f -> assertThat(f.id()).isEqualTo("CVE-2023-45288"));
    assertThat(r.findings())
        .filteredOn(f -> f.component().pkg().version().equals("v1.22.1"))
        .singleElement()
        .satisfies(f -> assertThat(f.fixedVersions()).containsExactly("1.22.2"));
  }
}
