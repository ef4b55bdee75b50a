package io.drydock.sbom.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInputs;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonExtractorTest {
  private final PythonExtractor extractor = new PythonExtractor();

  @TempDir Path tmp;

  private ExtractResult extract(String path, byte[] content, Limits limits) throws IOException {
    return extractor.extract(
        FileInputs.ofBytes(path, content, tmp), new ExtractContext(limits, tmp, "test"));
  }

  private ExtractResult extract(String path, String content) throws IOException {
    return extract(path, content.getBytes(StandardCharsets.UTF_8), Limits.defaults());
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = PythonExtractorTest.class.getResourceAsStream("/python/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void requiredForDistInfoMetadataEggInfoPkgInfoAndEggInfoFiles() {
    for (String ok :
        List.of(
            "usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA",
            "usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO",
            "usr/lib/python2.7/wsgiref.egg-info")) {
      assertThat(extractor.required(new FileInfo(ok, 1, 0644))).as(ok).isTrue();
    }
    for (String no :
        List.of(
            "usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD",
            "usr/lib/python3/dist-packages/x/METADATA",
            "usr/lib/python3/dist-packages/six-1.16.0.egg-info/requires.txt",
            "PKG-INFO",
            ".egg-info")) {
      assertThat(extractor.required(new FileInfo(no, 1, 0644))).as(no).isFalse();
    }
  }

  @Test
  void normaliseFollowsPep503() {
    assertThat(PythonExtractor.normalise("PyYAML")).isEqualTo("pyyaml");
    assertThat(PythonExtractor.normalise("lazr.uri")).isEqualTo("lazr-uri");
    assertThat(PythonExtractor.normalise("Foo__Bar-.baz")).isEqualTo("foo-bar-baz");
  }

  @Test
  void valid_realDebianMetadataFiles() throws Exception {
    List<Package> found = new ArrayList<>();
    for (String[] f :
        new String[][] {
          {
            "PyYAML-6.0.dist-info.METADATA",
            "usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA"
          },
          {
            "lazr.uri-1.0.6.egg-info.PKG-INFO",
            "usr/lib/python3/dist-packages/lazr.uri-1.0.6.egg-info/PKG-INFO"
          },
          {
            "six-1.16.0.egg-info.PKG-INFO",
            "usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO"
          },
          {
            "python_apt-2.6.0.egg-info.PKG-INFO",
            "usr/lib/python3/dist-packages/python_apt-2.6.0.egg-info/PKG-INFO"
          }
        }) {
      ExtractResult r = extract(f[1], resource(f[0]), Limits.defaults());
      assertThat(r.diagnostics()).as(f[0]).isEmpty();
      found.addAll(r.packages());
    }
    assertThat(found)
        .extracting(
            Package::type,
            Package::name,
            Package::version,
            p -> p.properties().get("python:name"),
            p -> p.properties().get("license"))
        .containsExactly(
            tuple("pypi", "pyyaml", "6.0", "PyYAML", "MIT"),
            tuple("pypi", "lazr-uri", "1.0.6", "lazr.uri", "LGPL v3"),
            tuple("pypi", "six", "1.16.0", "six", "MIT"),
            tuple("pypi", "python-apt", "2.6.0", "python-apt", "GNU GPL"));
    assertThat(found.get(0).location())
        .isEqualTo("usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA");
  }

  @Test
  void bodyAfterTheFirstBlankLineIsNotRead() throws Exception {
    // the description may hold header-like lines; they must not override the header
    String m =
        "Metadata-Version: 2.1\r\nName: real\r\nVersion: 1.0\r\n\r\nName: fake\nVersion: 9\n";

    ExtractResult r = extract("x/real-1.0.dist-info/METADATA", m);

    assertThat(r.packages())
        .extracting(Package::name, Package::version)
        .containsExactly(tuple("real", "1.0"));
  }

  @Test
  void eggInfoFileFormAndContinuationLines() throws Exception {
    String m =
        "Metadata-Version: 1.0\nName: wsgiref\nVersion: 0.1.2\nSummary: WSGI (PEP 333)\n"
            + "License: PSF\n        or ZPL\nPlatform: UNKNOWN\n";

    ExtractResult r = extract("usr/lib/python2.7/wsgiref.egg-info", m);

    assertThat(r.packages())
        .extracting(Package::name, Package::version)
        .containsExactly(tuple("wsgiref", "0.1.2"));
    // a multi-line licence text is not a licence name
    assertThat(r.packages().get(0).properties()).doesNotContainKey("license");
  }

  @Test
  void emptyTruncatedAndGarbageAreDiagnostics() throws Exception {
    String whole = new String(resource("PyYAML-6.0.dist-info.METADATA"), StandardCharsets.UTF_8);
    for (String bad :
        List.of("", whole.substring(0, whole.indexOf("Version")), "\u0000\u00ff\u0001 garbage")) {
      ExtractResult r = extract("x/y.dist-info/METADATA", bad);
      assertThat(r.packages()).as(bad).isEmpty();
      assertThat(r.diagnostics()).singleElement().asString().contains("no Name and Version");
    }
  }

  @Test
  void hugeField_andHeaderOverTheLimit() throws Exception {
    ExtractResult longName =
        extract("x/y.dist-info/METADATA", "Name: " + "a".repeat(10_000) + "\nVersion: 1\n");
    assertThat(longName.packages()).isEmpty();
    assertThat(longName.diagnostics()).singleElement().asString().contains("too long");

    byte[] endless = ("Name: a\nVersion: 1\n" + "Classifier: x\n".repeat(10_000)).getBytes();
    Limits small = new Limits(1L << 30, 4096, 4, 1000, 1L << 30);
    ExtractResult over = extract("x/y.dist-info/METADATA", endless, small);
    assertThat(over.packages()).isEmpty();
    assertThat(over.diagnostics()).singleElement().asString().contains("longer than 4096 bytes");
  }

  @Test
  void nestedLimits_hugeBodyIsNeverRead() throws Exception {
    // a 4 KiB metadata limit, a small header and a 1 MiB description: fine, the body is skipped
    byte[] m = ("Name: big-body\nVersion: 2\n\n" + "d".repeat(1 << 20)).getBytes();
    Limits small = new Limits(1L << 30, 4096, 4, 1000, 1L << 30);

    assertThat(extract("x/big_body-2.dist-info/METADATA", m, small).packages())
        .extracting(Package::name)
        .containsExactly("big-body");
  }

  @Test
  void everyDistributionOnThisDebianMachineParses() throws Exception {
    Path dist = Path.of("/usr/lib/python3/dist-packages");
    Assumptions.assumeTrue(Files.isDirectory(dist), "no Debian python3 here");
    List<Path> files;
    try (Stream<Path> s = Files.walk(dist, 2)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(p -> extractor.required(new FileInfo(dist.relativize(p).toString(), 1, 0644)))
              .toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    for (Path f : files) {
      String imagePath = "usr/lib/python3/dist-packages/" + dist.relativize(f);
      ExtractResult r =
          extractor.extract(
              FileInputs.ofFile(imagePath, f), new ExtractContext(Limits.defaults(), tmp, "test"));
      assertThat(r.diagnostics()).as(imagePath).isEmpty();
      assertThat(r.packages())
          .as(imagePath)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.version()).isNotBlank();
                assertThat(p.name()).matches("[a-z0-9]+(-[a-z0-9]+)*");
              });
    }
  }
}
