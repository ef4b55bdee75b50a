package io.drydock.sbom.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SbomReaderTest {
  @TempDir Path tmp;

  private Path resource(String name) throws IOException {
    Path p = tmp.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/sbom-read/" + name)) {
      assertThat(in).as(name).isNotNull();
      Files.copy(in, p);
    }
    return p;
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(tmp.resolve(name), content);
  }

  // ---- round trip: Drydock's writers, then the reader ----

  static Stream<Arguments> roundTrips() {
    return Stream.of(SbomFormat.values())
        .flatMap(
            f -> SampleSboms.all().stream().map(s -> Arguments.of(f, s.subject().reference(), s)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("roundTrips")
  void readsBackWhatDrydockWrote(SbomFormat format, String name, Sbom original) throws IOException {
    Path file = tmp.resolve("out." + format.cliName());
    Files.writeString(file, SbomFormatTest.write(format, original));

    Sbom read = SbomReader.read(file);

    boolean filesKept = format == SbomFormat.JSON;
    assertThat(read.components()).hasSameSizeAs(original.components());
    for (int i = 0; i < original.components().size(); i++) {
      Component want = original.components().get(i);
      Component got = read.components().get(i);
      Package p = filesKept ? want.pkg() : want.pkg().withFiles(List.of());
      assertThat(got)
          .as("%s component %d", format, i)
          .isEqualTo(new Component(p, want.extractor(), want.layer(), want.osOwned()));
    }
    assertThat(read.layers())
        .extracting(LayerInfo::index, LayerInfo::diffId, LayerInfo::base)
        .containsExactlyElementsOf(
            original.layers().stream().map(l -> tuple(l.index(), l.diffId(), l.base())).toList());
    OsInfo os = original.os();
    if (os == null) {
      assertThat(read.os()).isNull();
    } else {
      assertThat(read.os().id()).isEqualTo(os.id());
      assertThat(read.os().versionId()).isEqualTo(os.versionId());
      assertThat(read.os().prettyName()).isEqualTo(os.prettyName());
      assertThat(read.os().source()).isEqualTo("sbom");
      if (format != SbomFormat.SPDX_JSON) { // SPDX has no place for the codename
        assertThat(read.os().codename()).isEqualTo(os.codename());
      }
    }
    assertThat(read.subject().reference()).isEqualTo("sbom:" + file);
    assertThat(read.subject().digest()).isEqualTo(original.subject().digest());
    assertThat(read.subject().architecture()).isEqualTo(original.subject().architecture());
    assertThat(read.base().rule()).isEqualTo(original.base().rule());
    assertThat(read.base().name()).isEqualTo(original.base().name());
    assertThat(read.base().digest()).isEqualTo(original.base().digest());
    assertThat(read.diagnostics())
        .extracting(d -> d.message())
        .allSatisfy(m -> assertThat(original.diagnostics().toString()).contains(m));
    assertThat(read.partial()).isEqualTo(original.partial());
  }

  @Test
  void drydockJsonKeepsEverythingButReferenceAndOsSource() throws IOException {
    Sbom original = SampleSboms.debianApp();
    Path file = write("a.json", SbomFormatTest.write(SbomFormat.JSON, original));

    Sbom read = SbomReader.read(file);

    assertThat(read.layers()).isEqualTo(original.layers());
    assertThat(read.base()).isEqualTo(original.base());
    assertThat(read.diagnostics()).isEqualTo(original.diagnostics());
    assertThat(read.subject().annotations()).isEqualTo(original.subject().annotations());
    assertThat(read.components()).isEqualTo(original.components());
  }

  // ---- real peer outputs ----

  @Test
  void trivyRootfsGivesEveryDebianPackageWithItsSource() throws IOException {
    Sbom sbom = SbomReader.read(resource("trivy-rootfs-debian12.cdx.json"));

    assertThat(sbom.components()).hasSize(88);
    assertThat(sbom.components())
        .allSatisfy(
            c -> {
              assertThat(c.pkg().type()).isEqualTo("deb");
              assertThat(c.extractor()).isEqualTo("os/dpkg");
              assertThat(c.pkg().sourceName()).isNotBlank();
              assertThat(c.pkg().sourceVersion()).isNotBlank();
              assertThat(c.pkg().arch()).isIn("amd64", "all");
              assertThat(c.layer()).isEqualTo(-1);
            });
    assertThat(sbom.os().id()).isEqualTo("debian");
    assertThat(sbom.os().versionId()).isEqualTo("12");
    assertThat(sbom.os().source()).isEqualTo("sbom");
    assertThat(pkg(sbom, "libc6"))
        .extracting(Package::version, Package::sourceName, Package::sourceVersion)
        .containsExactly("2.36-9+deb12u14", "glibc", "2.36-9+deb12u14");
    // Trivy moves the epoch to a qualifier and splits the source version into three properties
    assertThat(pkg(sbom, "login"))
        .extracting(Package::version, Package::sourceName, Package::sourceVersion)
        .containsExactly("1:4.13+dfsg1-1+deb12u2", "shadow", "1:4.13+dfsg1-1+deb12u2");
    assertThat(pkg(sbom, "libgmp10").version()).isEqualTo("2:6.2.1+dfsg1-1.1");
    assertThat(sbom.diagnostics()).isEmpty();
  }

  @Test
  void trivyImageCycloneDxMapsLayerDiffIdsToLayers() throws IOException {
    Sbom sbom = SbomReader.read(resource("trivy-image.cdx.json"));

    assertThat(sbom.layers())
        .extracting(LayerInfo::index, LayerInfo::diffId, LayerInfo::digest)
        .containsExactly(
            tuple(0, "sha256:" + "1".repeat(64), "sha256:aaaa" + "1".repeat(60)),
            tuple(1, "sha256:" + "2".repeat(64), null));
    assertThat(sbom.subject().digest())
        .isEqualTo("sha256:4b1a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a");
    assertThat(sbom.subject().architecture()).isEqualTo("amd64");
    assertThat(sbom.os()).isEqualTo(new OsInfo("debian", "12", null, null, "sbom"));
    assertThat(sbom.components())
        .extracting(
            c -> c.pkg().name(), Component::layer, c -> c.pkg().location(), Component::extractor)
        .containsExactly(
            tuple("libc6", 0, "", "os/dpkg"),
            tuple("login", 0, "", "os/dpkg"),
            tuple("lodash", 1, "app/node_modules/lodash/package.json", "lang/npm"),
            tuple(
                "org.apache.logging.log4j:log4j-core",
                1,
                "app/lib/log4j-core-2.14.1.jar",
                "lang/java"));
    assertThat(pkg(sbom, "login").sourceVersion()).isEqualTo("1:4.13+dfsg1-1");
  }

  @Test
  void trivySpdxSkipsImageAndOsPackages() throws IOException {
    Sbom sbom = SbomReader.read(resource("trivy-image.spdx.json"));

    assertThat(sbom.components())
        .extracting(c -> c.pkg().name(), c -> c.pkg().version(), Component::layer)
        .containsExactly(
            tuple("libc6", "2.36-9+deb12u4", 0),
            tuple("login", "1:4.13+dfsg1-1+b1", 0),
            tuple("lodash", "4.17.15", 1));
    assertThat(pkg(sbom, "libc6"))
        .extracting(Package::sourceName, Package::sourceVersion, Package::arch)
        .containsExactly("glibc", "2.36-9+deb12u4", "amd64");
    assertThat(pkg(sbom, "login").sourceName()).isEqualTo("shadow");
    assertThat(pkg(sbom, "lodash").location()).isEqualTo("app/node_modules/lodash/package.json");
    assertThat(sbom.os().id()).isEqualTo("debian");
    assertThat(sbom.os().versionId()).isEqualTo("12");
    assertThat(sbom.subject().digest()).startsWith("sha256:4b1a2c3d");
    assertThat(sbom.layers()).hasSize(2);
  }

  @Test
  void syftPropertiesGiveLocationSourceAndDistro() throws IOException {
    Path file = resource("syft-image.cdx.json");
    Sbom sbom = SbomReader.read(file);

    assertThat(sbom.components())
        .extracting(c -> c.pkg().name(), c -> c.pkg().location(), Component::layer)
        .containsExactly(
            tuple("libc6", "var/lib/dpkg/status", -1),
            tuple("login", "var/lib/dpkg/status", -1),
            tuple("minimist", "app/node_modules/minimist/package.json", -1));
    assertThat(pkg(sbom, "libc6"))
        .extracting(Package::sourceName, Package::sourceVersion)
        .containsExactly("glibc", "2.36-9+deb12u4");
    assertThat(pkg(sbom, "login"))
        .extracting(Package::version, Package::sourceName, Package::sourceVersion)
        .containsExactly("1:4.13+dfsg1-1+b1", "shadow", "1:4.13+dfsg1-1");
    assertThat(sbom.os())
        .isEqualTo(
            new OsInfo("debian", "12", "Debian GNU/Linux 12 (bookworm)", "bookworm", "sbom"));
    assertThat(sbom.subject().digest()).startsWith("sha256:4b1a2c3d");
    // the PE binary has neither purl nor a package type: skipped, counted once
    assertThat(sbom.diagnostics()).hasSize(1);
    assertThat(sbom.diagnostics().get(0).message())
        .startsWith("1 entry without a package URL")
        .contains("Simple Launcher@1.1.0.14");
    assertThat(sbom.partial()).isTrue();
  }

  @Test
  void cdxgenNpmProject() throws IOException {
    Sbom sbom = SbomReader.read(resource("cdxgen-npm.cdx.json"));

    assertThat(sbom.components())
        .extracting(
            c -> c.pkg().type(), c -> c.pkg().name(), c -> c.pkg().version(), Component::extractor)
        .containsExactly(
            tuple("npm", "lodash", "4.17.15", "lang/npm"),
            tuple("npm", "minimist", "1.2.5", "lang/npm"));
    assertThat(sbom.components())
        .allSatisfy(c -> assertThat(c.pkg().location()).endsWith("package-lock.json"));
    assertThat(sbom.os()).isNull();
    assertThat(sbom.subject().digest()).isNull();
  }

  @Test
  void syftPackageTypesWithoutPurlNameTheirEcosystem() throws IOException {
    String json =
        """
        {"bomFormat":"CycloneDX","specVersion":"1.5","components":[
          {"type":"library","name":"serde","version":"1.0.0","properties":[{"name":"syft:package:type","value":"rust-crate"}]},
          {"type":"library","name":"Newtonsoft.Json","version":"13.0.1","properties":[{"name":"syft:package:type","value":"dotnet"}]},
          {"type":"library","group":"laravel","name":"framework","version":"v8.22.0","properties":[{"name":"syft:package:type","value":"php-composer"}]},
          {"type":"library","name":"http","version":"0.13.3","properties":[{"name":"syft:package:type","value":"dart-pub"}]},
          {"type":"library","name":"aeson","version":"2.0.1.0","properties":[{"name":"syft:package:type","value":"hackage"}]},
          {"type":"library","name":"commonmark","version":"1.8-0","properties":[{"name":"syft:package:type","value":"R-package"}]}
        ]}
        """;
    Sbom sbom = SbomReader.read(write("syft-types.json", json));

    assertThat(sbom.components())
        .extracting(c -> c.pkg().type(), c -> c.pkg().name())
        .containsExactly(
            tuple("cargo", "serde"),
            tuple("nuget", "Newtonsoft.Json"),
            tuple("composer", "laravel/framework"),
            tuple("pub", "http"),
            tuple("hackage", "aeson"),
            tuple("cran", "commonmark"));
  }

  @Test
  void componentsWithoutPurlAreCountedInOneDiagnostic() throws IOException {
    StringBuilder b =
        new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\",\"components\":[");
    for (int i = 0; i < 5; i++) {
      b.append("{\"type\":\"file\",\"name\":\"f").append(i).append("\"},");
    }
    b.append("{\"type\":\"library\",\"name\":\"x\",\"purl\":\"pkg:gem/x@1.0\"}]}");

    Sbom sbom = SbomReader.read(write("nopurl.json", b.toString()));

    assertThat(sbom.components())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.extractor()).isEqualTo("lang/gem");
              assertThat(c.pkg().version()).isEqualTo("1.0");
            });
    assertThat(sbom.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.message())
                  .startsWith("5 entries without a package URL")
                  .contains("f0, f1, f2, …");
              assertThat(d.extractor()).isEqualTo("sbom");
            });
  }

  @Test
  void purlConventionsPerType() throws IOException {
    String json =
        """
        {"bomFormat":"CycloneDX","specVersion":"1.5","components":[
          {"type":"library","name":"openssl-libs","purl":"pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64&epoch=1&upstream=openssl-3.0.7-24.el9.src.rpm&distro=rhel-9.3"},
          {"type":"library","name":"libssl3","purl":"pkg:apk/alpine/libssl3@3.1.4-r5?arch=x86_64&upstream=openssl&distro=alpine-3.19.1"},
          {"type":"library","name":"x","purl":"pkg:npm/%40babel/core@7.23.0"},
          {"type":"library","name":"x","purl":"pkg:pypi/flask-sqlalchemy@3.1.1"},
          {"type":"library","name":"github.com/BurntSushi/toml","purl":"pkg:golang/github.com/burntsushi/toml@v1.3.2"},
          {"type":"library","name":"y","purl":"pkg:cargo/serde@1.0.0"},
          {"type":"library","group":"laravel","name":"framework","purl":"pkg:composer/laravel/framework@v8.22.0"},
          {"type":"library","name":"framework","purl":"pkg:composer/laravel/framework@8.22.0"},
          {"type":"library","name":"Newtonsoft.Json","purl":"pkg:nuget/Newtonsoft.Json@13.0.1"},
          {"type":"library","name":"http","purl":"pkg:pub/http@0.13.3"},
          {"type":"library","name":"aeson","purl":"pkg:hackage/aeson@2.0.1.0"},
          {"type":"library","name":"commonmark","purl":"pkg:cran/commonmark@1.8-0"}
        ]}
        """;
    Sbom sbom = SbomReader.read(write("purls.json", json));

    List<Package> p = sbom.components().stream().map(Component::pkg).toList();
    assertThat(p.get(0))
        .extracting(Package::version, Package::epoch, Package::sourceName, Package::sourceVersion)
        .containsExactly("3.0.7-24.el9", 1, "openssl", "3.0.7-24.el9");
    assertThat(p.get(1))
        .extracting(Package::sourceName, Package::sourceVersion)
        .containsExactly("openssl", "3.1.4-r5");
    assertThat(p.get(2).name()).isEqualTo("@babel/core");
    assertThat(p.get(3).name()).isEqualTo("flask-sqlalchemy");
    assertThat(p.get(4).name()).isEqualTo("github.com/BurntSushi/toml");
    assertThat(sbom.components().get(5).extractor()).isEqualTo("sbom/cargo");
    // the ecosystems the vulnerability matchers look up by type and name
    assertThat(p.subList(5, 12))
        .extracting(Package::type, Package::name, Package::version)
        .containsExactly(
            tuple("cargo", "serde", "1.0.0"),
            tuple("composer", "laravel/framework", "v8.22.0"),
            tuple("composer", "laravel/framework", "8.22.0"),
            tuple("nuget", "Newtonsoft.Json", "13.0.1"),
            tuple("pub", "http", "0.13.3"),
            tuple("hackage", "aeson", "2.0.1.0"),
            tuple("cran", "commonmark", "1.8-0"));
    // no OS component: the distro qualifier of the first OS package names it
    assertThat(sbom.os().id()).isEqualTo("rhel");
    assertThat(sbom.os().versionId()).isEqualTo("9.3");
  }

  // ---- hostile and wrong input ----

  @Test
  void malformedJsonIsOneLineNamingTheFile() throws IOException {
    Path file = write("bad.json", "{\"bomFormat\": \"CycloneDX\",\n  \"specVersion\": }");

    assertThatThrownBy(() -> SbomReader.read(file))
        .isInstanceOf(SbomFormatException.class)
        .hasMessageStartingWith(file + ": not valid JSON: ")
        .hasMessageContaining("line 2")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void jsonThatIsNoSbomIsRefused() throws IOException {
    Path empty = write("empty.json", "{}");
    Path manifest =
        write(
            "manifest.json",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{},\"layers\":[]}");
    Path array = write("array.json", "[1,2]");
    Path nothing = write("nothing.json", "   ");

    for (Path f : List.of(empty, manifest)) {
      assertThatThrownBy(() -> SbomReader.read(f))
          .isInstanceOf(SbomFormatException.class)
          .hasMessageStartingWith(f + ": not an SBOM: expected CycloneDX");
    }
    assertThatThrownBy(() -> SbomReader.read(array))
        .hasMessage(array + ": not an SBOM: expected a JSON object, found an array");
    assertThatThrownBy(() -> SbomReader.read(nothing))
        .hasMessage(nothing + ": not an SBOM: expected a JSON object, found an empty file");
  }

  @Test
  void unsupportedVersionsAreRefusedWithTheSupportedRange() throws IOException {
    Path old =
        write(
            "old.json", "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.2\",\"components\":[]}");
    Path spdx = write("spdx3.json", "{\"spdxVersion\":\"SPDX-3.0\",\"packages\":[]}");
    Path drydock = write("dd.json", "{\"schemaVersion\":2,\"tool\":{\"name\":\"drydock\"}}");

    assertThatThrownBy(() -> SbomReader.read(old))
        .isInstanceOf(SbomFormatException.class)
        .hasMessage(old + ": CycloneDX 1.2 is not supported (supported: 1.4 to 1.7)");
    assertThatThrownBy(() -> SbomReader.read(spdx))
        .hasMessageContaining("SPDX-3.0 is not supported");
    assertThatThrownBy(() -> SbomReader.read(drydock))
        .hasMessage(drydock + ": Drydock JSON schema version 2 is not supported (supported: 1)");
  }

  @Test
  void fileOverTheCapIsRefusedWithoutReadingIt() throws IOException {
    Path huge = tmp.resolve("huge.json");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength((256L << 20) + 1); // sparse: nothing is written
    }

    assertThatThrownBy(() -> SbomReader.read(huge))
        .isInstanceOf(SbomFormatException.class)
        .hasMessage(huge + ": larger than the 256 MiB an SBOM may have; refusing to read it");
  }

  @Test
  void capAppliesToTheBytesActuallyRead() throws IOException {
    String doc = SbomFormatTest.write(SbomFormat.CYCLONEDX_JSON, SampleSboms.debianApp());
    Path file = write("cdx.json", doc);
    JsonStream.BoundedInputStream in =
        new JsonStream.BoundedInputStream(Files.newInputStream(file), 1000, file);

    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(SbomFormatException.class)
        .hasMessageContaining("larger than the 1000 bytes");
    in.close();
  }

  @Test
  void deepNestingIsRefused() throws IOException {
    Path deep = tmp.resolve("deep.json");
    try (BufferedWriter w = Files.newBufferedWriter(deep, StandardCharsets.UTF_8)) {
      w.write("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":");
      for (int i = 0; i < 200_000; i++) {
        w.write('[');
      }
    }

    assertThatThrownBy(() -> SbomReader.read(deep))
        .isInstanceOf(SbomFormatException.class)
        .hasMessageStartingWith(deep + ": not valid JSON: ")
        .hasMessageContaining("nesting depth")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  @Timeout(120) // a hang guard, not a measurement
  void millionComponentsAreRefusedPastTheLimit() throws IOException {
    Path big = tmp.resolve("big.json");
    try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
      w.write("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
      for (int i = 0; i < 1_000_000; i++) {
        w.write(i == 0 ? "" : ",");
        w.write("{\"type\":\"library\",\"name\":\"c\",\"purl\":\"pkg:npm/c" + i + "@1.0.0\"}");
      }
      w.write("]}");
    }

    assertThatThrownBy(() -> SbomReader.read(big))
        .isInstanceOf(SbomFormatException.class)
        .hasMessage(big + ": more than 500000 components; refusing to read on");
  }

  @Test
  @Timeout(120)
  void manyComponentsUnderTheLimitAreRead() throws IOException {
    Path big = tmp.resolve("many.json");
    int n = 100_000;
    try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
      w.write("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
      for (int i = 0; i < n; i++) {
        w.write(i == 0 ? "" : ",");
        w.write(
            "{\"type\":\"library\",\"name\":\"c" + i + "\",\"purl\":\"pkg:npm/c" + i + "@1.0.0\"}");
      }
      w.write("]}");
    }

    Sbom sbom = SbomReader.read(big);

    assertThat(sbom.components()).hasSize(n);
    assertThat(sbom.components().get(n - 1).pkg().name()).isEqualTo("c" + (n - 1));
  }

  @Test
  void missingFileAndDirectoryNameThePath() {
    Path missing = tmp.resolve("nope.json");

    assertThatThrownBy(() -> SbomReader.read(missing)).hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> SbomReader.read(tmp))
        .hasMessage(tmp + ": is a directory, not an SBOM file");
  }

  @Test
  void xmlExternalEntitiesAreNotResolved() throws IOException {
    Path secret = write("secret.txt", "TOP-SECRET-VALUE");
    String xml =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\">"
            + "<components><component type=\"library\"><name>&x;</name><version>1</version>"
            + "<purl>pkg:npm/leak@1</purl></component></components></bom>";
    Path file = write("xxe.xml", xml);

    assertThatThrownBy(() -> SbomReader.read(file))
        .isInstanceOf(SbomFormatException.class)
        .hasMessage(
            file + ": CycloneDX XML with a DOCTYPE is refused (entities could read other files)");
  }

  @Test
  void malformedXmlIsOneLineNamingTheFile() throws IOException {
    Path file = write("bad.xml", "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"><components>");

    assertThatThrownBy(() -> SbomReader.read(file))
        .isInstanceOf(SbomFormatException.class)
        .hasMessageStartingWith(file + ": not a CycloneDX XML document: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static Package pkg(Sbom sbom, String name) {
    return sbom.components().stream()
        .map(Component::pkg)
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new UncheckedIOException(new IOException("no " + name)));
  }
}
