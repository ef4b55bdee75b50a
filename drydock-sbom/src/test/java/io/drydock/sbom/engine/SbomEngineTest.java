package io.drydock.sbom.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Image;
import io.drydock.oci.ImageSource;
import io.drydock.oci.ImageSources;
import io.drydock.oci.Platform;
import io.drydock.oci.Target;
import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.engine.BaseAttribution.BaseHint;
import io.drydock.sbom.engine.BaseAttribution.BaseLookup;
import io.drydock.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomEngineTest {
  @TempDir Path tmp;

  private SbomEngine engine(Path cache) {
    return new SbomEngine(
        new SbomEngine.Options(
            List.of(
                new LineExtractor("os/lines", "var/os"), new LineExtractor("lang/lines", "app")),
            Limits.defaults(),
            cache,
            tmp.resolve("temp"),
            2,
            (os, comps) -> null));
  }

  private Sbom sbom(TestImages img, Path cache) throws IOException {
    return sbom(img, cache, null);
  }

  private Sbom sbom(TestImages img, Path cache, BaseHint hint) throws IOException {
    Path layout = tmp.resolve("layout-" + System.nanoTime());
    img.writeLayout(layout, "t");
    try (ImageSource src = ImageSources.open(Target.parse("oci:" + layout + ":t"), () -> null)) {
      Image image = src.image(Platform.LINUX_AMD64);
      return engine(cache).analyze(image, "oci:test", hint, BaseLookup.none());
    }
  }

  private static List<String> names(Sbom s) {
    return s.components().stream()
        .map(c -> c.pkg().name() + "@" + c.pkg().version() + "#" + c.layer())
        .toList();
  }

  @Test
  void whiteoutRemovesAFileOfALowerLayer() throws IOException {
    Sbom s =
        sbom(
            TestImages.image()
                .layer(l -> l.file("app/a.txt", "a 1\n").file("app/b.txt", "b 1\n"))
                .layer(l -> l.whiteout("app/a.txt")),
            null);
    assertThat(names(s)).containsExactly("b@1#0");
    assertThat(s.partial()).isFalse();
  }

  @Test
  void whiteoutOfADirectoryRemovesEverythingUnderIt() throws IOException {
    Sbom s =
        sbom(
            TestImages.image()
                .layer(l -> l.file("app/x/a.txt", "a 1\n").file("app/xy.txt", "xy 1\n"))
                .layer(l -> l.whiteout("app/x")),
            null);
    assertThat(names(s)).containsExactly("xy@1#0");
  }

  @Test
  void opaqueDirectoryHidesLowerContentButKeepsItsOwn() throws IOException {
    Sbom s =
        sbom(
            TestImages.image()
                .layer(l -> l.file("app/sub/x.txt", "x 1\n").file("app/other.txt", "o 1\n"))
                .layer(l -> l.opaque("app/sub").file("app/sub/y.txt", "y 2\n")),
            null);
    assertThat(names(s)).containsExactlyInAnyOrder("o@1#0", "y@2#1");
  }

  @Test
  void rewrittenDatabaseKeepsUnchangedPackagesInTheirFirstLayer() throws IOException {
    Sbom s =
        sbom(
            TestImages.image()
                .layer(l -> l.file("var/os/status.txt", "a 1\nb 1\n"))
                .layer(l -> l.file("app/x.txt", "x 1\n"))
                .layer(l -> l.file("var/os/status.txt", "a 1\nb 2\nc 1\n")),
            null);
    assertThat(names(s)).containsExactly("a@1#0", "x@1#1", "b@2#2", "c@1#2");
  }

  @Test
  void packageRemovedAndAddedAgainCountsFromItsReturn() throws IOException {
    Sbom s =
        sbom(
            TestImages.image()
                .layer(l -> l.file("var/os/status.txt", "a 1\n"))
                .layer(l -> l.file("var/os/status.txt", "b 1\n"))
                .layer(l -> l.file("var/os/status.txt", "a 1\nb 1\n")),
            null);
    assertThat(names(s)).containsExactly("b@1#1", "a@1#2");
  }

  @Test
  void hardLinkGetsTheTargetsResultsAndSymlinkShadowsALowerFile() throws IOException {
    Sbom s =
        sbom(
            TestImages.image()
                .layer(l -> l.file("app/a.txt", "a 1\n").file("app/b.txt", "b 1\n"))
                .layer(
                    l ->
                        l.file("app/c.txt", "c 1\n")
                            .hardlink("app/link.txt", "app/c.txt")
                            .symlink("app/b.txt", "a.txt")),
            null);
    assertThat(s.components())
        .extracting(c -> c.pkg().name() + ":" + c.pkg().location())
        .containsExactlyInAnyOrder("a:app/a.txt", "c:app/c.txt", "c:app/link.txt");
  }

  @Test
  void languagePackageInAFileOwnedByAnOsPackageIsOsOwned() throws IOException {
    Sbom s =
        sbom(
            TestImages.image()
                .layer(
                    l ->
                        l.file("var/os/status.txt", "python3-urllib3 1.26 app/dist/urllib3.txt\n")
                            .file("app/dist/urllib3.txt", "urllib3 1.26.12\n")
                            .file("app/mine.txt", "requests 2.0\n")),
            null);
    assertThat(s.components())
        .filteredOn(c -> c.extractor().equals("lang/lines"))
        .extracting(c -> c.pkg().name() + ":" + c.osOwned())
        .containsExactlyInAnyOrder("urllib3:true", "requests:false");
  }

  @Test
  void failingExtractorBecomesADiagnosticAndTheRestIsKept() throws IOException {
    TestImages img =
        TestImages.image().layer(l -> l.file("app/bad.txt", "fail\n").file("app/ok.txt", "ok 1\n"));
    Sbom s = sbom(img, null);
    assertThat(names(s)).containsExactly("ok@1#0");
    assertThat(s.partial()).isTrue();
    assertThat(s.diagnostics()).hasSize(1);
    var d = s.diagnostics().get(0);
    assertThat(d.path()).isEqualTo("app/bad.txt");
    assertThat(d.extractor()).isEqualTo("lang/lines");
    assertThat(d.layer()).isEqualTo(img.diffIds().get(0));
    assertThat(d.message()).isEqualTo("app/bad.txt says fail");
  }

  @Test
  void diagnosticOfAFileALaterLayerDeletedIsDropped() throws IOException {
    Sbom s =
        sbom(
            TestImages.image()
                .layer(l -> l.file("app/bad.txt", "fail\n"))
                .layer(l -> l.whiteout("app/bad.txt")),
            null);
    assertThat(s.partial()).isFalse();
  }

  @Test
  void layerCacheServesTheSecondAnalysisAndSurvivesACorruptEntry() throws IOException {
    Path cache = tmp.resolve("cache");
    TestImages img =
        TestImages.image()
            .layer(l -> l.file("var/os/status.txt", "a 1\n"))
            .layer(l -> l.file("app/x.txt", "x 1\n"));
    Sbom first = sbom(img, cache);
    SbomEngine warm = engine(cache);
    Path layout = tmp.resolve("again");
    img.writeLayout(layout, "t");
    Sbom second;
    try (ImageSource src = ImageSources.open(Target.parse("oci:" + layout + ":t"), () -> null)) {
      second = warm.analyze(src.image(Platform.LINUX_AMD64), "oci:test", null, BaseLookup.none());
    }
    assertThat(warm.cacheHits()).isEqualTo(2);
    assertThat(second.components()).isEqualTo(first.components());
    // Truncate every cache entry: the next analysis recomputes and gives the same result.
    try (Stream<Path> files = Files.walk(cache.resolve("layers"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.write(f, new byte[] {'{', '"'});
      }
    }
    SbomEngine third = engine(cache);
    Sbom again;
    try (ImageSource src = ImageSources.open(Target.parse("oci:" + layout + ":t"), () -> null)) {
      again = third.analyze(src.image(Platform.LINUX_AMD64), "oci:test", null, BaseLookup.none());
    }
    assertThat(third.cacheHits()).isZero();
    assertThat(again.components()).isEqualTo(first.components());
  }

  @Test
  void baseFromFlagAnnotationAndKnownLayerPrefix() throws IOException {
    Path cache = tmp.resolve("cache");
    TestImages base = TestImages.image().layer(l -> l.file("var/os/status.txt", "a 1\n"));
    TestImages app =
        TestImages.image()
            .layer(l -> l.file("var/os/status.txt", "a 1\n"))
            .layer(l -> l.file("app/x.txt", "x 1\n"));
    // Nothing known yet: no base.
    Sbom none = sbom(app, cache);
    assertThat(none.base().rule()).isEqualTo(BaseImage.Rule.NONE);
    assertThat(none.layers()).extracting(l -> l.base()).containsExactly(false, false);
    // --base given.
    Sbom flagged = sbom(app, null, new BaseHint("base:1", base.manifestDigest(), base.diffIds()));
    assertThat(flagged.base().rule()).isEqualTo(BaseImage.Rule.FLAG);
    assertThat(flagged.base().layerCount()).isEqualTo(1);
    assertThat(flagged.layers()).extracting(l -> l.base()).containsExactly(true, false);
    Component x =
        flagged.components().stream()
            .filter(c -> c.pkg().name().equals("x"))
            .findFirst()
            .orElseThrow();
    assertThat(flagged.layers().get(x.layer()).base()).isFalse();
    // The base analysed once: the app's layers are matched by prefix.
    sbom(base, cache);
    Sbom prefixed = sbom(app, cache);
    assertThat(prefixed.base().rule()).isEqualTo(BaseImage.Rule.LAYER_PREFIX);
    assertThat(prefixed.base().digest()).isEqualTo(base.manifestDigest());
    assertThat(prefixed.base().layerCount()).isEqualTo(1);
    // Annotated: resolved from the known images without a lookup.
    TestImages annotated =
        TestImages.image()
            .layer(l -> l.file("var/os/status.txt", "a 1\n"))
            .layer(l -> l.file("app/y.txt", "y 1\n"))
            .annotation(BaseAttribution.BASE_DIGEST, base.manifestDigest())
            .annotation(BaseAttribution.BASE_NAME, "base:1");
    Sbom ann = sbom(annotated, cache);
    assertThat(ann.base().rule()).isEqualTo(BaseImage.Rule.ANNOTATION);
    assertThat(ann.base().name()).isEqualTo("base:1");
    assertThat(ann.base().layerCount()).isEqualTo(1);
    assertThat(ann.base().note()).isNull();
  }

  @Test
  void annotatedBaseThatCannotBeReadIsSaid() throws IOException {
    TestImages annotated =
        TestImages.image()
            .layer(l -> l.file("app/y.txt", "y 1\n"))
            .annotation(BaseAttribution.BASE_DIGEST, "sha256:" + "ab".repeat(32))
            .annotation(BaseAttribution.BASE_NAME, "debian:bookworm");
    Sbom s = sbom(annotated, null);
    assertThat(s.base().rule()).isEqualTo(BaseImage.Rule.ANNOTATION);
    assertThat(s.base().layerCount()).isZero();
    assertThat(s.base().note())
        .contains("debian:bookworm@sha256:abab")
        .contains("could not be read");
  }

  @Test
  void corruptLayerFailsTheScanNamingTheLayer() throws IOException {
    TestImages img = TestImages.image().layer(l -> l.file("app/a.txt", "a 1\n"));
    Path layout = tmp.resolve("bad");
    img.writeLayout(layout, "t");
    Path blob = layout.resolve("blobs/sha256/" + img.layerDigests().get(0).substring(7));
    byte[] b = Files.readAllBytes(blob);
    b[b.length / 2] ^= 0x55;
    Files.write(blob, b);
    try (ImageSource src = ImageSources.open(Target.parse("oci:" + layout + ":t"), () -> null)) {
      Image image = src.image(Platform.LINUX_AMD64);
      assertThatThrownBy(() -> engine(null).analyze(image, "oci:bad", null, BaseLookup.none()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(
              "layer 1 of 1 (" + img.diffIds().get(0).substring(0, 19) + ") of oci:bad");
    }
    assertThat(Files.list(tmp.resolve("temp")).toList()).isEmpty();
  }

  @Test
  void rootfsIsReadInPlace() throws IOException {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("app/x"));
    Files.writeString(root.resolve("app/x/a.txt"), "a 1\n");
    Files.createDirectories(root.resolve("proc/app"));
    Files.writeString(root.resolve("proc/app/ignored.txt"), "no 1\n");
    Files.createSymbolicLink(root.resolve("app/link.txt"), Path.of("/etc/passwd"));
    Sbom s = engine(null).analyzeRootfs(root, "dir:" + root);
    assertThat(names(s)).containsExactly("a@1#0");
    assertThat(s.components().get(0).pkg().location()).isEqualTo("app/x/a.txt");
  }

  @Test
  void twoAnalysesSharingOneCacheAtOnceBothSucceedAndLeaveWholeEntries() throws Exception {
    Path cache = tmp.resolve("shared-cache");
    TestImages img =
        TestImages.image()
            .layer(l -> l.file("var/os/status.txt", "a 1\nb 2\n"))
            .layer(l -> l.file("app/x.txt", "x 1\n"));
    Path layout = tmp.resolve("concurrent");
    img.writeLayout(layout, "t");
    List<java.util.concurrent.Callable<Sbom>> jobs = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      jobs.add(
          () -> {
            try (ImageSource src =
                ImageSources.open(Target.parse("oci:" + layout + ":t"), () -> null)) {
              return engine(cache)
                  .analyze(src.image(Platform.LINUX_AMD64), "oci:test", null, BaseLookup.none());
            }
          });
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<Sbom> results = new java.util.ArrayList<>();
      for (var f : pool.invokeAll(jobs)) {
        results.add(f.get());
      }
      for (Sbom s : results) {
        assertThat(names(s)).containsExactly("a@1#0", "b@2#0", "x@1#1");
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> files = Files.walk(cache)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .as("no temp files left behind")
          .noneMatch(n -> n.startsWith(".tmp-"));
    }
    SbomEngine warm = engine(cache);
    try (ImageSource src = ImageSources.open(Target.parse("oci:" + layout + ":t"), () -> null)) {
      warm.analyze(src.image(Platform.LINUX_AMD64), "oci:test", null, BaseLookup.none());
    }
    assertThat(warm.cacheHits()).isEqualTo(2);
  }
}
