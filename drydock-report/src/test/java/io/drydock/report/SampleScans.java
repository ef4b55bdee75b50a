package io.drydock.report;

import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import io.drydock.sbom.format.FormatOptions;
import io.drydock.vuln.Severity;
import io.drydock.vuln.Severity.Rating;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import io.drydock.vuln.match.Suppression;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Hand-built scan results as the matchers would produce them, for the report tests. */
final class SampleScans {
  private SampleScans() {}

  static final String IMAGE_DIGEST =
      "sha256:9f2c6b1e0f6b7c5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c";
  static final String BASE_DIGEST =
      "sha256:1b7c3f6a2d5e4f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708";
  static final String BASE_DIFF_ID =
      "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
  static final String JAR_DIFF_ID =
      "sha256:f9e8d7c6b5a40312f9e8d7c6b5a40312f9e8d7c6b5a40312f9e8d7c6b5a40312";
  static final String NPM_DIFF_ID =
      "sha256:7c6b5a4031f9e8d27c6b5a4031f9e8d27c6b5a4031f9e8d27c6b5a4031f9e8d2";

  static final OsInfo DEBIAN_12 =
      new OsInfo("debian", "12", "Debian GNU/Linux 12 (bookworm)", "bookworm", "etc/os-release");

  static final ReportOptions OPTIONS =
      new ReportOptions(
          new FormatOptions(
              "0.1.0",
              Clock.fixed(Instant.parse("2026-03-01T12:34:56.789Z"), ZoneOffset.UTC),
              () -> UUID.fromString("3e671687-395b-41f5-a30f-a58921a69b79")),
          false);

  static final String JAR = "app/app.jar";

  static Package deb(String name, String version, String srcName, String srcVersion) {
    return new Package(
        "deb",
        name,
        version,
        "amd64",
        srcName,
        srcVersion,
        null,
        "var/lib/dpkg/status",
        List.of("usr/share/doc/" + name + "/copyright"),
        Map.of());
  }

  static final Component LIBC6 =
      new Component(deb("libc6", "2.36-9+deb12u4", "glibc", "2.36-9+deb12u4"), "os/dpkg", 0, false);
  static final Component LIBSSL3 =
      new Component(deb("libssl3", "3.0.11-1~deb12u2", "openssl", null), "os/dpkg", 0, false);
  static final Component ZLIB1G =
      new Component(deb("zlib1g", "1:1.2.13.dfsg-1", "zlib", null), "os/dpkg", 0, false);
  static final Component LOG4J =
      new Component(
          Package.of(
                  "maven",
                  "org.apache.logging.log4j:log4j-core",
                  "2.14.1",
                  JAR + "!/BOOT-INF/lib/log4j-core-2.14.1.jar")
              .withProperties(Map.of("java:sha1", "9141212b8507ab50a45525b545b39d224614528b")),
          "lang/java",
          1,
          false);
  static final Component JACKSON =
      new Component(
          Package.of(
              "maven",
              "com.fasterxml.jackson.core:jackson-databind",
              "2.13.2",
              JAR + "!/BOOT-INF/lib/jackson-databind-2.13.2.jar"),
          "lang/java",
          1,
          false);
  static final Component LODASH =
      new Component(
          Package.of("npm", "lodash", "4.17.20", "app/web/node_modules/lodash/package.json"),
          "lang/npm",
          2,
          false);

  static Sbom sbom() {
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
                JAR_DIFF_ID,
                "sha256:c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3",
                "COPY target/app.jar /app/app.jar # buildkit",
                false),
            new LayerInfo(
                2,
                NPM_DIFF_ID,
                "sha256:e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5",
                "/bin/sh -c cd /app/web && npm ci --omit=dev --no-audit --no-fund"
                    + " && npm cache clean --force && rm -rf /root/.npm /tmp/*",
                false));
    List<Diagnostic> diagnostics =
        List.of(
            new Diagnostic(
                "app/lib/broken.jar",
                JAR_DIFF_ID,
                "lang/java",
                "not a zip archive: end of central directory not found"));
    return new Sbom(
        subject,
        DEBIAN_12,
        base,
        layers,
        List.of(LIBC6, LIBSSL3, ZLIB1G, LOG4J, JACKSON, LODASH),
        diagnostics);
  }

  static Severity cvss3(String vector, double score) {
    return new Severity("CVSS_V3", vector, score, Rating.ofCvss3or4(score), "CVSS_V3 from record");
  }

  static Finding finding(
      String id,
      List<String> aliases,
      List<String> advisories,
      Component c,
      String ecosystem,
      List<String> fixed,
      Severity severity,
      String summary,
      List<String> references,
      String advice) {
    return new Finding(
        id,
        aliases,
        advisories,
        c,
        ecosystem,
        c.pkg().version(),
        fixed,
        severity,
        null,
        null,
        false,
        summary,
        references,
        advice,
        null);
  }

  /** Log4Shell with EPSS and KEV, from the app layer. */
  static Finding log4shell() {
    Finding f =
        finding(
            "CVE-2021-44228",
            List.of("GHSA-jfh8-c2jp-5v3q"),
            List.of("GHSA-jfh8-c2jp-5v3q"),
            LOG4J,
            "Maven",
            List.of("2.15.0"),
            cvss3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
            "Remote code injection in Log4j",
            List.of(
                "https://nvd.nist.gov/vuln/detail/CVE-2021-44228",
                "https://logging.apache.org/log4j/2.x/security.html"),
            "upgrade log4j-core to 2.15.0");
    return new Finding(
        f.id(),
        f.aliases(),
        f.advisories(),
        f.component(),
        f.ecosystem(),
        f.installedVersion(),
        f.fixedVersions(),
        f.severity(),
        0.94358,
        0.99961,
        true,
        f.summary(),
        f.references(),
        f.advice(),
        null);
  }

  /**
   * A realistic scan: log4j-core 2.14.1 (Log4Shell, critical, fix 2.15.0, EPSS and KEV; and
   * CVE-2021-45046), zlib in the Debian base with no fix yet, OpenSSL with a fix in the base, glibc
   * without a rating and no fix, jackson-databind suppressed by VEX, another glibc one ignored by
   * the ignore file, lodash (npm) in a third layer; the SBOM is partial.
   */
  static ScanResult debianApp() {
    List<Finding> findings =
        List.of(
            log4shell(),
            finding(
                "CVE-2021-45046",
                List.of("GHSA-7rjr-3q55-vv33"),
                List.of("GHSA-7rjr-3q55-vv33"),
                LOG4J,
                "Maven",
                List.of("2.12.2", "2.16.0"),
                cvss3("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H", 9.0),
                "Incomplete fix for Apache Log4j vulnerability",
                List.of("https://logging.apache.org/log4j/2.x/security.html"),
                "upgrade log4j-core to 2.16.0"),
            finding(
                "CVE-2023-45853",
                List.of("DEBIAN-CVE-2023-45853"),
                List.of("DEBIAN-CVE-2023-45853"),
                ZLIB1G,
                "Debian:12",
                List.of(),
                cvss3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
                "MiniZip in zlib through 1.3 has an integer overflow",
                List.of("https://security-tracker.debian.org/tracker/CVE-2023-45853"),
                "update the base image"),
            finding(
                    "CVE-2022-42003",
                    List.of("GHSA-jjjh-jjxp-wpff"),
                    List.of("GHSA-jjjh-jjxp-wpff"),
                    JACKSON,
                    "Maven",
                    List.of("2.12.7.1", "2.13.4.2"),
                    cvss3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),
                    "Uncontrolled Resource Consumption in Jackson-databind",
                    List.of("https://github.com/FasterXML/jackson-databind/issues/3590"),
                    "upgrade jackson-databind to 2.13.4.2")
                .withSuppression(
                    new Suppression(
                        Suppression.Source.VEX,
                        "https://shop.example.com/vex/api-1.4.2.openvex.json",
                        "not_affected",
                        "vulnerable_code_not_in_execute_path")),
            new Finding(
                "CVE-2021-23337",
                List.of("GHSA-35jh-r3h4-6jhm"),
                List.of("GHSA-35jh-r3h4-6jhm"),
                LODASH,
                "npm",
                "4.17.20",
                List.of("4.17.21"),
                cvss3("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2),
                0.01234,
                0.85012,
                false,
                "Command Injection in lodash",
                List.of(
                    "https://github.com/lodash/lodash/commit/3469357cff396a26c363f8c1b5a91dde28ba4b1c"),
                "upgrade lodash to 4.17.21",
                null),
            finding(
                "CVE-2024-2511",
                List.of("DEBIAN-CVE-2024-2511"),
                List.of("DEBIAN-CVE-2024-2511"),
                LIBSSL3,
                "Debian:12",
                List.of("3.0.14-1~deb12u1"),
                cvss3("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", 5.9),
                "Unbounded memory growth with session handling in TLSv1.3",
                List.of("https://www.openssl.org/news/secadv/20240408.txt"),
                "update the base image"),
            finding(
                    "CVE-2019-1010022",
                    List.of("DEBIAN-CVE-2019-1010022"),
                    List.of("DEBIAN-CVE-2019-1010022"),
                    LIBC6,
                    "Debian:12",
                    List.of(),
                    cvss3("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:L/A:N", 3.7),
                    "GNU Libc stack guard protection bypass",
                    List.of(),
                    "update the base image")
                .withSuppression(
                    new Suppression(
                        Suppression.Source.IGNORE_FILE,
                        ".drydockignore.yaml",
                        "ignored",
                        "disputed upstream; accepted until the bookworm point release")),
            finding(
                "CVE-2010-4756",
                List.of("DEBIAN-CVE-2010-4756"),
                List.of("DEBIAN-CVE-2010-4756"),
                LIBC6,
                "Debian:12",
                List.of(),
                new Severity(
                    "database_specific", "unimportant", null, Rating.UNKNOWN, "database_specific"),
                "glob implementation can exhaust stack and memory",
                List.of(),
                "update the base image"));
    return new ScanResult(
        sbom(),
        findings,
        "advisories.db built 2026-02-28T06:00:00Z, 412873 records",
        Instant.parse("2026-02-28T06:00:00Z"),
        List.of("lodash 4.17.20: advisory GHSA-xxxx-yyyy-zzzz has an unparsable range, skipped"));
  }

  /** An image with nothing found: no findings, complete. */
  static ScanResult clean() {
    Sbom s = sbom();
    Sbom complete = new Sbom(s.subject(), s.os(), s.base(), s.layers(), s.components(), List.of());
    return new ScanResult(complete, List.of(), "advisories.db", null, List.of());
  }

  /** A scan of an SBOM file: no layers, no OS, no digest, components at layer -1. */
  static ScanResult fromSbomFile() {
    Component lodash =
        new Component(
            Package.of("npm", "lodash", "4.17.15", "package-lock.json"), "sbom", -1, false);
    Sbom s =
        new Sbom(
            new Subject("sbom:/tmp/bom.cdx.json", null, null, null, null, null),
            null,
            BaseImage.none(),
            List.of(),
            List.of(lodash),
            List.of());
    Finding f =
        finding(
            "GHSA-p6mc-m468-83gw",
            List.of(),
            List.of("GHSA-p6mc-m468-83gw"),
            lodash,
            "npm",
            List.of("4.17.19"),
            new Severity("database_specific", "HIGH", null, Rating.HIGH, "database_specific"),
            "Prototype pollution <in> \"lodash\" & friends",
            List.of(),
            "");
    return new ScanResult(s, List.of(f), "advisories.db", null, List.of());
  }

  static List<ScanResult> all() {
    return List.of(debianApp(), clean(), fromSbomFile());
  }
}
