package io.drydock.sbom.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInputs;
import io.drydock.sbom.FileTooLargeException;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Package;
import io.drydock.testing.Testbed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmExtractorTest {
  private final NpmExtractor extractor = new NpmExtractor();

  @TempDir Path tmp;

  private ExtractResult extract(String path, byte[] content, Limits limits) throws IOException {
    return extractor.extract(
        FileInputs.ofBytes(path, content, tmp), new ExtractContext(limits, tmp, "test"));
  }

  private ExtractResult extract(String path, String content) throws IOException {
    return extract(path, content.getBytes(StandardCharsets.UTF_8), Limits.defaults());
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = NpmExtractorTest.class.getResourceAsStream("/npm/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void requiredOnlyForPackageJsonDirectlyInAPackageDir() {
    for (String ok :
        List.of(
            "node_modules/lodash/package.json",
            "opt/app/node_modules/@types/ms/package.json",
            "node_modules/a/node_modules/b/package.json",
            "node_modules/.pnpm/lodash@4.17.15/node_modules/lodash/package.json")) {
      assertThat(extractor.required(new FileInfo(ok, 1, 0644))).as(ok).isTrue();
    }
    for (String no :
        List.of(
            "package.json",
            "opt/app/package.json",
            "node_modules/package.json",
            "node_modules/@types/package.json",
            "node_modules/lodash/test/fixtures/package.json",
            "node_modules/@types/ms/sub/package.json",
            "node_modules/.bin/package.json",
            "node_modules/lodash/package.json5")) {
      assertThat(extractor.required(new FileInfo(no, 1, 0644))).as(no).isFalse();
    }
  }

  @Test
  void valid_realScopedPackageJson() throws Exception {
    ExtractResult r =
        extract(
            "node_modules/@types/ms/package.json",
            resource("types-ms-0.7.34.package.json"),
            Limits.defaults());

    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.packages())
        .extracting(Package::type, Package::name, Package::version, Package::location)
        .containsExactly(
            tuple("npm", "@types/ms", "0.7.34", "node_modules/@types/ms/package.json"));
    assertThat(r.packages().get(0).properties()).containsEntry("license", "MIT");
  }

  @Test
  void valid_realPackageJsonWithoutLicenseHasNoLicenseProperty() throws Exception {
    ExtractResult r =
        extract(
            "node_modules/uid2/package.json",
            resource("uid2-0.0.3.package.json"),
            Limits.defaults());

    assertThat(r.packages())
        .extracting(Package::name, Package::version)
        .containsExactly(tuple("uid2", "0.0.3"));
    assertThat(r.packages().get(0).properties()).doesNotContainKey("license");
  }

  @Test
  void licenseObjectAndLegacyLicensesArray() throws Exception {
    ExtractResult obj =
        extract(
            "node_modules/a/package.json",
            "{\"name\":\"a\",\"version\":\"1.0.0\",\"license\":{\"type\":\"ISC\",\"url\":\"x\"}}");
    ExtractResult arr =
        extract(
            "node_modules/b/package.json",
            "{\"name\":\"b\",\"version\":\"0.1.0\",\"licenses\":[{\"type\":\"MIT\"},{\"type\":\"Apache-2.0\"}]}");

    assertThat(obj.packages().get(0).properties()).containsEntry("license", "ISC");
    assertThat(arr.packages().get(0).properties()).containsEntry("license", "(MIT OR Apache-2.0)");
  }

  @Test
  void withoutNameOrVersionIsSkippedSilently() throws Exception {
    assertThat(extract("node_modules/a/package.json", "{\"name\":\"a\"}").isEmpty()).isTrue();
    assertThat(extract("node_modules/a/package.json", "{\"version\":\"1.0.0\"}").isEmpty())
        .isTrue();
    assertThat(extract("node_modules/a/package.json", "{\"name\":1,\"version\":2}").isEmpty())
        .isTrue();
  }

  @Test
  void emptyTruncatedAndGarbageAreDiagnostics() throws Exception {
    String whole = new String(resource("types-ms-0.7.34.package.json"), StandardCharsets.UTF_8);
    for (String bad : List.of("", whole.substring(0, whole.length() / 2), "\u0000\u0001garbage{")) {
      ExtractResult r = extract("node_modules/x/package.json", bad);
      assertThat(r.packages()).isEmpty();
      assertThat(r.diagnostics())
          .singleElement()
          .asString()
          .startsWith("node_modules/x/package.json: ");
    }
    ExtractResult array = extract("node_modules/x/package.json", "[1,2]");
    assertThat(array.diagnostics()).singleElement().asString().contains("not a JSON object");
  }

  @Test
  void hugeField_fileOverTheLimitThrowsAndLongNameIsADiagnostic() throws Exception {
    byte[] big =
        ("{\"name\":\"a\",\"version\":\"1\",\"d\":\"" + "x".repeat(5000) + "\"}").getBytes();
    Limits small = new Limits(1L << 30, 1024, 4, 1000, 1L << 30);
    assertThatThrownBy(() -> extract("node_modules/a/package.json", big, small))
        .isInstanceOf(FileTooLargeException.class)
        .hasMessageContaining("node_modules/a/package.json");

    ExtractResult longName =
        extract(
            "node_modules/a/package.json",
            "{\"name\":\"" + "n".repeat(300) + "\",\"version\":\"1.0.0\"}");
    assertThat(longName.packages()).isEmpty();
    assertThat(longName.diagnostics()).singleElement().asString().contains("too long");
  }

  @Test
  void nestedLimits_deeplyNestedJsonIsADiagnosticNotAStackOverflow() throws Exception {
    String deep =
        "{\"name\":\"a\",\"version\":\"1\",\"x\":"
            + "[".repeat(100_000)
            + "]".repeat(100_000)
            + "}";

    ExtractResult r = extract("node_modules/a/package.json", deep);

    assertThat(r.packages()).isEmpty();
    assertThat(r.diagnostics()).singleElement().asString().contains("malformed package.json");
  }

  @Test
  void testbedAppImageHasLodashAndMinimist() throws Exception {
    Testbed tb = Testbed.require();
    Path app = tb.rootfs(Testbed.Img.APP_1_0_BASE_V1);
    List<Package> found = new java.util.ArrayList<>();
    for (String p :
        List.of(
            "opt/app/node_modules/lodash/package.json",
            "opt/app/node_modules/minimist/package.json")) {
      assertThat(extractor.required(new FileInfo(p, 1, 0644))).isTrue();
      ExtractResult r =
          extractor.extract(
              FileInputs.ofFile(p, app.resolve(p)),
              new ExtractContext(Limits.defaults(), tmp, "test"));
      assertThat(r.diagnostics()).isEmpty();
      found.addAll(r.packages());
    }
    assertThat(found)
        .extracting(Package::name, Package::version, pk -> pk.properties().get("license"))
        .containsExactly(tuple("lodash", "4.17.15", "MIT"), tuple("minimist", "1.2.5", "MIT"));
    assertThat(Files.isRegularFile(app.resolve("opt/app/package.json"))).isTrue();
    assertThat(extractor.required(new FileInfo("opt/app/package.json", 1, 0644))).isFalse();
  }
}
