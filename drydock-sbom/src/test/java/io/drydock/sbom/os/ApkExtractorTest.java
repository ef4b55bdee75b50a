package io.drydock.sbom.os;

import static io.drydock.sbom.os.OsTestSupport.bytes;
import static io.drydock.sbom.os.OsTestSupport.crlf;
import static io.drydock.sbom.os.OsTestSupport.ctx;
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
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApkExtractorTest {
  private static final String DB = "lib/apk/db/installed";
  private static final List<String> VALID =
      List.of(
          "alpine-baselayout-data",
          "musl",
          "busybox",
          "libcrypto3",
          "libssl3",
          "ca-certificates-bundle",
          "scanelf");

  private final ApkExtractor apk = new ApkExtractor();
  @TempDir Path tmp;

  @Test
  void requiredPaths() {
    assertThat(apk.required(new FileInfo("lib/apk/db/installed", 1, 0644))).isTrue();
    assertThat(apk.required(new FileInfo("usr/lib/apk/db/installed", 1, 0644))).isTrue();
    for (String no :
        List.of("lib/apk/db/installed.old", "lib/apk/db/triggers", "x/lib/apk/db/installed")) {
      assertThat(apk.required(new FileInfo(no, 1, 0644))).as(no).isFalse();
    }
  }

  @Test
  void validDatabase() throws IOException {
    ExtractResult r =
        apk.extract(FileInputs.ofFile(DB, OsTestSupport.resource("apk/installed-valid")), ctx(tmp));

    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.packages()).extracting(Package::name).containsExactlyElementsOf(VALID);
    assertThat(r.packages())
        .allSatisfy(
            p -> {
              assertThat(p.type()).isEqualTo("apk");
              assertThat(p.arch()).isEqualTo("x86_64");
              assertThat(p.location()).isEqualTo(DB);
              assertThat(p.sourceVersion()).isEqualTo(p.version());
              assertThat(p.epoch()).isNull();
            });

    Package musl = DpkgExtractorTest.find(r, "musl");
    assertThat(musl.version()).isEqualTo("1.2.4_git20230717-r4");
    assertThat(musl.sourceName()).isEqualTo("musl");
    assertThat(musl.files())
        .containsExactly("lib/ld-musl-x86_64.so.1", "lib/libc.musl-x86_64.so.1");

    Package crypto = DpkgExtractorTest.find(r, "libcrypto3");
    assertThat(crypto.sourceName()).isEqualTo("openssl");
    assertThat(crypto.version()).isEqualTo("3.1.4-r5");
    assertThat(crypto.files())
        .containsExactly(
            "etc/ssl/ct_log_list.cnf",
            "etc/ssl/ct_log_list.cnf.dist",
            "etc/ssl/openssl.cnf",
            "lib/libcrypto.so.3",
            "usr/lib/libcrypto.so.3");

    assertThat(DpkgExtractorTest.find(r, "scanelf").sourceName()).isEqualTo("pax-utils");
    assertThat(DpkgExtractorTest.find(r, "alpine-baselayout-data").files())
        .hasSize(17)
        .contains("etc/passwd", "etc/profile.d/locale.sh");
    // directories without files (F:var/cache/misc) own nothing
    assertThat(DpkgExtractorTest.find(r, "busybox").files())
        .containsExactly(
            "bin/busybox",
            "etc/securetty",
            "etc/udhcpd/udhcpd.conf",
            "usr/share/udhcpc/default.script");
  }

  @Test
  void crlfAndMissingTrailingNewline() {
    byte[] valid = bytes("apk/installed-valid");
    ExtractResult lf = ApkExtractor.parse(DB, valid);
    ExtractResult cr = ApkExtractor.parse(DB, crlf(valid));
    assertThat(cr.diagnostics()).isEmpty();
    assertThat(cr.packages()).isEqualTo(lf.packages());

    ExtractResult noNewline =
        ApkExtractor.parse(DB, "P:a\nV:1-r0\n\nP:b\nV:2-r0".getBytes(StandardCharsets.UTF_8));
    assertThat(noNewline.packages()).extracting(Package::name).containsExactly("a", "b");
    Package b = noNewline.packages().get(1);
    assertThat(b.sourceName()).isEqualTo("b");
    assertThat(b.arch()).isNull();
  }

  @Test
  void emptyDatabase() throws IOException {
    assertThat(run(apk, DB, "", tmp).isEmpty()).isTrue();
    assertThat(run(apk, DB, "\n\n\n", tmp).isEmpty()).isTrue();
  }

  @Test
  void garbageStanzasBecomeDiagnosticsAndTheOthersCount() {
    ExtractResult r = ApkExtractor.parse(DB, bytes("apk/installed-garbage"));

    assertThat(r.packages())
        .extracting(Package::name)
        .containsExactly("good-first", "traversal", "good-last");
    assertThat(DpkgExtractorTest.find(r, "good-first").sourceName()).isEqualTo("good-origin");
    assertThat(DpkgExtractorTest.find(r, "good-first").files()).containsExactly("usr/bin/good");
    assertThat(DpkgExtractorTest.find(r, "traversal").files())
        .containsExactly("usr/lib/ok.so", "etc/fine.conf");
    assertThat(r.diagnostics())
        .hasSize(5)
        .allSatisfy(d -> assertThat(d).startsWith(DB + ": stanza at line "))
        .anySatisfy(d -> assertThat(d).contains("no-colon", "not an 'X:value' line"))
        .anySatisfy(d -> assertThat(d).contains("no-version", "no P: name or V: version"))
        .anySatisfy(d -> assertThat(d).contains("dup-name", "duplicate P:"))
        .anySatisfy(d -> assertThat(d).contains("line 19:", "no P: name"))
        .anySatisfy(d -> assertThat(d).contains("traversal", "3 file paths not normalised"));
  }

  @Test
  void truncatedAnywhereYieldsAPrefixOfThePackages() {
    byte[] full = bytes("apk/installed-valid");
    for (int cut = 0; cut < full.length; cut += 11) {
      ExtractResult r = ApkExtractor.parse(DB, Arrays.copyOf(full, cut));
      assertThat(r.packages()).hasSizeLessThanOrEqualTo(VALID.size());
      for (int k = 0; k < r.packages().size() - 1; k++) {
        assertThat(r.packages().get(k).name()).as("cut at %d", cut).isEqualTo(VALID.get(k));
      }
      assertThat(r.packages())
          .allSatisfy(p -> assertThat(p.files()).noneMatch(f -> f.contains("..")));
    }
  }

  @Test
  void randomBytesNeverThrowAndDiagnosticsStayBounded() {
    Random random = new Random(1);
    for (int round = 0; round < 20; round++) {
      byte[] junk = new byte[64 * 1024];
      random.nextBytes(junk);
      ExtractResult r = ApkExtractor.parse(DB, junk);
      assertThat(r.packages()).isEmpty();
      assertThat(r.diagnostics()).hasSizeLessThanOrEqualTo(21);
    }
  }

  @Test
  void hugeFieldsAreRefusedAndHugeFilesOverTheLimitThrow() throws IOException {
    String huge =
        "P:big\nV:1-r0\nT:"
            + "d".repeat(5_000_000)
            + "\n\nP:longname"
            + "x".repeat(ApkExtractor.MAX_VALUE_BYTES)
            + "\nV:1-r0\n";
    huge += "\nP:longdir\nV:1-r0\nF:" + "d/".repeat(ApkExtractor.MAX_VALUE_BYTES) + "\nR:x\n";
    ExtractResult r = run(apk, DB, huge, tmp);
    assertThat(DpkgExtractorTest.find(r, "longdir").files()).isEmpty();
    assertThat(r.packages()).extracting(Package::name).containsExactly("big", "longdir");
    assertThat(r.diagnostics())
        .hasSize(2)
        .anySatisfy(d -> assertThat(d).contains("longer than 4096 bytes"))
        .anySatisfy(d -> assertThat(d).contains("longdir", "1 file paths not normalised"));

    byte[] valid = bytes("apk/installed-valid");
    assertThatThrownBy(
            () -> apk.extract(FileInputs.ofBytes(DB, valid, tmp), ctx(tmp, valid.length - 1)))
        .isInstanceOf(FileTooLargeException.class)
        .hasMessageContaining(DB);
  }
}
