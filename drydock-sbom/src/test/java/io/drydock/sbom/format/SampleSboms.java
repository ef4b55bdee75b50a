package io.drydock.sbom.format;

import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Hand-built SBOMs as the engine would produce them, for the format tests. */
final class SampleSboms {
  private SampleSboms() {}

  static final String IMAGE_DIGEST =
      "sha256:9f2c6b1e0f6b7c5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c";
  static final String BASE_DIGEST =
      "sha256:1b7c3f6a2d5e4f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708";
  static final String BASE_DIFF_ID =
      "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
  static final String APP_DIFF_ID =
      "sha256:f9e8d7c6b5a40312f9e8d7c6b5a40312f9e8d7c6b5a40312f9e8d7c6b5a40312";

  static final OsInfo DEBIAN_12 =
      new OsInfo("debian", "12", "Debian GNU/Linux 12 (bookworm)", "bookworm", "etc/os-release");

  /** Fixed timestamp and serial so that every format's output is stable. */
  static final FormatOptions OPTIONS =
      new FormatOptions(
          "0.1.0",
          Clock.fixed(Instant.parse("2026-03-01T12:34:56.789Z"), ZoneOffset.UTC),
          () -> UUID.fromString("3e671687-395b-41f5-a30f-a58921a69b79"));

  static Package deb(String name, String version, String arch, String srcName, String srcVersion) {
    return new Package(
        "deb",
        name,
        version,
        arch,
        srcName,
        srcVersion,
        null,
        "var/lib/dpkg/status",
        List.of("usr/share/doc/" + name + "/copyright"),
        Map.of());
  }

  /**
   * A Debian 12 image with a base layer (dpkg packages) and an app layer (an OS-owned Python
   * package installed with apt, a Spring Boot jar with nested jars, node modules, a Go binary, a
   * gem) and one diagnostic, so partial.
   */
  static Sbom debianApp() {
    Subject subject =
        new Subject(
            "registry.example.com/shop/api:1.4.2",
            IMAGE_DIGEST,
            "linux",
            "amd64",
            null,
            Map.of("org.opencontainers.image.base.name", "docker.io/library/debian:bookworm-slim"));
    BaseImage base =
        new BaseImage(
            BaseImage.Rule.ANNOTATION,
            "docker.io/library/debian:bookworm-slim",
            BASE_DIGEST,
            1,
            null);
    List<LayerInfo> layers =
        List.of(
            new LayerInfo(
                0,
                BASE_DIFF_ID,
                "sha256:5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c",
                "# debian.sh --arch 'amd64' out/ 'bookworm' '@1700438400'",
                true),
            new LayerInfo(
                1,
                APP_DIFF_ID,
                "sha256:c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3",
                "RUN /bin/sh -c apt-get install -y python3-requests && COPY app /app",
                false));
    String jar = "app/app.jar";
    List<Component> components =
        List.of(
            new Component(
                deb("libc6", "2.36-9+deb12u4", "amd64", "glibc", "2.36-9+deb12u4"),
                "os/dpkg",
                0,
                false),
            new Component(
                deb("libgcrypt20", "1.10.1-3", "amd64", "libgcrypt20", "1.10.1-3"),
                "os/dpkg",
                0,
                false),
            new Component(
                deb("login", "1:4.13+dfsg1-1+b1", "amd64", "shadow", "1:4.13+dfsg1-1"),
                "os/dpkg",
                0,
                false),
            new Component(
                deb("tzdata", "2024a-0+deb12u1", "all", "tzdata", "2024a-0+deb12u1")
                    .withProperties(Map.of("license", "public-domain")),
                "os/dpkg",
                0,
                false),
            new Component(
                deb("zlib1g", "1:1.2.13.dfsg-1", "amd64", "zlib", "1:1.2.13.dfsg-1"),
                "os/dpkg",
                0,
                false),
            new Component(
                Package.of("maven", "org.apache.logging.log4j:log4j-core", "2.17.1", jar)
                    .withLocation(jar + "!/BOOT-INF/lib/log4j-core-2.17.1.jar")
                    .withProperties(
                        Map.of(
                            "java:sha1",
                            "779f60f3844dadc3ef597976fcb1e5127b1f343d",
                            "license",
                            "Apache-2.0")),
                "lang/java",
                1,
                false),
            new Component(
                Package.of(
                    "maven",
                    "org.apache.logging.log4j:log4j-core",
                    "2.17.1",
                    jar + "!/BOOT-INF/lib/shaded-tools.jar!/META-INF/lib/log4j-core-2.17.1.jar"),
                "lang/java",
                1,
                false),
            new Component(
                Package.of("maven", "legacy-util", "1.0", "app/lib/legacy-util-1.0.jar"),
                "lang/java",
                1,
                false),
            new Component(
                Package.of(
                        "npm", "@babel/core", "7.23.0", "app/node_modules/@babel/core/package.json")
                    .withProperties(Map.of("license", "MIT")),
                "lang/npm",
                1,
                false),
            new Component(
                Package.of("npm", "lodash", "4.17.21", "app/node_modules/lodash/package.json")
                    .withProperties(Map.of("license", "(MIT OR CC0-1.0)")),
                "lang/npm",
                1,
                false),
            new Component(
                Package.of(
                        "pypi",
                        "Flask_SQLAlchemy",
                        "3.1.1",
                        "app/venv/lib/python3.11/site-packages/flask_sqlalchemy-3.1.1.dist-info/METADATA")
                    .withProperties(Map.of("license", "BSD License")),
                "lang/python",
                1,
                false),
            new Component(
                Package.of(
                    "pypi",
                    "requests",
                    "2.28.1",
                    "usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO"),
                "lang/python",
                1,
                true),
            new Component(
                Package.of("golang", "github.com/BurntSushi/toml", "v1.3.2", "app/bin/server")
                    .withProperties(Map.of("go:toolchain", "go1.21.5")),
                "lang/go",
                1,
                false),
            new Component(
                Package.of("golang", "stdlib", "go1.21.5", "app/bin/server"), "lang/go", 1, false),
            new Component(
                Package.of(
                    "gem",
                    "rails",
                    "7.1.2",
                    "usr/lib/ruby/gems/3.1.0/specifications/rails-7.1.2.gemspec"),
                "lang/ruby",
                1,
                false),
            new Component(
                deb("python3-requests", "2.28.1+dfsg-1", "all", "requests", "2.28.1+dfsg-1"),
                "os/dpkg",
                1,
                false));
    List<Diagnostic> diagnostics =
        List.of(
            new Diagnostic(
                "app/broken.jar",
                APP_DIFF_ID,
                "lang/java",
                "not a zip archive: end of central directory not found"));
    return new Sbom(subject, DEBIAN_12, base, layers, components, diagnostics);
  }

  /**
   * Rocky Linux 9 with an rpm that has an epoch and a source rpm of another name; no base known.
   */
  static Sbom rocky() {
    OsInfo os = new OsInfo("rocky", "9.3", "Rocky Linux 9.3 (Blue Onyx)", null, "etc/os-release");
    Package ssl =
        new Package(
            "rpm",
            "openssl-libs",
            "3.0.7-24.el9",
            "x86_64",
            "openssl",
            "3.0.7-24.el9",
            1,
            "var/lib/rpm/rpmdb.sqlite",
            List.of("usr/lib64/libssl.so.3"),
            Map.of("license", "Apache-2.0"));
    return new Sbom(
        new Subject("oci:/tmp/rocky:9", IMAGE_DIGEST, "linux", "amd64", null, null),
        os,
        BaseImage.none(),
        List.of(new LayerInfo(0, BASE_DIFF_ID, BASE_DIFF_ID, null, false)),
        List.of(new Component(ssl, "os/rpm", 0, false)),
        List.of());
  }

  /** Alpine 3.19 with an apk whose origin differs from its name. */
  static Sbom alpine() {
    OsInfo os = new OsInfo("alpine", "3.19.1", "Alpine Linux v3.19", null, "etc/os-release");
    Package ssl =
        new Package(
            "apk",
            "libssl3",
            "3.1.4-r5",
            "x86_64",
            "openssl",
            "3.1.4-r5",
            null,
            "lib/apk/db/installed",
            List.of("lib/libssl.so.3"),
            Map.of("license", "Apache-2.0"));
    return new Sbom(
        new Subject("docker-archive:/tmp/alpine.tar", IMAGE_DIGEST, "linux", "amd64", null, null),
        os,
        new BaseImage(BaseImage.Rule.NONE, null, null, 0, "no base image annotation"),
        List.of(
            new LayerInfo(0, BASE_DIFF_ID, BASE_DIFF_ID, "ADD alpine-minirootfs.tar.gz /", false)),
        List.of(new Component(ssl, "os/apk", 0, false)),
        List.of());
  }

  /** Every sample, for validity checks. */
  static List<Sbom> all() {
    return List.of(debianApp(), rocky(), alpine(), empty());
  }

  /** The smallest SBOM: no OS, no base, no layers, no components, nothing wrong. */
  static Sbom empty() {
    return new Sbom(
        new Subject("dir:/tmp/rootfs", null, "linux", "arm64", "v8", null),
        null,
        BaseImage.none(),
        List.of(),
        List.of(),
        List.of());
  }
}
