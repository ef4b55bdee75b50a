package io.drydock.sbom.os;

import static io.drydock.sbom.os.OsTestSupport.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.FileInputs;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Ground truth from the testbed's real Debian 12 root filesystems and the host's dpkg-query. */
class OsTestbedTest {
  @TempDir Path tmp;

  private static Path rootfs(Img img) {
    return Testbed.require().rootfs(img);
  }

  private ExtractResult status(Path root) throws IOException {
    return new DpkgExtractor()
        .extract(
            FileInputs.ofFile("var/lib/dpkg/status", root.resolve("var/lib/dpkg/status")),
            ctx(tmp));
  }

  @ParameterizedTest
  @EnumSource(
      value = Img.class,
      names = {"DEBIAN_BOOKWORM_V1", "DEBIAN_BOOKWORM_V2", "APP_1_0_BASE_V1"})
  void dpkgPackagesEqualWhatDpkgQueryLists(Img img) throws Exception {
    Path root = rootfs(img);
    ExtractResult r = status(root);

    Set<String> expected = DpkgExtractorTest.dpkgQuery(root.resolve("var/lib/dpkg"));
    assertThat(expected).hasSizeGreaterThan(50);
    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.packages()).hasSize(expected.size());
    assertThat(DpkgExtractorTest.binaryPackages(r.packages(), DpkgExtractorTest.nativeArch()))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(
      value = Img.class,
      names = {"DEBIAN_BOOKWORM_V1", "APP_1_0_BASE_V1"})
  void everyListFileBelongsToAPackageAndItsFilesAreOnDisk(Img img) throws Exception {
    Path root = rootfs(img);
    Set<String> keys = new HashSet<>();
    for (Package p : status(root).packages()) {
      keys.add(p.name());
      keys.add(p.name() + ":" + p.arch());
    }
    DpkgExtractor dpkg = new DpkgExtractor();
    Map<String, List<String>> owned = new HashMap<>();
    Path info = root.resolve("var/lib/dpkg/info");
    try (DirectoryStream<Path> lists = Files.newDirectoryStream(info, "*.list")) {
      for (Path list : lists) {
        String imagePath = "var/lib/dpkg/info/" + list.getFileName();
        ExtractResult r = dpkg.extract(FileInputs.ofFile(imagePath, list), ctx(tmp));
        assertThat(r.diagnostics()).as(imagePath).isEmpty();
        owned.putAll(r.ownedFiles());
      }
    }

    assertThat(owned).hasSizeGreaterThan(50);
    assertThat(keys).containsAll(owned.keySet());
    assertThat(owned).containsKey("libc6:amd64");
    List<String> bash = owned.get("bash");
    assertThat(bash).containsAnyOf("bin/bash", "usr/bin/bash");
    List<String> missing = new ArrayList<>();
    for (String f : bash) {
      if (!Files.exists(root.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
        missing.add(f);
      }
    }
    assertThat(missing).as("bash's files missing from %s", root).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = Img.class,
      names = {"DEBIAN_BOOKWORM_V1", "DEBIAN_BOOKWORM_V2", "APP_1_0_BASE_V1"})
  void osIsDebian12(Img img) throws Exception {
    Path root = rootfs(img);
    OsReleaseExtractor x = new OsReleaseExtractor();
    Map<String, OsInfo> found = new HashMap<>();
    for (String path :
        List.of(
            "etc/os-release", "usr/lib/os-release", "etc/debian_version", "etc/alpine-release")) {
      Path file = root.resolve(path);
      // the engine sees regular files only: etc/os-release is a symlink in these images
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        ExtractResult r = x.extract(FileInputs.ofFile(path, file), ctx(tmp));
        assertThat(r.diagnostics()).as(path).isEmpty();
        found.put(path, r.os());
      }
    }
    assertThat(found).containsKeys("usr/lib/os-release", "etc/debian_version");

    OsInfo os = OsReleaseExtractor.choose(found);
    assertThat(os.id()).isEqualTo("debian");
    assertThat(os.versionId()).isEqualTo("12");
    assertThat(os.codename()).isEqualTo("bookworm");
    assertThat(os.source()).isEqualTo("usr/lib/os-release");
    assertThat(found.get("etc/debian_version"))
        .extracting(OsInfo::id, OsInfo::versionId)
        .containsExactly("debian", "12");

    OsInfo inferred = OsReleaseExtractor.infer(status(root).packages());
    assertThat(inferred)
        .extracting(OsInfo::id, OsInfo::versionId, OsInfo::source)
        .containsExactly("debian", "12", OsReleaseExtractor.INFERRED);
  }
}
