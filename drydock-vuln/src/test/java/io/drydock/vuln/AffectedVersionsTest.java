package io.drydock.vuln;

import static io.drydock.vuln.Event.fixed;
import static io.drydock.vuln.Event.introduced;
import static io.drydock.vuln.Event.lastAffected;
import static io.drydock.vuln.Event.limit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec's evaluation algorithm on synthetic ranges, including its corners. */
class AffectedVersionsTest {
  static Affected entry(String ecosystem, RangeType type, Event... events) {
    return Affected.of(
        new AffectedPackage(ecosystem, "p", null), List.of(Range.of(type, events)), List.of());
  }

  static AffectedResult.Status status(Affected a, String v) {
    return a.affects(v).status();
  }

  @Test
  void eventsAreSortedBeforeWalking() {
    Affected a =
        entry(
            "npm",
            RangeType.SEMVER,
            fixed("1.2.0"),
            introduced("1.0.0"),
            fixed("3.0.0"),
            introduced("2.0.0"));
    assertThat(a.affects("1.1.0").fixed()).containsExactly("1.2.0");
    assertThat(a.affects("2.5.0").fixed()).containsExactly("3.0.0");
    assertThat(status(a, "1.5.0")).isEqualTo(AffectedResult.Status.NOT_AFFECTED);
    assertThat(status(a, "0.9.0")).isEqualTo(AffectedResult.Status.NOT_AFFECTED);
  }

  @Test
  void introducedAndFixedAtTheSameVersionIsEmpty() {
    Affected a = entry("npm", RangeType.SEMVER, fixed("1.0.0"), introduced("1.0.0"));
    assertThat(a.affects("1.0.0").isAffected()).isFalse();
    Affected b = entry("npm", RangeType.SEMVER, lastAffected("1.0.0"), introduced("1.0.0"));
    assertThat(b.affects("1.0.0").isAffected()).isTrue();
    assertThat(b.affects("1.0.1").isAffected()).isFalse();
  }

  @Test
  void limits() {
    Affected a = entry("npm", RangeType.SEMVER, introduced("0"), limit("2.0.0"));
    assertThat(a.affects("1.9.9").isAffected()).isTrue();
    assertThat(a.affects("2.0.0").isAffected()).isFalse();
    Affected star = entry("npm", RangeType.SEMVER, introduced("0"), limit("*"));
    assertThat(star.affects("99.0.0").isAffected()).isTrue();
    Affected two =
        entry("npm", RangeType.SEMVER, introduced("1.0.0"), limit("1.5.0"), limit("3.0.0"));
    assertThat(two.affects("2.0.0").isAffected()).isTrue();
    assertThat(two.affects("3.0.0").isAffected()).isFalse();
  }

  @Test
  void semverToleratesALeadingVAndShortVersions() {
    Affected a = entry("crates.io", RangeType.SEMVER, introduced("v1.0"), fixed("v1.2.3"));
    assertThat(a.affects("1.1.0").fixed()).containsExactly("v1.2.3");
    assertThat(a.affects("v1.2.3").isAffected()).isFalse();
    assertThat(a.affects("1.2.3-rc.1").isAffected()).isTrue();
  }

  @Test
  void ecosystemRangesOfUnorderedEcosystemsAreUndecided() {
    Affected a = entry("Hex", RangeType.ECOSYSTEM, introduced("0"), fixed("1.0.0"));
    AffectedResult r = a.affects("0.5.0");
    assertThat(r.isUndecided()).isTrue();
    assertThat(r.diagnostics()).singleElement().asString().contains("no version order", "Hex");
  }

  @Test
  void anUnparsableBoundIsUndecidedUnlessAnotherRangeMatches() {
    Affected bad =
        Affected.of(
            new AffectedPackage("Debian:12", "openssl", null),
            List.of(
                Range.of(RangeType.ECOSYSTEM, introduced("0"), fixed("not a version!")),
                Range.of(RangeType.ECOSYSTEM, introduced("3.0.0"), fixed("3.0.11-1~deb12u1"))),
            List.of());
    AffectedResult low = bad.affects("1.1.1n-0+deb11u5");
    assertThat(low.isUndecided()).isTrue();
    assertThat(low.diagnostics())
        .singleElement()
        .asString()
        .contains("fixed", "deb", "not a version!");
    AffectedResult in = bad.affects("3.0.9-1");
    assertThat(in.isAffected()).isTrue();
    assertThat(in.fixed()).containsExactly("3.0.11-1~deb12u1");
    assertThat(in.diagnostics()).hasSize(1);
  }

  @Test
  void gitRangesAreNeverEvaluated() {
    Affected gitOnly =
        Affected.of(
            new AffectedPackage("PyPI", "p", null),
            List.of(
                new Range(
                    RangeType.GIT,
                    "https://example.org/r.git",
                    List.of(introduced("0"), fixed("a".repeat(40))),
                    null)),
            List.of());
    assertThat(gitOnly.affects("1.0").isUndecided()).isTrue();
    Affected gitAndVersions = Affected.of(gitOnly.pkg(), gitOnly.ranges(), List.of("1.0", "1.1"));
    assertThat(gitAndVersions.affects("1.1").isAffected()).isTrue();
    assertThat(gitAndVersions.affects("1.2").status())
        .isEqualTo(AffectedResult.Status.NOT_AFFECTED);
  }

  @Test
  void explicitVersionsCompareInTheEcosystemOrder() {
    Affected a = Affected.of(new AffectedPackage("PyPI", "p", null), List.of(), List.of("1.0"));
    assertThat(a.affects("1.0.0").isAffected()).isTrue(); // PEP 440: 1.0 == 1.0.0
    assertThat(a.affects("1.0.post1").isAffected()).isFalse();
  }

  @Test
  void debianEpochsAndTildes() {
    Affected a = entry("Debian:12", RangeType.ECOSYSTEM, introduced("0"), fixed("1:2.0-1~deb12u1"));
    assertThat(a.affects("2.9-1").isAffected()).isTrue(); // epoch 0 < epoch 1
    assertThat(a.affects("1:2.0-1").isAffected()).isFalse(); // ~ sorts before
    assertThat(a.affects("1:2.0-1~deb12u0").isAffected()).isTrue();
  }
}
