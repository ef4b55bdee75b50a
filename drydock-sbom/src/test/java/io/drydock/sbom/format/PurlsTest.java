package io.drydock.sbom.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PurlsTest {
  private static final OsInfo DEBIAN = SampleSboms.DEBIAN_12;
  private static final OsInfo ALPINE = new OsInfo("alpine", "3.19.1", null, null, "etc/os-release");
  private static final OsInfo RHEL = new OsInfo("rhel", "8.6", null, "Ootpa", "etc/os-release");
  private static final OsInfo ROCKY = new OsInfo("rocky", "9.3", null, null, "etc/os-release");
  private static final OsInfo LEAP =
      new OsInfo("opensuse-leap", "15.5", null, null, "etc/os-release");
  private static final OsInfo SID = new OsInfo("debian", null, null, "trixie", "etc/os-release");

  private static String purl(Package p, OsInfo os) {
    return Purls.toString(p, os);
  }

  private static Package rpm(String name, String version, Integer epoch, String src, String srcV) {
    return new Package(
        "rpm", name, version, "x86_64", src, srcV, epoch, "var/lib/rpm/rpmdb.sqlite", null, null);
  }

  @Test
  void debCarriesArchAndDistroAndEncodesPlus() {
    assertThat(purl(SampleSboms.deb("libc6", "2.36-9+deb12u4", "amd64", null, null), DEBIAN))
        .isEqualTo("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
  }

  @Test
  void debUpstreamOnlyWhenTheSourceNameDiffers() {
    assertThat(
            purl(
                SampleSboms.deb("libc6", "2.36-9+deb12u4", "amd64", "glibc", "2.36-9+deb12u4"),
                DEBIAN))
        .isEqualTo(
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc");
    assertThat(
            purl(
                SampleSboms.deb("libgcrypt20", "1.10.1-3", "amd64", "libgcrypt20", "1.10.1-3"),
                DEBIAN))
        .isEqualTo("pkg:deb/debian/libgcrypt20@1.10.1-3?arch=amd64&distro=debian-12");
  }

  @Test
  void debKeepsTheEpochInTheVersionAndNamesTheSourceVersionOfABinNmu() {
    assertThat(
            purl(
                SampleSboms.deb("login", "1:4.13+dfsg1-1+b1", "amd64", "shadow", "1:4.13+dfsg1-1"),
                DEBIAN))
        .isEqualTo(
            "pkg:deb/debian/login@1%3A4.13%2Bdfsg1-1%2Bb1?arch=amd64&distro=debian-12"
                + "&upstream=shadow%401%3A4.13%2Bdfsg1-1");
    // a binNMU of a package whose source has the same name
    assertThat(purl(SampleSboms.deb("bash", "5.2.15-2+b2", "amd64", "bash", "5.2.15-2"), DEBIAN))
        .isEqualTo(
            "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12"
                + "&upstream=bash%405.2.15-2");
  }

  @Test
  void debWithoutVersionIdUsesTheCodenameAndWithoutOsDefaultsTheNamespace() {
    assertThat(purl(SampleSboms.deb("bash", "5.2.21-2", "amd64", null, null), SID))
        .isEqualTo("pkg:deb/debian/bash@5.2.21-2?arch=amd64&distro=debian-trixie");
    assertThat(purl(SampleSboms.deb("bash", "5.2.21-2", "amd64", null, null), null))
        .isEqualTo("pkg:deb/debian/bash@5.2.21-2?arch=amd64");
    OsInfo ubuntu = new OsInfo("ubuntu", "22.04", null, "jammy", "etc/os-release");
    assertThat(purl(SampleSboms.deb("bash", "5.1-6ubuntu1", "amd64", null, null), ubuntu))
        .isEqualTo("pkg:deb/ubuntu/bash@5.1-6ubuntu1?arch=amd64&distro=ubuntu-22.04");
  }

  @Test
  void apkUsesTheOsAsNamespaceAndOriginAsUpstream() {
    Package musl =
        new Package(
            "apk",
            "musl",
            "1.2.4-r2",
            "x86_64",
            "musl",
            null,
            null,
            "lib/apk/db/installed",
            null,
            null);
    assertThat(purl(musl, ALPINE))
        .isEqualTo("pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1");
    Package ssl =
        new Package(
            "apk",
            "libssl3",
            "3.1.4-r5",
            "x86_64",
            "openssl",
            null,
            null,
            "lib/apk/db/installed",
            null,
            null);
    assertThat(purl(ssl, ALPINE))
        .isEqualTo(
            "pkg:apk/alpine/libssl3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl");
  }

  @Test
  void rpmHasEpochQualifierAndVendorNamespace() {
    assertThat(purl(rpm("openssl-libs", "1.1.1k-7.el8_6", 1, "openssl", "1.1.1k-7.el8_6"), RHEL))
        .isEqualTo(
            "pkg:rpm/redhat/openssl-libs@1.1.1k-7.el8_6?arch=x86_64&distro=rhel-8.6&epoch=1"
                + "&upstream=openssl-1.1.1k-7.el8_6.src.rpm");
    assertThat(purl(rpm("bash", "5.1.8-6.el9_1", null, "bash", "5.1.8-6.el9_1"), ROCKY))
        .isEqualTo("pkg:rpm/rocky/bash@5.1.8-6.el9_1?arch=x86_64&distro=rocky-9.3");
    assertThat(purl(rpm("bash", "4.4-150400.25.22", 0, "bash", null), LEAP))
        .isEqualTo(
            "pkg:rpm/opensuse/bash@4.4-150400.25.22?arch=x86_64&distro=opensuse-leap-15.5&epoch=0");
    assertThat(purl(rpm("bash", "5.2.15-1.amzn2023", null, null, null), null))
        .isEqualTo("pkg:rpm/bash@5.2.15-1.amzn2023?arch=x86_64");
  }

  @Test
  void rpmNamespaces() {
    assertThat(
            List.of("rhel", "rocky", "almalinux", "fedora", "amzn", "sles", "opensuse-tumbleweed")
                .stream()
                .map(Purls::rpmNamespace))
        .containsExactly("redhat", "rocky", "almalinux", "fedora", "amzn", "sles", "opensuse");
  }

  @Test
  void mavenSplitsGroupAndArtifact() {
    assertThat(
            purl(
                Package.of("maven", "org.apache.logging.log4j:log4j-core", "2.17.1", "app.jar"),
                DEBIAN))
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1");
    // the spec requires a group: packageurl-java refuses to build one without
    assertThat(purl(Package.of("maven", "legacy-util", "1.0", "legacy-util-1.0.jar"), DEBIAN))
        .isNull();
  }

  @Test
  void npmEncodesTheScope() {
    assertThat(purl(Package.of("npm", "@babel/core", "7.23.0", "package.json"), DEBIAN))
        .isEqualTo("pkg:npm/%40babel/core@7.23.0");
    assertThat(purl(Package.of("npm", "lodash", "4.17.21", "package.json"), DEBIAN))
        .isEqualTo("pkg:npm/lodash@4.17.21");
  }

  @Test
  void pypiNormalisesThePep503Way() {
    assertThat(purl(Package.of("pypi", "Flask_SQLAlchemy", "3.1.1", "METADATA"), DEBIAN))
        .isEqualTo("pkg:pypi/flask-sqlalchemy@3.1.1");
    assertThat(purl(Package.of("pypi", "zope.interface", "6.1", "METADATA"), DEBIAN))
        .isEqualTo("pkg:pypi/zope-interface@6.1");
    assertThat(Purls.pep503("A__b-.C")).isEqualTo("a-b-c");
  }

  @Test
  void golangSplitsTheModulePath() {
    assertThat(purl(Package.of("golang", "github.com/x/y", "v1.2.3", "app/bin/server"), DEBIAN))
        .isEqualTo("pkg:golang/github.com/x/y@v1.2.3");
    assertThat(
            purl(
                Package.of("golang", "github.com/BurntSushi/toml", "v1.3.2", "app/bin/server"),
                DEBIAN))
        .isEqualTo("pkg:golang/github.com/burntsushi/toml@v1.3.2");
    assertThat(purl(Package.of("golang", "stdlib", "go1.21.5", "app/bin/server"), DEBIAN))
        .isEqualTo("pkg:golang/stdlib@go1.21.5");
  }

  @Test
  void composerVendorIsTheNamespace() {
    assertThat(
            purl(Package.of("composer", "laravel/framework", "v8.22.0", "composer.lock"), DEBIAN))
        .isEqualTo("pkg:composer/laravel/framework@v8.22.0");
    assertThat(purl(Package.of("nuget", "Newtonsoft.Json", "13.0.1", "x.deps.json"), DEBIAN))
        .isEqualTo("pkg:nuget/Newtonsoft.Json@13.0.1");
  }

  @Test
  void gemAndLanguagePackagesGetNoOsQualifiers() {
    assertThat(purl(Package.of("gem", "rails", "7.1.2", "rails.gemspec"), DEBIAN))
        .isEqualTo("pkg:gem/rails@7.1.2");
  }

  @Test
  void invalidTypeGivesNoPurl() {
    assertThat(Purls.of(Package.of("no such type!", "x", "1", "x"), DEBIAN)).isNull();
  }

  @Test
  void imagePurlFromARegistryReference() {
    Subject s =
        new Subject(
            "registry.example.com/shop/api:1.4.2",
            SampleSboms.IMAGE_DIGEST,
            "linux",
            "amd64",
            null,
            Map.of());
    assertThat(Purls.image(s).canonicalize())
        .isEqualTo(
            "pkg:oci/api@sha256%3A"
                + SampleSboms.IMAGE_DIGEST.substring(7)
                + "?arch=amd64&repository_url=registry.example.com%2Fshop%2Fapi&tag=1.4.2");
    Subject hub =
        new Subject("debian:bookworm", SampleSboms.IMAGE_DIGEST, "linux", "arm64", null, null);
    assertThat(Purls.image(hub).canonicalize())
        .startsWith("pkg:oci/debian@sha256%3A")
        .endsWith("?arch=arm64&repository_url=docker.io%2Flibrary%2Fdebian&tag=bookworm");
  }

  @Test
  void imagePurlFromLocalTransports() {
    Subject layout =
        new Subject(
            "oci:/tmp/Build/out:demo", SampleSboms.IMAGE_DIGEST, "linux", "amd64", null, null);
    assertThat(Purls.image(layout).canonicalize())
        .startsWith("pkg:oci/out@sha256%3A")
        .endsWith("?arch=amd64&tag=demo");
    Subject archive =
        new Subject(
            "docker-archive:/tmp/app.tar", SampleSboms.IMAGE_DIGEST, "linux", "amd64", null, null);
    assertThat(Purls.image(archive).canonicalize())
        .startsWith("pkg:oci/app@sha256%3A")
        .endsWith("?arch=amd64");
    assertThat(Purls.image(SampleSboms.empty().subject())).isNull();
  }
}
