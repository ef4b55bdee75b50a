package io.drydock.vuln.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrichmentTest {
  // The layout of FIRST's daily file (epss_scores-YYYY-MM-DD.csv.gz), with real CVE ids.
  static final String EPSS =
      "#model_version:v2025.03.14,score_date:2026-11-27T12:55:00Z\n"
          + "cve,epss,percentile\n"
          + "CVE-2021-44228,0.94358,0.99971\n"
          + "CVE-2020-8203,0.01436,0.79824\n"
          + "CVE-2021-44906,0.00262,0.49673\n";

  // The shape of CISA's known_exploited_vulnerabilities.json (fields as CISA names them).
  static final String KEV =
      "{\"title\":\"CISA Catalog of Known Exploited Vulnerabilities\",\"catalogVersion\":\"2026.11.26\","
          + "\"dateReleased\":\"2026-11-26T16:00:02.5127Z\",\"count\":2,\"vulnerabilities\":["
          + "{\"cveID\":\"CVE-2021-44228\",\"vendorProject\":\"Apache\",\"product\":\"Log4j2\","
          + "\"vulnerabilityName\":\"Apache Log4j2 Remote Code Execution Vulnerability\","
          + "\"dateAdded\":\"2021-12-10\",\"shortDescription\":\"…\",\"requiredAction\":\"…\","
          + "\"dueDate\":\"2021-12-24\",\"knownRansomwareCampaignUse\":\"Known\",\"notes\":\"\","
          + "\"cwes\":[\"CWE-20\",\"CWE-400\",\"CWE-502\"]},"
          + "{\"cveID\":\"CVE-2022-22965\",\"vendorProject\":\"VMware\",\"product\":\"Spring Framework\","
          + "\"vulnerabilityName\":\"Spring4Shell\",\"dateAdded\":\"2022-04-04\",\"dueDate\":\"2022-04-25\","
          + "\"knownRansomwareCampaignUse\":\"Unknown\"}]}";

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  static InputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsEpssPlainAndGzip(@TempDir Path tmp) throws Exception {
    Path gz = tmp.resolve("epss_scores-2026-11-27.csv.gz");
    Files.write(gz, gzip(EPSS.getBytes(StandardCharsets.UTF_8)));
    for (EpssScores s : new EpssScores[] {EpssScores.read(in(EPSS), "t"), EpssScores.read(gz)}) {
      assertThat(s.modelVersion()).isEqualTo("v2025.03.14");
      assertThat(s.scoreDate()).isEqualTo("2026-11-27T12:55:00Z");
      assertThat(s.scores()).hasSize(3);
      assertThat(s.score("cve-2021-44228"))
          .get()
          .extracting(EpssScores.Score::epss)
          .isEqualTo(0.94358);
      assertThat(s.score("CVE-2020-8203"))
          .get()
          .extracting(EpssScores.Score::percentile)
          .isEqualTo(0.79824);
      assertThat(s.score("CVE-1999-0001")).isEmpty();
    }
  }

  @Test
  void refusesMalformedEpss() {
    assertThatThrownBy(() -> EpssScores.read(in("cve,epss\nCVE-2021-1,1,1\n"), "bad.csv"))
        .hasMessage("EPSS file bad.csv line 1: expected the header cve,epss,percentile");
    assertThatThrownBy(
            () -> EpssScores.read(in("cve,epss,percentile\nCVE-2021-44228,1.5,0.9\n"), "bad.csv"))
        .hasMessage("EPSS file bad.csv line 2: value out of [0, 1]: \"1.5\"");
    assertThatThrownBy(
            () -> EpssScores.read(in("cve,epss,percentile\nnot-a-cve,0.1,0.9\n"), "bad.csv"))
        .hasMessageContaining("line 2: not a CVE id");
    assertThatThrownBy(
            () -> EpssScores.read(in("cve,epss,percentile\nCVE-2021-44228,0.1\n"), "bad.csv"))
        .hasMessageContaining("line 2: expected 3 fields, found 2");
    assertThatThrownBy(() -> EpssScores.read(in("#only a comment\n"), "empty.csv"))
        .hasMessage("EPSS file empty.csv has no cve,epss,percentile header");
    assertThatThrownBy(
            () ->
                EpssScores.read(in("cve,epss,percentile\n" + "x".repeat(5000) + "\n"), "long.csv"))
        .hasMessageContaining("line 2: line longer than 1024 characters");
  }

  @Test
  void gzipBombsAreCapped() throws Exception {
    byte[] bomb =
        gzip(
            ("cve,epss,percentile\n" + "CVE-2021-44228,0.1,0.1\n".repeat(200_000))
                .getBytes(StandardCharsets.UTF_8)); // valid rows: only the cap can stop it
    assertThatThrownBy(() -> EpssScores.read(new ByteArrayInputStream(bomb), "bomb.gz", 1 << 20))
        .hasMessageContaining("EPSS file bomb.gz decompresses to more than 1048576 bytes");
    byte[] oneLine =
        gzip("cve,epss,percentile\n".concat("9".repeat(4 << 20)).getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> EpssScores.read(new ByteArrayInputStream(oneLine), "nl.gz"))
        .hasMessage("EPSS file nl.gz line 2: line longer than 1024 characters");
    byte[] spaces = new byte[8 << 20];
    java.util.Arrays.fill(spaces, (byte) ' ');
    byte[] jsonBomb = gzip(spaces); // valid JSON whitespace: only the cap can stop it
    assertThatThrownBy(
            () -> KevCatalog.read(new ByteArrayInputStream(jsonBomb), "bomb.gz", 1 << 20))
        .hasMessageContaining("KEV catalogue bomb.gz decompresses to more than 1048576 bytes");
  }

  @Test
  void readsKev() throws Exception {
    KevCatalog kev = KevCatalog.read(in(KEV), "kev.json");
    assertThat(kev.catalogVersion()).isEqualTo("2026.11.26");
    assertThat(kev.entries()).hasSize(2);
    KevCatalog.Entry log4shell = kev.entry("cve-2021-44228").orElseThrow();
    assertThat(log4shell.dateAdded()).isEqualTo(LocalDate.of(2021, 12, 10));
    assertThat(log4shell.dueDate()).isEqualTo(LocalDate.of(2021, 12, 24));
    assertThat(log4shell.knownRansomwareUse()).isEqualTo("Known");
    assertThat(kev.entry("CVE-2022-22965"))
        .get()
        .extracting(KevCatalog.Entry::product)
        .isEqualTo("Spring Framework");
    assertThat(kev.entry("CVE-2020-8203")).isEmpty();
  }

  @Test
  void refusesMalformedKev() {
    assertThatThrownBy(() -> KevCatalog.read(in("{\"vulnerabilities\":"), "kev.json"))
        .hasMessageStartingWith("KEV catalogue kev.json is not valid JSON");
    assertThatThrownBy(() -> KevCatalog.read(in("{\"count\":0}"), "kev.json"))
        .hasMessage("KEV catalogue kev.json has no \"vulnerabilities\" array");
    assertThatThrownBy(
            () -> KevCatalog.read(in("{\"vulnerabilities\":[{\"cveID\":\"nope\"}]}"), "kev.json"))
        .hasMessage("KEV catalogue kev.json: vulnerabilities[0] has no valid cveID");
    assertThatThrownBy(
            () ->
                KevCatalog.read(
                    in(
                        "{\"vulnerabilities\":[{\"cveID\":\"CVE-2021-44228\",\"dateAdded\":\"10/12/2021\"}]}"),
                    "kev.json"))
        .hasMessage(
            "KEV catalogue kev.json: vulnerabilities[0]: dateAdded is not a date (YYYY-MM-DD)");
    assertThatThrownBy(() -> KevCatalog.read(in("[".repeat(100)), "deep.json"))
        .hasMessageStartingWith("KEV catalogue deep.json is not valid JSON");
  }
}
