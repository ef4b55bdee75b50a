package io.drydock.sbom.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractors;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInput;
import io.drydock.sbom.FileInputs;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoBinaryExtractorTest {
  private static final String MOD_INFO =
      "path\texample.com/app/cmd/app\n"
          + "mod\texample.com/app\tv1.4.0\th1:main=\n"
          + "dep\tgolang.org/x/text\tv0.14.0\th1:text=\n"
          + "dep\texample.com/old\tv1.0.0\n"
          + "=>\texample.com/fork\tv1.0.1\th1:fork=\n"
          + "build\t-ldflags=\"-s -w -X main.version=1.4.0\"\n"
          + "build\tGOOS=linux\n";

  private final GoBinaryExtractor extractor = new GoBinaryExtractor();

  @TempDir Path temp;

  private ExtractContext ctx() {
    return new ExtractContext(Limits.defaults(), temp.resolve("ctx"), "test");
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(GoBinaryExtractorTest.class.getResource("/go/" + name).toURI());
  }

  private ExtractResult extract(String imagePath, byte[] content) throws IOException {
    FileInput in = FileInputs.ofBytes(imagePath, content, temp.resolve("spool"));
    return extractor.extract(in, ctx());
  }

  // ---- real binaries built by Go 1.19 (fixtures-src/go/make-fixtures.sh) ----

  @ParameterizedTest
  @ValueSource(strings = {"amd64", "386", "s390x", "mips"})
  void validBinaryMatchesGoVersionM(String arch) throws Exception {
    String name = "hello-linux-" + arch;
    FileInput in = FileInputs.ofFile("usr/local/bin/hello", fixture(name));
    assertThat(extractor.required(in.info())).isTrue();

    ExtractResult result = extractor.extract(in, ctx());

    assertThat(result.diagnostics()).isEmpty();
    List<String> expected = expectedFromGoVersionM(fixture(name + ".version-m.txt"));
    assertThat(result.packages()).extracting(GoBinaryExtractorTest::describe).isEqualTo(expected);
    assertThat(result.packages())
        .allSatisfy(
            p -> {
              assertThat(p.type()).isEqualTo("golang");
              assertThat(p.location()).isEqualTo("usr/local/bin/hello");
              assertThat(p.properties())
                  .containsEntry("go:toolchain", "go1.19.8")
                  .containsEntry("go:main-module", "example.com/hello");
            });
  }

  @Test
  void validBinaryReportsReplacementDevelAndStdlibLikeTrivy() throws Exception {
    ExtractResult result =
        extractor.extract(FileInputs.ofFile("app/hello", fixture("hello-linux-amd64")), ctx());

    Package main = find(result, "example.com/hello");
    assertThat(main.version()).isNull();
    assertThat(main.properties())
        .containsEntry("go:version", "(devel)")
        .containsEntry("go:path", "example.com/hello")
        .containsEntry("go:build:GOOS", "linux")
        .containsEntry("go:build:GOARCH", "amd64")
        .containsEntry("go:build:-trimpath", "true")
        .containsEntry("go:build:CGO_ENABLED", "0");
    Package greet = find(result, "example.com/greet");
    assertThat(greet.version()).isEqualTo("v1.2.3");
    assertThat(greet.properties())
        .containsEntry("go:sum", "h1:uKqWJOusognDZlv2qxWUYg2Fd3VLMKApsqtbCznj4gY=")
        .doesNotContainKey("go:original-path");
    Package local = find(result, "./local");
    assertThat(local.version()).isNull();
    assertThat(local.properties())
        .containsEntry("go:original-path", "example.com/local")
        .containsEntry("go:original-version", "v0.1.0")
        .containsEntry("go:version", "(devel)");
    Package stdlib = find(result, "stdlib");
    assertThat(stdlib.version()).isEqualTo("v1.19.8");
    assertThat(stdlib.properties()).doesNotContainKey("go:build:GOOS");
  }

  // ---- not Go ----

  @Test
  void nonGoElfFromHostIsEmpty() throws Exception {
    Path trueBin = Path.of("/usr/bin/true");
    assumeTrue(Files.isRegularFile(trueBin), "/usr/bin/true not present");
    FileInput in = FileInputs.ofFile("usr/bin/true", trueBin);
    assertThat(extractor.required(in.info())).isTrue();
    assertThat(extractor.extract(in, ctx()).isEmpty()).isTrue();
  }

  @Test
  void executableShellScriptIsEmptyWithoutSpooling() throws Exception {
    byte[] script = ("#!/bin/sh\n" + "# padding\n".repeat(200) + "exec true\n").getBytes();
    FileInfo info = new FileInfo("usr/local/bin/run", script.length, 0755);
    assertThat(extractor.required(info)).isTrue();
    FileInput in =
        new FileInput() {
          @Override
          public FileInfo info() {
            return info;
          }

          @Override
          public java.io.InputStream open() {
            return new java.io.ByteArrayInputStream(script);
          }

          @Override
          public Path file() {
            throw new AssertionError("a script must be rejected from its first bytes");
          }
        };
    assertThat(extractor.extract(in, ctx()).isEmpty()).isTrue();
  }

  @Test
  void goBinaryHeldInMemoryIsReadWithoutSpoolingToDisk() throws Exception {
    byte[] binary = java.nio.file.Files.readAllBytes(fixture("hello-linux-amd64"));
    FileInput bytes =
        io.drydock.sbom.FileInputs.ofBytes("usr/bin/app", binary, Path.of("/nonexistent"));
    FileInput in =
        new FileInput() {
          @Override
          public FileInfo info() {
            return new FileInfo("usr/bin/app", binary.length, 0755);
          }

          @Override
          public java.io.InputStream open() throws java.io.IOException {
            return bytes.open();
          }

          @Override
          public java.nio.channels.SeekableByteChannel channel() throws java.io.IOException {
            return bytes.channel();
          }

          @Override
          public Path file() {
            throw new AssertionError("an in-memory binary must be read through channel()");
          }
        };
    assertThat(extractor.extract(in, ctx()).packages()).isNotEmpty();
  }

  @Test
  void emptyFileIsEmpty() throws Exception {
    assertThat(extract("bin/empty", new byte[0]).isEmpty()).isTrue();
  }

  @Test
  void elfWithoutSectionHeadersOrMagicIsEmpty() throws Exception {
    byte[] elf = SyntheticElf.elf(new byte[64], true, false, false);
    assertThat(extract("bin/x", elf).isEmpty()).isTrue();
  }

  // ---- synthetic layouts real toolchains here cannot produce ----

  @ParameterizedTest
  @ValueSource(strings = {"64le", "64be", "32le", "32be"})
  void pointerFormatOfGo113To117(String shape) throws Exception {
    boolean is64 = shape.startsWith("64");
    boolean bigEndian = shape.endsWith("be");
    byte[] blob = SyntheticElf.pointerBlob("go1.16.15", MOD_INFO, is64 ? 8 : 4, bigEndian);
    ExtractResult result = extract("bin/app", SyntheticElf.elf(blob, is64, bigEndian, true));

    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.packages())
        .extracting(GoBinaryExtractorTest::describe)
        .containsExactly(
            "example.com/app v1.4.0",
            "golang.org/x/text v0.14.0",
            "example.com/fork v1.0.1",
            "stdlib v1.16.15");
  }

  @Test
  void inlineFormatFoundByScanningDataSegmentWithoutSectionHeaders() throws Exception {
    byte[] blob = SyntheticElf.inlineBlob("go1.22.3 X:boringcrypto", MOD_INFO, 8);
    ExtractResult result = extract("bin/app", SyntheticElf.elf(blob, true, false, false));

    assertThat(result.diagnostics()).isEmpty();
    Package main = find(result, "example.com/app");
    assertThat(main.version()).isEqualTo("v1.4.0");
    assertThat(main.properties())
        .containsEntry("go:path", "example.com/app/cmd/app")
        .containsEntry("go:build:-ldflags", "-s -w -X main.version=1.4.0")
        .containsEntry("go:sum", "h1:main=")
        .containsEntry("go:toolchain", "go1.22.3 X:boringcrypto");
    Package fork = find(result, "example.com/fork");
    assertThat(fork.properties())
        .containsEntry("go:original-path", "example.com/old")
        .containsEntry("go:original-version", "v1.0.0")
        .containsEntry("go:sum", "h1:fork=");
    assertThat(find(result, "stdlib").version()).isEqualTo("v1.22.3");
  }

  @Test
  void binaryBuiltOutsideModuleModeReportsStdlibOnly() throws Exception {
    byte[] blob = SyntheticElf.inlineBlob("go1.21.5", "", 8);
    ExtractResult result = extract("bin/tool", SyntheticElf.elf(blob, true, false, true));

    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.packages())
        .extracting(GoBinaryExtractorTest::describe)
        .containsExactly("stdlib v1.21.5");
  }

  @Test
  void malformedModuleLinesBecomeDiagnosticsAndTheRestCounts() throws Exception {
    String mod = "mod\texample.com/app\n=>\ta\tb\n" + "dep\tok.example/dep\tv1.0.0\th1:x=\n";
    byte[] blob = SyntheticElf.inlineBlob("go1.21.5", mod, 8);
    ExtractResult result = extract("bin/app", SyntheticElf.elf(blob, true, false, true));

    assertThat(result.packages())
        .extracting(GoBinaryExtractorTest::describe)
        .containsExactly("ok.example/dep v1.0.0", "stdlib v1.21.5");
    assertThat(result.diagnostics())
        .containsExactly(
            "bin/app: Go module info line 1: expected 2 or 3 columns; got 1",
            "bin/app: Go module info line 2: expected 3 columns for replacement; got 2");
  }

  // ---- truncated, garbage, huge fields: a diagnostic naming the file, never an exception ----

  @ParameterizedTest
  @ValueSource(ints = {20, 100, 4096, 500_000})
  void truncatedGoBinaryIsADiagnostic(int keep) throws Exception {
    byte[] cut = Arrays.copyOf(Files.readAllBytes(fixture("hello-linux-amd64")), keep);

    ExtractResult result = extract("usr/bin/hello", cut);

    assertThat(result.packages()).isEmpty();
    assertThat(result.diagnostics())
        .singleElement()
        .asString()
        .startsWith("usr/bin/hello: ")
        .contains("past the end of the file");
  }

  @Test
  void binaryTruncatedAfterItsBuildInfoStillReports() throws Exception {
    // Go writes section headers near the start and .go.buildinfo before .data: losing the last
    // byte leaves everything this extractor reads intact.
    byte[] full = Files.readAllBytes(fixture("hello-linux-amd64"));
    ExtractResult result = extract("usr/bin/hello", Arrays.copyOf(full, full.length - 1));

    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.packages()).hasSize(4);
  }

  @Test
  void garbageAfterElfMagicIsADiagnostic() throws Exception {
    byte[] garbage = new byte[8192];
    new Random(42).nextBytes(garbage);
    System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}, 0, garbage, 0, 7);

    ExtractResult result = extract("bin/garbage", garbage);

    assertThat(result.packages()).isEmpty();
    assertThat(result.diagnostics()).singleElement().asString().startsWith("bin/garbage: ");
  }

  @Test
  void unknownElfClassIsADiagnostic() throws Exception {
    byte[] bad = Arrays.copyOf(new byte[] {0x7f, 'E', 'L', 'F', 9, 1, 1}, 2048);
    assertThat(extract("bin/bad", bad).diagnostics())
        .containsExactly("bin/bad: unknown ELF class 9");
  }

  @ParameterizedTest
  @ValueSource(ints = {50, 100, 1000})
  void mutatedElfNeverThrows(int seed) throws Exception {
    byte[] base =
        SyntheticElf.elf(
            SyntheticElf.pointerBlob("go1.16.15", MOD_INFO, 8, false), true, false, true);
    // Where offsets, counts, pointers and lengths live: ELF header, program header, blob header and
    // string headers, section headers.
    int[][] regions = {{4, 64}, {0x40, 0x78}, {0x1000, 0x1060}, {base.length - 192, base.length}};
    Random random = new Random(seed);
    int diagnosed = 0;
    for (int round = 0; round < 200; round++) {
      byte[] mutated = base.clone();
      for (int k = 0; k < 1 + random.nextInt(4); k++) {
        int[] region = regions[random.nextInt(regions.length)];
        mutated[region[0] + random.nextInt(region[1] - region[0])] = (byte) random.nextInt(256);
      }
      ExtractResult result = extract("bin/fuzz", mutated);
      assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d).startsWith("bin/fuzz: "));
      diagnosed += result.diagnostics().isEmpty() ? 0 : 1;
    }
    assertThat(diagnosed).isPositive();
  }

  @Test
  void hugeSectionCountIsADiagnostic() throws Exception {
    byte[] elf =
        SyntheticElf.elf(SyntheticElf.inlineBlob("go1.21.5", MOD_INFO, 8), true, false, true);
    ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putShort(60, (short) 0xffff);

    assertThat(extract("bin/app", elf).diagnostics())
        .singleElement()
        .asString()
        .isEqualTo(
            "bin/app: section header table ("
                + 0xffff * 64
                + " bytes at offset "
                + ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).getLong(40)
                + ") lies past the end of the file ("
                + elf.length
                + " bytes)");
  }

  @Test
  void hugeInlineStringLengthIsADiagnostic() throws Exception {
    java.io.ByteArrayOutputStream blob = new java.io.ByteArrayOutputStream();
    blob.writeBytes(SyntheticElf.MAGIC);
    blob.write(8);
    blob.write(2);
    blob.writeBytes(new byte[16]);
    SyntheticElf.writeUvarint(blob, 1L << 40);
    blob.writeBytes("go1.21.5".getBytes(StandardCharsets.UTF_8));

    ExtractResult result =
        extract("bin/app", SyntheticElf.elf(blob.toByteArray(), true, false, true));

    assertThat(result.diagnostics())
        .containsExactly(
            "bin/app: Go version length 1099511627776 exceeds the limit of "
                + Limits.defaults().maxMetadataBytes()
                + " bytes");
  }

  @Test
  void stringLengthPastSegmentEndIsADiagnostic() throws Exception {
    byte[] blob = SyntheticElf.pointerBlob("go1.16.15", MOD_INFO, 8, false);
    // The module-info string header's length: 1 MiB, within limits but past the file's end.
    ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).putLong(32 + 24, 1 << 20);

    ExtractResult result = extract("bin/app", SyntheticElf.elf(blob, true, false, true));

    assertThat(result.packages()).isEmpty();
    assertThat(result.diagnostics())
        .singleElement()
        .asString()
        .startsWith("bin/app: module info (1048576 bytes at 0x")
        .endsWith("is not mapped by the file's segments");
  }

  @Test
  void sectionWithoutMagicIsADiagnostic() throws Exception {
    ExtractResult result = extract("bin/app", SyntheticElf.elf(new byte[64], true, false, true));
    assertThat(result.diagnostics())
        .containsExactly("bin/app: .go.buildinfo does not start with the Go build info magic");
  }

  // ---- required() and the catalogue ----

  @Test
  void requiredWantsExecutablesOnly() {
    assertThat(extractor.required(new FileInfo("usr/local/bin/app", 2_000_000, 0755))).isTrue();
    assertThat(extractor.required(new FileInfo("app", 4096, 0100))).isTrue();
    assertThat(extractor.required(new FileInfo("usr/local/bin/app", 2_000_000, 0644))).isFalse();
    assertThat(extractor.required(new FileInfo("usr/local/bin/app", 1023, 0755))).isFalse();
    assertThat(extractor.required(new FileInfo("usr/local/bin/run.sh", 4096, 0755))).isFalse();
    assertThat(extractor.required(new FileInfo("opt/app/tool.PY", 4096, 0755))).isFalse();
    assertThat(extractor.required(new FileInfo("usr/share/doc/x/run", 4096, 0755))).isFalse();
    assertThat(extractor.required(new FileInfo("etc/init.d/app", 4096, 0755))).isFalse();
  }

  @Test
  void stdlibVersionFollowsTrivy() {
    assertThat(GoBinaryExtractor.stdlibVersion("go1.21.5")).isEqualTo("v1.21.5");
    assertThat(GoBinaryExtractor.stdlibVersion("go1.22.3 X:boringcrypto")).isEqualTo("v1.22.3");
    assertThat(GoBinaryExtractor.stdlibVersion("go1.21rc2")).isEqualTo("v1.21rc2");
    assertThat(GoBinaryExtractor.stdlibVersion("devel go1.23-abcdef")).isNull();
  }

  @Test
  void listedInCatalogue() {
    assertThat(Extractors.all())
        .anySatisfy(e -> assertThat(e).isInstanceOf(GoBinaryExtractor.class));
    assertThat(extractor.name()).isEqualTo("lang/go");
  }

  // ---- helpers ----

  private static Package find(ExtractResult result, String name) {
    return result.packages().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no package " + name + " in " + result.packages()));
  }

  private static String describe(Package p) {
    return p.version() == null ? p.name() : p.name() + " " + p.version();
  }

  /**
   * The packages {@code go version -m} output implies, independently of the extractor's own parser:
   * main module, deps (replacement when followed by {@code =>}), stdlib; {@code (devel)} means no
   * version.
   */
  private static List<String> expectedFromGoVersionM(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String goVersion = lines.get(0).substring(lines.get(0).indexOf(": ") + 2);
    Map<String, String> modules = new LinkedHashMap<>();
    String main = null;
    String lastKey = null;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.strip().split("\t");
      switch (f[0]) {
        case "mod" -> main = withVersion(f[1], f[2]);
        case "dep" -> {
          lastKey = f[1];
          modules.put(lastKey, withVersion(f[1], f[2]));
        }
        case "=>" -> modules.put(lastKey, withVersion(f[1], f[2]));
        default -> {}
      }
    }
    List<String> out = new ArrayList<>();
    out.add(main);
    out.addAll(modules.values());
    out.add("stdlib v" + goVersion.substring(2));
    return out;
  }

  private static String withVersion(String path, String version) {
    return version.equals("(devel)") ? path : path + " " + version;
  }
}
