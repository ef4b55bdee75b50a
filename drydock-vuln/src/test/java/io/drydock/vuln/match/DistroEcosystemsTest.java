package io.drydock.vuln.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.sbom.OsInfo;
import io.drydock.vuln.Ecosystem;
import io.drydock.vuln.KnownEcosystem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DistroEcosystemsTest {
  static Optional<DistroRelease> of(String id, String versionId) {
    return DistroEcosystems.of(new OsInfo(id, versionId, null, null, "etc/os-release"));
  }

  static boolean accepts(String id, String versionId, String ecosystem) {
    return of(id, versionId).orElseThrow().accepts(Ecosystem.parse(ecosystem));
  }

  @Test
  void debianByMajorOrCodename() {
    assertThat(of("debian", "12").orElseThrow().ecosystems()).containsExactly("Debian:12");
    assertThat(of("debian", "12.5").orElseThrow().ecosystems()).containsExactly("Debian:12");
    assertThat(
            DistroEcosystems.of(new OsInfo("debian", null, null, "bookworm", "x"))
                .orElseThrow()
                .ecosystems())
        .containsExactly("Debian:12");
    assertThat(DistroEcosystems.of(new OsInfo("debian", null, null, "sid", "x"))).isEmpty();
    assertThat(accepts("debian", "12", "Debian:11")).isFalse();
    assertThat(accepts("debian", "12", "Ubuntu:12")).isFalse();
  }

  @Test
  void ubuntuWithAndWithoutLtsButNotPro() {
    DistroRelease r = of("ubuntu", "22.04").orElseThrow();
    assertThat(r.family()).isEqualTo(KnownEcosystem.UBUNTU);
    assertThat(r.ecosystems()).containsExactly("Ubuntu:22.04", "Ubuntu:22.04:LTS");
    assertThat(accepts("ubuntu", "22.04", "Ubuntu:22.04:LTS")).isTrue();
    assertThat(accepts("ubuntu", "23.10", "Ubuntu:23.10")).isTrue();
    assertThat(accepts("ubuntu", "22.04", "Ubuntu:Pro:22.04:LTS")).isFalse();
    assertThat(accepts("ubuntu", "22.04", "Ubuntu:20.04:LTS")).isFalse();
  }

  @Test
  void alpineByMajorMinorWithV() {
    assertThat(of("alpine", "3.19.1").orElseThrow().ecosystems()).containsExactly("Alpine:v3.19");
    assertThat(accepts("alpine", "3.19.1", "Alpine:v3.19")).isTrue();
    assertThat(accepts("alpine", "3.19.1", "Alpine:v3.1")).isFalse();
    assertThat(of("alpine", "edge")).isEmpty();
  }

  @Test
  void wolfiAndChainguardHaveNoReleases() {
    assertThat(accepts("wolfi", "20230201", "Wolfi")).isTrue();
    assertThat(accepts("wolfi", "20230201", "Chainguard")).isFalse();
    assertThat(accepts("chainguard", null, "Chainguard")).isTrue();
  }

  @Test
  void rockyAndAlmaByMajor() {
    assertThat(of("rocky", "9.3").orElseThrow().ecosystems()).containsExactly("Rocky Linux:9");
    assertThat(of("almalinux", "8.9").orElseThrow().ecosystems()).containsExactly("AlmaLinux:8");
    assertThat(accepts("rocky", "9.3", "AlmaLinux:9")).isFalse();
    assertThat(accepts("almalinux", "8.9", "AlmaLinux:9")).isFalse();
  }

  @Test
  void redHatByCpeRelease() {
    assertThat(of("rhel", "9.3").orElseThrow().family()).isEqualTo(KnownEcosystem.RED_HAT);
    assertThat(accepts("rhel", "9.3", "Red Hat:enterprise_linux:9::appstream")).isTrue();
    assertThat(accepts("rhel", "9.3", "Red Hat:enterprise_linux:9::baseos")).isTrue();
    assertThat(accepts("rhel", "9.3", "Red Hat:rhel_eus:9.3::baseos")).isTrue();
    assertThat(accepts("rhel", "9.3", "Red Hat:rhel_eus:9.2::baseos")).isFalse();
    assertThat(accepts("rhel", "9.3", "Red Hat:enterprise_linux:8::appstream")).isFalse();
    assertThat(accepts("rhel", "9.3", "Red Hat:enterprise_linux:90::appstream")).isFalse();
  }

  @Test
  void suseAndOpenSuse() {
    assertThat(accepts("sles", "15.5", "SUSE:Linux Enterprise Server 15 SP5")).isTrue();
    assertThat(accepts("sles", "15.5", "SUSE:Linux Enterprise Module for Basesystem 15 SP5"))
        .isTrue();
    assertThat(accepts("sles", "15.5", "SUSE:Linux Enterprise Server 15 SP4")).isFalse();
    assertThat(accepts("sles", "15", "SUSE:Linux Enterprise Server 15")).isTrue();
    assertThat(accepts("sles", "15", "SUSE:Linux Enterprise Server 15 SP5")).isFalse();
    assertThat(accepts("opensuse-leap", "15.5", "openSUSE:Leap 15.5")).isTrue();
    assertThat(accepts("opensuse-leap", "15.5", "openSUSE:Leap 15.4")).isFalse();
    assertThat(accepts("opensuse-tumbleweed", "20240101", "openSUSE:Tumbleweed")).isTrue();
    assertThat(accepts("opensuse-leap", "15.5", "SUSE:Linux Enterprise Server 15 SP5")).isFalse();
  }

  @Test
  void unknownDistributionsHaveNone() {
    assertThat(of("amzn", "2023")).isEmpty();
    assertThat(of("fedora", "39")).isEmpty();
    assertThat(DistroEcosystems.of(null)).isEmpty();
  }
}
