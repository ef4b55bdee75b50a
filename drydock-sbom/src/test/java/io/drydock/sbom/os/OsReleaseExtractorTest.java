package io.drydock.sbom.os;

import static io.drydock.sbom.os.OsTestSupport.bytes;
import static io.drydock.sbom.os.OsTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileTooLargeException;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OsReleaseExtractorTest {
  private final OsReleaseExtractor x = new OsReleaseExtractor();
  @TempDir Path tmp;

  private OsInfo os(String path, String content) throws IOException {
    ExtractResult r = run(x, path, content, tmp);
    assertThat(r.diagnostics()).as(path).isEmpty();
    assertThat(r.packages()).isEmpty();
    return r.os();
  }

  @Test
  void requiredOnlyForKnownReleaseFiles() {
    for (String yes :
        List.of(
            "etc/os-release",
            "usr/lib/os-release",
            "etc/debian_version",
            "etc/alpine-release",
            "etc/redhat-release",
            "etc/centos-release",
            "etc/rocky-release",
            "etc/almalinux-release",
            "etc/fedora-release",
            "etc/system-release",
            "etc/SuSE-release")) {
      assertThat(x.required(new FileInfo(yes, 10, 0644))).as(yes).isTrue();
    }
    for (String no : List.of("os-release", "etc/os-release.d/x", "usr/etc/os-release", "etc/lsb")) {
      assertThat(x.required(new FileInfo(no, 10, 0644))).as(no).isFalse();
    }
  }

  @Test
  void realDebianOsRelease() throws IOException {
    OsInfo os = os("usr/lib/os-release", new String(bytes("os-release/debian-12")));
    assertThat(os)
        .isEqualTo(
            new OsInfo(
                "debian",
                "12",
                "Debian GNU/Linux 12 (bookworm)",
                "bookworm",
                "usr/lib/os-release"));
  }

  @Test
  void osReleaseQuotesEscapesAndComments() throws IOException {
    OsInfo os =
        os(
            "etc/os-release",
            "# a comment\n"
                + "\n"
                + "  # indented comment\n"
                + "NAME='Rocky Linux'\r\n"
                + "ID=\"Rocky\"\n"
                + "PRETTY_NAME=\"Rocky \\\"Blue\\\" \\$HOME \\`x\\` \\\\ 'single'\"\n"
                + "VERSION_ID=9.3 # trailing comment\n"
                + "not an assignment\n"
                + "BAD-KEY=1\n"
                + "VERSION_CODENAME=\n"
                + "ID_LIKE=\"rhel centos fedora\"\n");
    assertThat(os.id()).isEqualTo("rocky");
    assertThat(os.versionId()).isEqualTo("9.3");
    assertThat(os.prettyName()).isEqualTo("Rocky \"Blue\" $HOME `x` \\ 'single'");
    assertThat(os.codename()).isNull();
  }

  @Test
  void osReleaseLaterAssignmentWinsAndSingleQuotesKeepBackslashes() {
    Map<String, String> vars =
        OsReleaseExtractor.parseOsRelease("ID=a\nID=b\nX='a\\b'\nY=un\\ quoted\nZ=\"open");
    assertThat(vars)
        .containsEntry("ID", "b")
        .containsEntry("X", "a\\b")
        .containsEntry("Y", "un quoted")
        .containsEntry("Z", "open");
  }

  @Test
  void osReleaseWithoutIdIsADiagnostic() throws IOException {
    ExtractResult r = run(x, "etc/os-release", "NAME=\"Something\"\nVERSION_ID=1\n", tmp);
    assertThat(r.os()).isNull();
    assertThat(r.diagnostics())
        .singleElement()
        .asString()
        .startsWith("etc/os-release: no distro identity");
  }

  @Test
  void debianTestingHasNoVersion() throws IOException {
    OsInfo os =
        os(
            "etc/os-release",
            "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nNAME=\"Debian GNU/Linux\"\n"
                + "VERSION_CODENAME=trixie\nID=debian\n");
    assertThat(os.versionId()).isNull();
    assertThat(os.codename()).isEqualTo("trixie");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "etc/debian_version|12.15|debian|12|bookworm",
        "etc/debian_version|11.7|debian|11|bullseye",
        "etc/debian_version|bookworm/sid|debian|-|bookworm",
        "etc/alpine-release|3.19.1|alpine|3.19.1|-",
        "etc/alpine-release|3.20_alpha20240329|alpine|3.20_alpha20240329|-",
        "etc/redhat-release|Red Hat Enterprise Linux release 8.9 (Ootpa)|rhel|8.9|Ootpa",
        "etc/centos-release|CentOS Linux release 7.9.2009 (Core)|centos|7|Core",
        "etc/centos-release|CentOS Stream release 9|centos|9|-",
        "etc/rocky-release|Rocky Linux release 9.3 (Blue Onyx)|rocky|9.3|Blue Onyx",
        "etc/almalinux-release|AlmaLinux release 9.3 (Shamrock Pampas Cat)|almalinux|9.3|Shamrock"
            + " Pampas Cat",
        "etc/fedora-release|Fedora release 39 (Thirty Nine)|fedora|39|Thirty Nine",
        "etc/system-release|Amazon Linux release 2 (Karoo)|amzn|2|Karoo",
        "etc/system-release|Amazon Linux release 2023 (Amazon Linux)|amzn|2023|Amazon Linux",
        "etc/system-release|Amazon Linux AMI release 2018.03|amzn|2018.03|-",
        "etc/redhat-release|Oracle Linux Server release 8.9|ol|8.9|-",
      })
  void releaseFiles(String path, String content, String id, String version, String codename)
      throws IOException {
    OsInfo os = os(path, content + "\n");
    assertThat(os.id()).isEqualTo(id);
    assertThat(os.versionId()).isEqualTo(version);
    assertThat(os.codename()).isEqualTo(codename);
    assertThat(os.source()).isEqualTo(path);
  }

  @Test
  void suseReleaseFiles() throws IOException {
    OsInfo sles =
        os(
            "etc/SuSE-release",
            "SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 4\n");
    assertThat(sles).extracting(OsInfo::id, OsInfo::versionId).containsExactly("sles", "11.4");
    OsInfo leap =
        os("etc/SuSE-release", "openSUSE 42.3 (x86_64)\nVERSION = 42.3\nCODENAME = Malachite\n");
    assertThat(leap)
        .extracting(OsInfo::id, OsInfo::versionId, OsInfo::codename)
        .containsExactly("opensuse-leap", "42.3", "Malachite");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "etc/debian_version|Not A Version",
        "etc/alpine-release|edge build",
        "etc/redhat-release|Some Other Linux release 1.0",
        "etc/redhat-release|no release word here",
        "etc/SuSE-release|openSUSE without version",
        "etc/system-release|''",
      })
  void unrecognisedReleaseFilesAreDiagnostics(String path, String content) throws IOException {
    ExtractResult r = run(x, path, content, tmp);
    assertThat(r.os()).isNull();
    assertThat(r.diagnostics()).singleElement().asString().startsWith(path + ": ");
  }

  @Test
  void randomBytesNeverThrow() throws IOException {
    Random random = new Random(7);
    for (String path : List.of("etc/os-release", "etc/debian_version", "etc/SuSE-release")) {
      for (int round = 0; round < 20; round++) {
        byte[] junk = new byte[4096];
        random.nextBytes(junk);
        ExtractResult r = run(x, path, junk, tmp);
        assertThat(r.os() == null ? r.diagnostics() : List.of("ok")).hasSize(1);
      }
    }
  }

  @Test
  void hugeReleaseFileIsRefusedAndHugeValuesAreClipped() throws IOException {
    byte[] huge = new byte[(int) OsReleaseExtractor.MAX_BYTES + 1];
    assertThatThrownBy(() -> run(x, "etc/os-release", huge, tmp))
        .isInstanceOf(FileTooLargeException.class)
        .hasMessageContaining("etc/os-release");

    OsInfo os = os("etc/os-release", "ID=debian\nPRETTY_NAME=\"" + "x".repeat(60_000) + "\"\n");
    assertThat(os.prettyName()).hasSize(OsReleaseExtractor.MAX_VALUE_CHARS);
  }

  @Test
  void priorityPrefersOsReleaseThenDistroFiles() {
    assertThat(OsReleaseExtractor.priority("etc/os-release"))
        .isLessThan(OsReleaseExtractor.priority("usr/lib/os-release"));
    assertThat(OsReleaseExtractor.priority("usr/lib/os-release"))
        .isLessThan(OsReleaseExtractor.priority("etc/alpine-release"));
    assertThat(OsReleaseExtractor.priority("etc/rocky-release"))
        .isLessThan(OsReleaseExtractor.priority("etc/redhat-release"));
    assertThat(OsReleaseExtractor.priority("etc/redhat-release"))
        .isLessThan(OsReleaseExtractor.priority("etc/debian_version"));
    assertThat(OsReleaseExtractor.priority("etc/unknown")).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void chooseTakesThePreferredFileAndFillsGapsFromTheSameDistro() {
    Map<String, OsInfo> found = new HashMap<>();
    found.put(
        "etc/debian_version",
        new OsInfo("debian", "13", "Debian GNU/Linux 13.1", "trixie", "etc/debian_version"));
    found.put(
        "usr/lib/os-release",
        new OsInfo("debian", null, "Debian GNU/Linux trixie/sid", "trixie", "usr/lib/os-release"));
    found.put("etc/redhat-release", new OsInfo("rhel", "8.9", null, null, "etc/redhat-release"));
    found.put("etc/alpine-release", null);

    assertThat(OsReleaseExtractor.choose(found))
        .isEqualTo(
            new OsInfo(
                "debian", "13", "Debian GNU/Linux trixie/sid", "trixie", "usr/lib/os-release"));
    assertThat(OsReleaseExtractor.choose(Map.of())).isNull();

    // Ubuntu: os-release wins over debian_version's "bookworm/sid"
    assertThat(
            OsReleaseExtractor.choose(
                Map.of(
                    "etc/os-release",
                    new OsInfo("ubuntu", "24.04", null, "noble", "etc/os-release"),
                    "etc/debian_version",
                    new OsInfo("debian", null, null, "trixie", "etc/debian_version"))))
        .extracting(OsInfo::id, OsInfo::versionId, OsInfo::codename)
        .containsExactly("ubuntu", "24.04", "noble");
  }

  private static Package deb(String name, String version) {
    return new Package(
        "deb",
        name,
        version,
        "amd64",
        name,
        version,
        null,
        "var/lib/dpkg/status.d/" + name,
        null,
        null);
  }

  @Test
  void inferFromBaseFilesOrUnanimousDebSuffixes() {
    assertThat(
            OsReleaseExtractor.infer(
                List.of(deb("base-files", "12.4+deb12u5"), deb("x", "1.0-1+deb11u1"))))
        .isEqualTo(new OsInfo("debian", "12", null, "bookworm", OsReleaseExtractor.INFERRED));
    assertThat(
            OsReleaseExtractor.infer(
                List.of(
                    deb("libssl3", "3.0.11-1~deb12u2"),
                    deb("libc6", "2.36-9+deb12u4"),
                    deb("tzdata", "2024a-0+deb12u1"),
                    deb("netbase", "6.4"))))
        .extracting(OsInfo::id, OsInfo::versionId, OsInfo::codename)
        .containsExactly("debian", "12", "bookworm");
  }

  @Test
  void inferIsUnsureWhenSuffixesDisagreeOrAreAbsent() {
    assertThat(
            OsReleaseExtractor.infer(List.of(deb("a", "1.0-1+deb11u1"), deb("b", "2.0-1+deb12u1"))))
        .extracting(OsInfo::id, OsInfo::versionId)
        .containsExactly("debian", null);
    assertThat(OsReleaseExtractor.infer(List.of(deb("a", "1.0-1"), deb("b", "1.0-1debian"))))
        .extracting(OsInfo::versionId)
        .isNull();
    // "deb" not preceded by + or ~, or without u<digit>, is not a release marker
    assertThat(
            OsReleaseExtractor.infer(
                List.of(deb("a", "1.0-1deb12u1"), deb("b", "1.0+deb12"), deb("c", "1+deb12ux"))))
        .extracting(OsInfo::versionId)
        .isNull();
    assertThat(OsReleaseExtractor.infer(List.of(Package.of("maven", "g:a", "1.0", "x.jar"))))
        .isNull();
    assertThat(OsReleaseExtractor.infer(List.of())).isNull();
  }
}
