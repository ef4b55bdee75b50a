package io.drydock.sbom.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.ImageSource;
import io.drydock.oci.ImageSources;
import io.drydock.oci.Platform;
import io.drydock.oci.Target;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.Extractors;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.engine.BaseAttribution.BaseHint;
import io.drydock.sbom.engine.BaseAttribution.BaseLookup;
import io.drydock.sbom.engine.SbomEngine;
import io.drydock.sbom.os.DpkgExtractor;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Debian testbed images: ground truth, transports, base/app attribution. */
class TestbedSbomTest {
  static Testbed tb;
  @TempDir Path tmp;

  @BeforeAll
  static void testbed() {
    tb = Testbed.require();
  }

  private SbomEngine engine(Path cache) {
    return new SbomEngine(
        new SbomEngine.Options(
            Extractors.all(), Limits.defaults(), cache, tmp.resolve("t"), 2, Extractors::chooseOs));
  }

  private Sbom sbom(String target, Path cache, BaseHint hint) throws IOException {
    Target t = Target.parse(target);
    if (t instanceof Target.Rootfs r) {
      return engine(cache).analyzeRootfs(r.dir(), target);
    }
    RegistryClient[] client = new RegistryClient[1];
    try (ImageSource src =
        ImageSources.open(
            t,
            () -> {
              if (client[0] == null) {
                client[0] = RegistryClient.create(RegistryOptions.defaults());
              }
              return client[0];
            })) {
      return engine(cache)
          .analyze(src.image(Platform.LINUX_AMD64), target, hint, BaseLookup.none());
    }
  }

  /** {@code name<TAB>version} of the dpkg packages, as dpkg-query prints them. */
  private static Set<String> debs(Sbom s) {
    return s.components().stream()
        .filter(c -> c.extractor().equals("os/dpkg"))
        .map(c -> dpkgName(c) + "\t" + c.pkg().version())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String dpkgName(Component c) {
    // ${binary:Package} qualifies only Multi-Arch: same packages; the extractor records that.
    return "same".equals(c.pkg().properties().get(DpkgExtractor.MULTI_ARCH))
        ? c.pkg().name() + ":" + c.pkg().arch()
        : c.pkg().name();
  }

  private static Set<String> dpkgQuery(Path rootfs) throws Exception {
    Process p =
        new ProcessBuilder(
                "dpkg-query",
                "--admindir=" + rootfs.resolve("var/lib/dpkg"),
                "-W",
                "-f",
                "${binary:Package}\\t${Version}\\n")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void debianPackagesEqualDpkgQueryOnTheUnpackedRootfs() throws Exception {
    for (Img img : List.of(Img.DEBIAN_BOOKWORM_V1, Img.DEBIAN_BOOKWORM_V2, Img.APP_1_0_BASE_V1)) {
      Set<String> truth = dpkgQuery(tb.rootfs(img));
      assertThat(truth).hasSizeGreaterThan(50);
      Sbom fromImage = sbom("oci:" + tb.ociLayout() + ":" + ref(img), null, null);
      assertThat(debs(fromImage)).as(img.name()).isEqualTo(truth);
      assertThat(fromImage.os().id()).isEqualTo("debian");
      assertThat(fromImage.os().versionId()).isEqualTo("12");
      assertThat(fromImage.partial()).as("%s", fromImage.diagnostics()).isFalse();
    }
  }

  @Test
  void appImageHasLog4jAndNpmPackagesInTheAppLayer() throws IOException {
    Sbom s = sbom("oci:" + tb.ociLayout() + ":" + ref(Img.APP_1_0_BASE_V1), null, null);
    List<String> lang = new ArrayList<>();
    for (Component c : s.components()) {
      if (c.extractor().startsWith("lang/")) {
        lang.add(c.pkg().type() + ":" + c.pkg().name() + "@" + c.pkg().version() + "#" + c.layer());
      }
    }
    assertThat(lang)
        .contains(
            "maven:org.apache.logging.log4j:log4j-core@2.14.1#1",
            "maven:org.apache.logging.log4j:log4j-api@2.14.1#1",
            "npm:lodash@4.17.15#1",
            "npm:minimist@1.2.5#1");
  }

  @Test
  void everyTransportGivesTheSameInventory() throws IOException {
    Img img = Img.APP_1_0_BASE_V1;
    List<String> targets =
        List.of(
            "oci:" + tb.ociLayout() + ":" + ref(img),
            "oci:" + tb.ociDir(img),
            "oci-archive:" + tb.ociArchive(img),
            "docker-archive:" + tb.dockerArchive(img),
            tb.plainRegistry() + "/" + tb.repoTag(img),
            "dir:" + tb.rootfs(img));
    List<String> first = null;
    for (String t : targets) {
      List<String> inv =
          sbom(t, null, null).components().stream()
              .map(
                  c ->
                      c.extractor()
                          + " "
                          + c.pkg().name()
                          + " "
                          + c.pkg().version()
                          + " "
                          + c.pkg().location())
              .sorted()
              .toList();
      assertThat(inv).as(t).hasSizeGreaterThan(80);
      if (first == null) {
        first = inv;
      } else {
        assertThat(inv).as(t).isEqualTo(first);
      }
    }
  }

  @Test
  void baseAndAppAttributionOnV1AndV2() throws IOException {
    Path cache = tmp.resolve("cache");
    for (Img[] pair :
        new Img[][] {
          {Img.APP_1_0_BASE_V1, Img.DEBIAN_BOOKWORM_V1},
          {Img.APP_1_0_BASE_V2, Img.DEBIAN_BOOKWORM_V2}
        }) {
      Img app = pair[0];
      Img base = pair[1];
      // The annotation names debian:bookworm, which is not reachable here: without the base known,
      // the rule says so and counts nothing as base.
      Sbom unknown = sbom("oci:" + tb.ociDir(app), null, null);
      assertThat(unknown.base().rule()).isEqualTo(BaseImage.Rule.ANNOTATION);
      assertThat(unknown.base().digest()).isEqualTo(tb.digest(base));
      assertThat(unknown.base().layerCount()).isZero();
      // Once the base has been analysed, the annotation resolves from the cache.
      sbom("oci:" + tb.ociLayout() + ":" + ref(base), cache, null);
      Sbom s = sbom("oci:" + tb.ociDir(app), cache, null);
      assertThat(s.base().rule()).isEqualTo(BaseImage.Rule.ANNOTATION);
      assertThat(s.base().layerCount()).isEqualTo(tb.layerCount(base));
      assertThat(s.layers()).hasSize(tb.layerCount(app));
      for (var l : s.layers()) {
        assertThat(l.base()).isEqualTo(l.index() < tb.layerCount(base));
      }
      for (Component c : s.components()) {
        boolean fromBase = s.layers().get(c.layer()).base();
        assertThat(fromBase).as(c.pkg().name()).isEqualTo(c.extractor().startsWith("os/"));
      }
    }
  }

  @Test
  void v2UpgradedPackagesAreAttributedToTheUpgradeLayer() throws IOException {
    Sbom s = sbom("oci:" + tb.ociLayout() + ":" + ref(Img.DEBIAN_BOOKWORM_V2), null, null);
    Set<String> upgraded =
        s.components().stream()
            .filter(c -> c.extractor().equals("os/dpkg") && c.layer() == 1)
            .map(c -> c.pkg().name())
            .collect(Collectors.toCollection(TreeSet::new));
    int expected = Integer.parseInt(tb.get("TESTBED_V2_UPGRADED_PACKAGES"));
    assertThat(upgraded).hasSize(expected);
  }

  private static String ref(Img img) {
    return tb.get("TESTBED_" + img.name() + "_TAG")
        .replace("bookworm-", "debian-bookworm-")
        .replace("1.0-base-", "app-1.0-base-");
  }
}
