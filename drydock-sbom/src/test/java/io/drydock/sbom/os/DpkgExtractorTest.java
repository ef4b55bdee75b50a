package io.drydock.sbom.os;

import static io.drydock.sbom.os.OsTestSupport.bytes;
import static io.drydock.sbom.os.OsTestSupport.crlf;
import static io.drydock.sbom.os.OsTestSupport.ctx;
import static io.drydock.sbom.os.OsTestSupport.exec;
import static io.drydock.sbom.os.OsTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInputs;
import io.drydock.sbom.FileTooLargeException;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpkgExtractorTest {
  private static final String STATUS = "var/lib/dpkg/status";
  private static final List<String> VALID_INSTALLED =
      List.of(
          "base-files",
          "bash",
          "coreutils",
          "libc6",
          "libssl3",
          "login",
          "tzdata",
          "zlib1g",
          "state-unpacked",
          "state-half-configured",
          "state-triggers-pending",
          "state-triggers-awaited");

  private final DpkgExtractor dpkg = new DpkgExtractor();
  @TempDir Path tmp;

  @Test
  void requiredPaths() {
    assertThat(dpkg.required(new FileInfo("var/lib/dpkg/status", 1, 0644))).isTrue();
    assertThat(dpkg.required(new FileInfo("var/lib/dpkg/status.d/libssl3", 1, 0644))).isTrue();
    assertThat(dpkg.required(new FileInfo("var/lib/dpkg/info/bash.list", 1, 0644))).isTrue();
    assertThat(dpkg.required(new FileInfo("var/lib/dpkg/info/libc6:amd64.list", 1, 0644))).isTrue();
    for (String no :
        List.of(
            "var/lib/dpkg/status-old",
            "var/lib/dpkg/statusx",
            "var/lib/dpkg/status.d/libssl3.md5sums",
            "var/lib/dpkg/status.d/",
            "var/lib/dpkg/status.d/sub/x",
            "var/lib/dpkg/info/bash.md5sums",
            "var/lib/dpkg/info/.list",
            "var/lib/dpkg/info/sub/bash.list",
            "usr/var/lib/dpkg/status",
            "etc/os-release")) {
      assertThat(dpkg.required(new FileInfo(no, 1, 0644))).as(no).isFalse();
    }
  }

  @Test
  void validStatusReportsPackagesWhoseFilesAreOnDisk() throws IOException {
    ExtractResult r =
        dpkg.extract(
            FileInputs.ofFile(STATUS, OsTestSupport.resource("dpkg/status-valid")), ctx(tmp));

    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.packages()).extracting(Package::name).containsExactlyElementsOf(VALID_INSTALLED);
    assertThat(r.packages()).allSatisfy(p -> assertThat(p.location()).isEqualTo(STATUS));
    assertThat(r.packages()).allSatisfy(p -> assertThat(p.type()).isEqualTo("deb"));

    Package bash = find(r, "bash");
    assertThat(bash.version()).isEqualTo("5.2.15-2+b8");
    assertThat(bash.sourceName()).isEqualTo("bash");
    assertThat(bash.sourceVersion()).isEqualTo("5.2.15-2");
    assertThat(bash.arch()).isEqualTo("amd64");
    assertThat(bash.epoch()).isNull();
    assertThat(bash.properties()).containsEntry(DpkgExtractor.MULTI_ARCH, "foreign");

    Package libc = find(r, "libc6");
    assertThat(libc.sourceName()).isEqualTo("glibc");
    assertThat(libc.sourceVersion()).isEqualTo("2.36-9+deb12u14");
    assertThat(libc.properties()).containsEntry(DpkgExtractor.MULTI_ARCH, "same");

    Package login = find(r, "login");
    assertThat(login.version()).isEqualTo("1:4.13+dfsg1-1+deb12u1");
    assertThat(login.sourceName()).isEqualTo("shadow");
    assertThat(login.sourceVersion()).isEqualTo("1:4.13+dfsg1-1+deb12u1");

    Package coreutils = find(r, "coreutils");
    assertThat(coreutils.sourceName()).isEqualTo("coreutils");
    assertThat(coreutils.sourceVersion()).isEqualTo("9.1-1");

    assertThat(find(r, "tzdata").arch()).isEqualTo("all");
  }

  /** dpkg's own parser and ours agree on the fixture (names with arch qualifier, versions). */
  @Test
  void validStatusAgreesWithDpkgQuery() throws Exception {
    Path admin = Files.createDirectories(tmp.resolve("admin"));
    Files.createDirectories(admin.resolve("info"));
    Files.copy(OsTestSupport.resource("dpkg/status-valid"), admin.resolve("status"));
    ExtractResult r = DpkgExtractor.parseStatus(STATUS, bytes("dpkg/status-valid"), false);

    assertThat(binaryPackages(r.packages(), nativeArch())).isEqualTo(dpkgQuery(admin));
  }

  @Test
  void crlfLineEndingsGiveTheSamePackages() {
    ExtractResult lf = DpkgExtractor.parseStatus(STATUS, bytes("dpkg/status-valid"), false);
    ExtractResult cr = DpkgExtractor.parseStatus(STATUS, crlf(bytes("dpkg/status-valid")), false);

    assertThat(cr.diagnostics()).isEmpty();
    assertThat(cr.packages()).isEqualTo(lf.packages());
  }

  @Test
  void missingTrailingNewlineKeepsTheLastStanza() throws IOException {
    ExtractResult r =
        run(
            dpkg,
            STATUS,
            "Package: a\nStatus: install ok installed\nVersion: 1.0\n\n"
                + "Package: b\nStatus: install ok installed\nVersion: 2:3.0-1",
            tmp);

    assertThat(r.packages()).extracting(Package::name).containsExactly("a", "b");
    assertThat(find(r, "b").version()).isEqualTo("2:3.0-1");
    assertThat(find(r, "b").arch()).isNull();
  }

  @Test
  void fieldNamesAreCaseInsensitiveAndBlankLinesMayHoldSpaces() throws IOException {
    ExtractResult r =
        run(
            dpkg,
            STATUS,
            "package: a\nSTATUS: install ok installed\nversion:1.0\n  \t\n"
                + "Package: b\nStatus: install ok installed\nVersion: 2.0\n",
            tmp);

    assertThat(r.packages()).extracting(Package::name).containsExactly("a", "b");
    assertThat(find(r, "a").version()).isEqualTo("1.0");
  }

  @Test
  void emptyFileHasNoPackagesAndNoProblems() throws IOException {
    assertThat(run(dpkg, STATUS, "", tmp).isEmpty()).isTrue();
    assertThat(run(dpkg, STATUS, "\n\n\r\n  \n", tmp).isEmpty()).isTrue();
  }

  @Test
  void garbageStanzasBecomeDiagnosticsAndTheOthersCount() {
    ExtractResult r = DpkgExtractor.parseStatus(STATUS, bytes("dpkg/status-garbage"), false);

    assertThat(r.packages()).extracting(Package::name).containsExactly("good-first", "good-last");
    Package last = find(r, "good-last");
    assertThat(last.version()).isEqualTo("1:7.0-1");
    assertThat(last.sourceName()).isEqualTo("good-src");
    assertThat(last.sourceVersion()).isEqualTo("0.9-1");
    assertThat(r.diagnostics())
        .hasSize(6)
        .allSatisfy(d -> assertThat(d).startsWith(STATUS + ": stanza at line "))
        .anySatisfy(d -> assertThat(d).contains("broken-no-colon", "not a 'Field: value' line"))
        .anySatisfy(d -> assertThat(d).contains("broken-status", "not three words"))
        .anySatisfy(d -> assertThat(d).contains("no-version", "no valid Version"))
        .anySatisfy(d -> assertThat(d).contains("broken-orphan", "continuation line"))
        .anySatisfy(d -> assertThat(d).contains("dup-version", "duplicate field Version"))
        .anySatisfy(d -> assertThat(d).contains("no valid Package"));
  }

  @Test
  void randomBytesNeverThrowAndDiagnosticsStayBounded() {
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      byte[] junk = new byte[64 * 1024];
      random.nextBytes(junk);
      ExtractResult r = DpkgExtractor.parseStatus(STATUS, junk, false);
      assertThat(r.packages()).isEmpty();
      assertThat(r.diagnostics()).hasSizeLessThanOrEqualTo(21);
    }
  }

  @Test
  void truncatedAnywhereYieldsAPrefixOfThePackages() {
    byte[] full = bytes("dpkg/status-valid");
    for (int cut = 0; cut < full.length; cut += 13) {
      ExtractResult r = DpkgExtractor.parseStatus(STATUS, Arrays.copyOf(full, cut), false);
      assertThat(r.packages()).hasSizeLessThanOrEqualTo(VALID_INSTALLED.size());
      for (int k = 0; k < r.packages().size(); k++) {
        // the last one may have a cut name or version; all before it are whole
        String name = r.packages().get(k).name();
        if (k < r.packages().size() - 1) {
          assertThat(name).as("cut at %d", cut).isEqualTo(VALID_INSTALLED.get(k));
        } else {
          assertThat(VALID_INSTALLED.get(k)).as("cut at %d", cut).startsWith(name);
        }
      }
    }
  }

  @Test
  void hugeDescriptionIsSkippedAndHugeVersionIsRefused() {
    StringBuilder s = new StringBuilder("Package: big\nStatus: install ok installed\n");
    s.append("Description: huge\n");
    String chunk = " " + "x".repeat(1000) + "\n";
    for (int k = 0; k < 8_000; k++) {
      s.append(chunk);
    }
    s.append("Version: 1.0\n\nPackage: longversion\nStatus: install ok installed\nVersion: ");
    s.append("9".repeat(DpkgExtractor.MAX_VALUE_BYTES + 1)).append('\n');

    ExtractResult r =
        DpkgExtractor.parseStatus(STATUS, s.toString().getBytes(StandardCharsets.UTF_8), false);

    assertThat(r.packages()).extracting(Package::name).containsExactly("big");
    assertThat(r.diagnostics())
        .singleElement()
        .asString()
        .contains("longversion", "Version longer than 4096 bytes");
  }

  @Test
  void fileOverTheMetadataLimitIsRefusedWithItsPath() {
    byte[] status = bytes("dpkg/status-valid");
    assertThatThrownBy(
            () ->
                dpkg.extract(FileInputs.ofBytes(STATUS, status, tmp), ctx(tmp, status.length - 1)))
        .isInstanceOf(FileTooLargeException.class)
        .hasMessageContaining(STATUS);
  }

  @Test
  void distrolessStanzaFilesNeedNoStatusField() throws IOException {
    for (String p : List.of("base-files", "libssl3", "tzdata")) {
      String path = "var/lib/dpkg/status.d/" + p;
      ExtractResult r = run(dpkg, path, bytes("dpkg/status.d/" + p), tmp);
      assertThat(r.diagnostics()).isEmpty();
      assertThat(r.packages())
          .singleElement()
          .satisfies(
              pkg -> {
                assertThat(pkg.name()).isEqualTo(p);
                assertThat(pkg.location()).isEqualTo(path);
              });
    }
    Package ssl =
        run(dpkg, "var/lib/dpkg/status.d/libssl3", bytes("dpkg/status.d/libssl3"), tmp)
            .packages()
            .get(0);
    assertThat(ssl.version()).isEqualTo("3.0.19-1~deb12u2");
    assertThat(ssl.sourceName()).isEqualTo("openssl");
    assertThat(ssl.sourceVersion()).isEqualTo("3.0.19-1~deb12u2");
  }

  @Test
  void statusFileStanzaWithoutStatusIsADiagnostic() throws IOException {
    ExtractResult r = run(dpkg, STATUS, "Package: a\nVersion: 1\n", tmp);
    assertThat(r.packages()).isEmpty();
    assertThat(r.diagnostics()).singleElement().asString().contains("no Status field");
  }

  @Test
  void listFileKeysAndImageRelativePaths() throws IOException {
    ExtractResult bash = run(dpkg, "var/lib/dpkg/info/bash.list", bytes("dpkg/bash.list"), tmp);
    assertThat(bash.diagnostics()).isEmpty();
    assertThat(bash.ownedFiles()).containsOnlyKeys("bash");
    List<String> files = bash.ownedFiles().get("bash");
    assertThat(files).contains("bin/bash", "etc/bash.bashrc", "usr/share/doc/bash/copyright");
    assertThat(files).noneMatch(f -> f.isEmpty() || f.startsWith("/") || f.equals("."));
    assertThat(files).hasSize(countLines("dpkg/bash.list") - 1); // all but "/."

    ExtractResult libc =
        run(dpkg, "var/lib/dpkg/info/libc6:amd64.list", bytes("dpkg/libc6_amd64.list"), tmp);
    assertThat(libc.ownedFiles()).containsOnlyKeys("libc6:amd64");
    assertThat(libc.ownedFiles().get("libc6:amd64")).contains("lib/x86_64-linux-gnu/libc.so.6");
  }

  @Test
  void listFileDropsPathsThatAreNotNormalisedAbsolute() throws IOException {
    ExtractResult r =
        run(
            dpkg,
            "var/lib/dpkg/info/evil.list",
            "/.\r\n/usr\r\n/usr/bin/ok\r\n/../etc/shadow\r\nrelative/x\r\n/a//b\r\n/a/./b\r\n"
                + "/a/..\r\n\r\n/usr/bin/ok2",
            tmp);

    assertThat(r.ownedFiles().get("evil")).containsExactly("usr", "usr/bin/ok", "usr/bin/ok2");
    assertThat(r.diagnostics())
        .hasSize(5)
        .allSatisfy(d -> assertThat(d).startsWith("var/lib/dpkg/info/evil.list: line "));
  }

  @Test
  void emptyListFileOwnsNothing() throws IOException {
    ExtractResult r = run(dpkg, "var/lib/dpkg/info/x:arm64.list", "", tmp);
    assertThat(r.ownedFiles()).containsExactly(java.util.Map.entry("x:arm64", List.of()));
  }

  static Package find(ExtractResult r, String name) {
    return r.packages().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no package " + name + " in " + r.packages()));
  }

  private static int countLines(String resource) {
    return (int)
        new String(bytes(resource), StandardCharsets.UTF_8)
            .lines()
            .filter(l -> !l.isEmpty())
            .count();
  }

  /**
   * {@code ${binary:Package}\t${Version}} as dpkg-query prints it (arch-qualified when ambiguous).
   */
  static Set<String> binaryPackages(List<Package> packages, String nativeArch) {
    Set<String> out = new HashSet<>();
    for (Package p : packages) {
      boolean qualify =
          "same".equals(p.properties().get(DpkgExtractor.MULTI_ARCH))
              || (p.arch() != null && !p.arch().equals("all") && !p.arch().equals(nativeArch));
      out.add(p.name() + (qualify ? ":" + p.arch() : "") + "\t" + p.version());
    }
    return out;
  }

  static String nativeArch() throws Exception {
    return exec("dpkg", "--print-architecture").get(0).trim();
  }

  /**
   * What dpkg-query lists for {@code admindir}, restricted to the states whose files are on disk
   * (dpkg-query -W itself lists every package not in state not-installed, config-files included).
   */
  static Set<String> dpkgQuery(Path admindir) throws Exception {
    return exec(
            "dpkg-query",
            "--admindir=" + admindir,
            "-W",
            "-f",
            "${db:Status-Status}\\t${binary:Package}\\t${Version}\\n")
        .stream()
        .map(l -> l.split("\t", 2))
        .filter(f -> DpkgExtractor.FILES_PRESENT.contains(f[0]))
        .map(f -> f[1])
        .collect(Collectors.toSet());
  }
}
