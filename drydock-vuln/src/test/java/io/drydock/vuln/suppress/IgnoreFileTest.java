package io.drydock.vuln.suppress;

import static io.drydock.vuln.suppress.Findings.FIXTURES;
import static io.drydock.vuln.suppress.Findings.JUNE_2026;
import static io.drydock.vuln.suppress.Findings.LIBSSL3;
import static io.drydock.vuln.suppress.Findings.LOG4J;
import static io.drydock.vuln.suppress.Findings.SETUPTOOLS;
import static io.drydock.vuln.suppress.Findings.candidate;
import static io.drydock.vuln.suppress.Findings.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.sbom.Package;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.Suppression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreFileTest {
  @TempDir Path tmp;

  private static final Path YAML = FIXTURES.resolve("drydockignore.yaml");

  private static IgnoreFile yaml(String text) throws GateFileException {
    return IgnoreFile.parse(text.getBytes(StandardCharsets.UTF_8), "i.yaml", JUNE_2026);
  }

  @Test
  void pathScopedEntrySuppressesOnlyAtThatPath() throws Exception {
    IgnoreFile ignore = IgnoreFile.load(YAML, JUNE_2026);
    Finding here = finding("CVE-2022-40897", List.of(), SETUPTOOLS);
    assertThat(ignore.suppression(candidate(here)))
        .contains(
            new Suppression(
                Suppression.Source.IGNORE_FILE,
                YAML + ":3",
                "ignored",
                "setuptools is only used at build time"));

    Package elsewhere =
        SETUPTOOLS.withLocation("opt/venv/lib/setuptools-65.5.0.dist-info/METADATA");
    assertThat(ignore.suppression(candidate(finding("CVE-2022-40897", List.of(), elsewhere))))
        .isEmpty();
  }

  @Test
  void purlWithoutVersionOrQualifiersCoversTheInstalledPackage() throws Exception {
    IgnoreFile ignore = IgnoreFile.load(YAML, JUNE_2026);
    // our purl:
    // pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl
    assertThat(ignore.suppression(candidate(finding("CVE-2023-5678", List.of(), LIBSSL3))))
        .hasValueSatisfying(s -> assertThat(s.reference()).isEqualTo(YAML + ":7"));
  }

  @Test
  void purlScopeThatDoesNotMatchLeavesTheFindingReported() throws Exception {
    IgnoreFile ignore = IgnoreFile.load(YAML, JUNE_2026);
    // CVE-2023-5678 is ignored for libssl3 only; the same CVE on another package still counts
    Package openssl =
        new Package(
            "deb",
            "openssl",
            "3.0.11-1~deb12u2",
            "amd64",
            "openssl",
            null,
            null,
            "var/lib/dpkg/status",
            null,
            null);
    assertThat(ignore.suppression(candidate(finding("CVE-2023-5678", List.of(), openssl))))
        .isEmpty();
    // the GHSA entry is scoped to log4j-core 2.14.1; 2.15.0 stays reported
    Package newer =
        Package.of("maven", "org.apache.logging.log4j:log4j-core", "2.15.0", LOG4J.location());
    assertThat(
            ignore.suppression(
                candidate(finding("CVE-2021-45046", List.of("GHSA-jfh8-c2jp-5v3q"), newer))))
        .isEmpty();
  }

  @Test
  void purlScopedEntryNeverCoversAPackageWithoutPurl() throws Exception {
    IgnoreFile ignore = IgnoreFile.load(YAML, JUNE_2026);
    // a jar that told only its artifact id has no maven purl (Purls needs the group)
    Package bare = Package.of("maven", "log4j-core", "2.14.1", LOG4J.location());
    Finding f = finding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), bare);
    assertThat(candidate(f).purl()).isNull();
    assertThat(ignore.suppression(candidate(f))).isEmpty();
  }

  @Test
  void entryIdMatchesAFindingAlias() throws Exception {
    IgnoreFile ignore = IgnoreFile.load(YAML, JUNE_2026);
    Finding log4shell = finding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), LOG4J);
    assertThat(ignore.suppression(candidate(log4shell)))
        .hasValueSatisfying(s -> assertThat(s.justification()).isEqualTo("formatMsgNoLookups set"));
  }

  @Test
  void expiredEntryWarnsAndDoesNotSuppress() throws Exception {
    IgnoreFile ignore = IgnoreFile.load(YAML, JUNE_2026);
    Package etcd = Package.of("golang", "go.etcd.io/etcd", "v3.3.10", "usr/local/bin/etcd");
    assertThat(ignore.suppression(candidate(finding("CVE-2020-15114", List.of(), etcd)))).isEmpty();
    assertThat(ignore.expired()).extracting(IgnoreEntry::id).containsExactly("CVE-2020-15114");
    assertThat(ignore.warnings())
        .contains(
            YAML
                + ":15: ignore entry for CVE-2020-15114 expired at 2024-08-20T00:00:00Z and no"
                + " longer suppresses it (\"Review in 6 months\")");
  }

  @Test
  void expiryFollowsTheInjectedClock() throws Exception {
    Finding f = finding("CVE-2023-5678", List.of(), LIBSSL3); // expired_at: 2026-12-31
    Clock before = Clock.fixed(Instant.parse("2026-12-30T23:59:59Z"), ZoneOffset.UTC);
    Clock after = Clock.fixed(Instant.parse("2026-12-31T00:00:01Z"), ZoneOffset.UTC);
    assertThat(IgnoreFile.load(YAML, before).suppression(candidate(f))).isPresent();
    IgnoreFile later = IgnoreFile.load(YAML, after);
    assertThat(later.suppression(candidate(f))).isEmpty();
    assertThat(later.warnings()).anySatisfy(w -> assertThat(w).contains("CVE-2023-5678"));
  }

  @Test
  void trivysOtherSectionsWarnAndUnknownKeysFail() throws Exception {
    assertThat(IgnoreFile.load(YAML, JUNE_2026).warnings())
        .contains(YAML + ":19: misconfigurations: not used (Drydock reports vulnerabilities only)")
        .noneMatch(w -> w.contains("secrets") || w.contains("licenses"));

    assertThatThrownBy(() -> yaml("vulnerabilites:\n  - id: CVE-1\n"))
        .isInstanceOf(GateFileException.class)
        .hasMessage(
            "i.yaml: line 2, column 3: unknown key \"vulnerabilites\" (expected vulnerabilities)");
    // a misspelt scope must not widen the entry to every package
    assertThatThrownBy(() -> yaml("vulnerabilities:\n  - id: CVE-1\n    purl: pkg:npm/a\n"))
        .isInstanceOf(GateFileException.class)
        .hasMessage(
            "i.yaml: line 3, column 11: unknown key \"purl\""
                + " (expected id, purls, paths, statement, expired_at)");
  }

  @Test
  void entryShapeErrorsNameTheLine() {
    assertThatThrownBy(() -> yaml("vulnerabilities:\n  - statement: x\n"))
        .hasMessage("i.yaml: line 2, column 5: entry has no id");
    assertThatThrownBy(() -> yaml("vulnerabilities:\n  - id: CVE-1\n    purls: [\"npm/a\"]\n"))
        .hasMessage("i.yaml: line 3, column 13: not a package URL: \"npm/a\"");
    assertThatThrownBy(() -> yaml("vulnerabilities:\n  - id: CVE-1\n    expired_at: soon\n"))
        .hasMessageStartingWith("i.yaml: line 3, column 17: expired_at: cannot read \"soon\"");
    assertThatThrownBy(
            () -> yaml("vulnerabilities:\n  - id: CVE-1\n  - id: CVE-1\n    id: CVE-2\n"))
        .hasMessage("i.yaml: line 4, column 7: not valid YAML: Duplicate Object property \"id\"");
    assertThatThrownBy(() -> yaml("- CVE-1\n"))
        .hasMessage("i.yaml: line 1, column 1: expected a mapping with a vulnerabilities: list");
  }

  @Test
  void expiryAsDateTimeIsAccepted() throws Exception {
    IgnoreFile f =
        yaml("vulnerabilities:\n  - id: CVE-1\n    expired_at: 2026-05-31T12:00:00+02:00\n");
    assertThat(f.expired())
        .singleElement()
        .satisfies(e -> assertThat(e.expiresAt()).isEqualTo(Instant.parse("2026-05-31T10:00:00Z")));
  }

  @Test
  void emptyFilesIgnoreNothing() throws Exception {
    assertThat(yaml("").active()).isEmpty();
    assertThat(yaml("# nothing yet\nvulnerabilities:\n").active()).isEmpty();
  }

  @Test
  void plainTrivyignoreFormat() throws Exception {
    Path file = FIXTURES.resolve("trivyignore");
    IgnoreFile ignore = IgnoreFile.load(file, JUNE_2026);

    assertThat(ignore.active())
        .extracting(IgnoreEntry::id)
        .containsExactly(
            "CVE-2019-0001",
            "CVE-2019-0002",
            "CVE-2019-0005",
            "CVE-2019-0006",
            "CVE-2019-0007",
            "AVD-ID-0300");
    assertThat(ignore.expired()).extracting(IgnoreEntry::id).containsExactly("CVE-2019-0004");
    assertThat(ignore.active().get(4).statement()).isEqualTo("only reachable from the admin UI");
    assertThat(ignore.warnings())
        .anySatisfy(w -> assertThat(w).startsWith(file + ":4: ignore entry for CVE-2019-0004"))
        .anySatisfy(
            w ->
                assertThat(w)
                    .isEqualTo(
                        file
                            + ":10: cannot read expiry date \"2020-13-45\" (expected"
                            + " exp:YYYY-MM-DD); line skipped, CVE-2019-0008 is not ignored"));

    Finding f = finding("CVE-2019-0002", List.of(), LIBSSL3);
    assertThat(ignore.suppression(candidate(f)))
        .contains(new Suppression(Suppression.Source.IGNORE_FILE, file + ":3", "ignored", ""));
    assertThat(ignore.suppression(candidate(finding("CVE-2019-0004", List.of(), LIBSSL3))))
        .isEmpty();
  }

  @Test
  void formatIsChosenByShapeWhenTheNameDoesNotSay() {
    assertThat(IgnoreFile.yamlShaped(".drydockignore", "# x\nvulnerabilities:\n  - id: A\n"))
        .isTrue();
    assertThat(IgnoreFile.yamlShaped(".trivyignore", "CVE-1 exp:2020-01-01\n# a: b\nCVE-2\n"))
        .isFalse();
    assertThat(IgnoreFile.yamlShaped("x.yml", "CVE-1\n")).isTrue();
  }

  @Test
  void malformedYamlIsOneLineWithLineAndColumn() throws Exception {
    Path file = tmp.resolve(".drydockignore.yaml");
    Files.writeString(file, "vulnerabilities:\n  - id: CVE-1\n    purls: [\n");
    assertThatThrownBy(() -> IgnoreFile.load(file, JUNE_2026))
        .isInstanceOf(GateFileException.class)
        .hasMessageStartingWith(file + ": line 3, column ")
        .hasMessageContaining("not valid YAML")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void billionLaughsIsRefusedWithoutExpansion() throws Exception {
    StringBuilder y =
        new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 10; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        y.append(j == 0 ? "" : ",").append("*a").append(i - 1);
      }
      y.append("]\n");
    }
    y.append("vulnerabilities: *a9\n");
    assertThatThrownBy(() -> yaml(y.toString()))
        .isInstanceOf(GateFileException.class)
        .hasMessage("i.yaml: line 2, column 10: YAML aliases (*a0) are not supported");
  }

  @Test
  void tagsDoNotConstructObjects() {
    // snakeyaml-engine only tokenises; the tag is dropped and the scalar stays text
    assertThatThrownBy(
            () -> yaml("vulnerabilities:\n  - id: !!javax.script.ScriptEngineManager [x]\n"))
        .isInstanceOf(GateFileException.class)
        .hasMessage("i.yaml: line 2, column 9: id: expected a single value");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "vulnerabilities: " + "[".repeat(200) + "]".repeat(200) + "\n";
    assertThatThrownBy(() -> yaml(deep))
        .isInstanceOf(GateFileException.class)
        .hasMessageStartingWith("i.yaml: line 1, column ")
        .hasMessageContaining("nested deeper than 32 levels");
  }

  @Test
  void fileOverTheCapIsRefused() throws Exception {
    Path file = tmp.resolve("big.yaml");
    byte[] line = "# padding padding padding padding padding padding padding padding\n".getBytes();
    try (var out = Files.newOutputStream(file)) {
      for (long written = 0; written <= IgnoreFile.MAX_BYTES; written += line.length) {
        out.write(line);
      }
    }
    assertThatThrownBy(() -> IgnoreFile.load(file, JUNE_2026))
        .isInstanceOf(GateFileException.class)
        .hasMessage(file + ": larger than 16777216 bytes, refused");
  }
}
