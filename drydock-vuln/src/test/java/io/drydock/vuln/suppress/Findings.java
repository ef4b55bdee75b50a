package io.drydock.vuln.suppress;

import com.github.packageurl.PackageURL;
import io.drydock.sbom.Component;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Subject;
import io.drydock.sbom.format.Purls;
import io.drydock.vuln.Severity;
import io.drydock.vuln.Severity.Rating;
import io.drydock.vuln.match.Finding;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Findings built by hand, shaped like real ones, for the suppression tests. */
final class Findings {
  private Findings() {}

  static final Path FIXTURES = Path.of("src/test/resources/suppress");

  static final OsInfo DEBIAN_12 =
      new OsInfo("debian", "12", "Debian GNU/Linux 12 (bookworm)", "bookworm", "etc/os-release");

  static final Subject IMAGE =
      new Subject(
          "registry.example.com/team/app:1.4.2",
          "sha256:4c2f0bd1d4e3b3f1a4a0b2e6f3c1d9a8b7e6f5d4c3b2a190817263544536271a",
          "linux",
          "amd64",
          null,
          null);

  static final PackageURL IMAGE_PURL = Purls.image(IMAGE);

  /** 2026-06-01T00:00:00Z. */
  static final Clock JUNE_2026 = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

  static final Package LOG4J =
      Package.of(
          "maven",
          "org.apache.logging.log4j:log4j-core",
          "2.14.1",
          "app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar");

  static final Package SPRING_BOOT =
      Package.of(
          "maven",
          "org.springframework.boot:spring-boot",
          "2.6.0-M3",
          "app/app.jar!/BOOT-INF/lib/spring-boot-2.6.0-M3.jar");

  static final Package JACKSON_DATABIND =
      Package.of(
          "maven",
          "com.fasterxml.jackson.core:jackson-databind",
          "2.10.0",
          "app/lib/jackson-databind-2.10.0.jar");

  static final Package X_NET =
      Package.of("golang", "golang.org/x/net", "v0.7.0", "usr/local/bin/server");

  static final Package SETUPTOOLS =
      Package.of(
          "pypi",
          "setuptools",
          "65.5.0",
          "usr/local/lib/python3.11/site-packages/setuptools-65.5.0.dist-info/METADATA");

  static final Package LIBSSL3 =
      new Package(
          "deb",
          "libssl3",
          "3.0.11-1~deb12u2",
          "amd64",
          "openssl",
          "3.0.11-1~deb12u2",
          null,
          "var/lib/dpkg/status",
          null,
          null);

  static Finding finding(String id, List<String> aliases, Package pkg) {
    return finding(id, aliases, pkg, Rating.CRITICAL, List.of("99.0"));
  }

  static Finding finding(
      String id, List<String> aliases, Package pkg, Rating rating, List<String> fixed) {
    boolean os = pkg.type().equals("deb");
    Component c = new Component(pkg, os ? "os/dpkg" : "lang/x", os ? 0 : 1, os);
    Severity severity = new Severity("CVSS_V3", "CVSS:3.1/AV:N", null, rating, "test");
    return new Finding(
        id,
        aliases,
        List.of(id),
        c,
        os ? "Debian:12" : "Maven",
        pkg.version(),
        fixed,
        severity,
        null,
        null,
        false,
        "",
        List.of(),
        "",
        null);
  }

  /** The candidate as {@link Gate#apply} builds it. */
  static Candidate candidate(Finding f) {
    return new Candidate(f, Purls.of(f.component(), DEBIAN_12), IMAGE_PURL);
  }
}
