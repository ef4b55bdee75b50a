package io.drydock.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.drydock.sbom.format.CycloneDx;
import io.drydock.testing.Golden;
import io.drydock.vuln.match.ScanResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.vulnerability.Vulnerability;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;

class ReportFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static String write(ReportFormat format, ScanResult result, ReportOptions options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      format.write(result, out, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String write(ReportFormat format, ScanResult result) {
    return write(format, result, SampleScans.OPTIONS);
  }

  private static Schema jsonSchema(String resource) {
    InputStream in = ReportFormatTest.class.getResourceAsStream(resource);
    assertThat(in).as(resource).isNotNull();
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
  }

  private static List<String> errors(Schema schema, String json) throws IOException {
    return schema.validate(JSON.readTree(json)).stream().map(Object::toString).toList();
  }

  // --- every format ---------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(ReportFormat.class)
  void goldenAndDeterministic(ReportFormat format) {
    String first = write(format, SampleScans.debianApp());
    assertThat(write(format, SampleScans.debianApp())).isEqualTo(first);
    assertThat(first).endsWith("\n").doesNotContain("\u001b");
    String file =
        switch (format) {
          case TABLE -> "debian-app.table.txt";
          case JSON -> "debian-app.scan.json";
          case SARIF -> "debian-app.sarif.json";
          case CYCLONEDX -> "debian-app.cdx.json";
          case JUNIT -> "debian-app.junit.xml";
        };
    Golden.assertMatches("scan/" + file, first);
  }

  @ParameterizedTest
  @EnumSource(ReportFormat.class)
  void everySampleIsWritten(ReportFormat format) {
    for (ScanResult r : SampleScans.all()) {
      assertThat(write(format, r)).as(r.sbom().subject().reference()).endsWith("\n");
    }
  }

  @Test
  void formatsAreNamedAsOnTheCommandLine() {
    assertThat(ReportFormat.byName("SARIF")).isEqualTo(ReportFormat.SARIF);
    assertThat(ReportFormat.byName("cyclonedx")).isEqualTo(ReportFormat.CYCLONEDX);
    assertThatThrownBy(() -> ReportFormat.byName("spdx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown report format \"spdx\": expected one of table, json, sarif, cyclonedx,"
                + " junit");
  }

  @Test
  void theStreamStaysOpen() throws IOException {
    class Tracking extends ByteArrayOutputStream {
      boolean closed;

      @Override
      public void close() {
        closed = true;
      }
    }
    for (ReportFormat f : ReportFormat.values()) {
      Tracking out = new Tracking();
      f.write(SampleScans.debianApp(), out, SampleScans.OPTIONS);
      assertThat(out.closed).as(f.cliName()).isFalse();
      assertThat(out.size()).isPositive();
    }
  }

  // --- table ----------------------------------------------------------------------------------

  @Test
  void tableSummarisesCountsSuppressedAndUnfixed() {
    String table = write(ReportFormat.TABLE, SampleScans.debianApp());
    assertThat(table)
        .contains(
            "Total: 6 (CRITICAL: 3, HIGH: 1, MEDIUM: 1, LOW: 0, UNKNOWN: 1), 2 suppressed, 2"
                + " with no fix yet\n")
        .contains("Note: the SBOM is partial (1 problem): findings may be missing.")
        .contains("app/lib/broken.jar: not a zip archive")
        .contains("lodash 4.17.20: advisory GHSA-xxxx-yyyy-zzzz has an unparsable range");
    // suppressed findings only count
    assertThat(table).doesNotContain("CVE-2022-42003").doesNotContain("CVE-2019-1010022");
  }

  @Test
  void tableGroupsByTargetThenLayer() {
    String table = write(ReportFormat.TABLE, SampleScans.debianApp());
    int os = table.indexOf("registry.example.com/shop/api:1.4.2 (debian 12)\n=");
    int java = table.indexOf("\nJava\n====\n");
    int node = table.indexOf("\nNode.js\n=======\n");
    assertThat(os).isPositive().isLessThan(java);
    assertThat(java).isLessThan(node);
    assertThat(table)
        .contains(
            "Layer 1 of 3 [base] sha256:0a1b2c3d4e5f  # debian.sh --arch 'amd64' out/ 'bookworm'"
                + " '@1700438400'")
        .contains(
            "Layer 2 of 3 [app] sha256:f9e8d7c6b5a4  COPY target/app.jar /app/app.jar # buildkit")
        // the shell prefix goes, long commands are cut
        .contains("Layer 3 of 3 [app] sha256:7c6b5a4031f9  cd /app/web && npm ci --omit=dev")
        .contains("...\n");
    String zlib = table.lines().filter(l -> l.contains("CVE-2023-45853")).findFirst().orElseThrow();
    assertThat(zlib).contains("zlib1g", "1:1.2.13.dfsg-1", "CRITICAL", "no fix yet", "base");
    String log4j =
        table.lines().filter(l -> l.contains("CVE-2021-44228")).findFirst().orElseThrow();
    assertThat(log4j).contains("org.apache.logging.log4j:log4j-core", "2.14.1", "2.15.0", "app");
    // columns line up: the severity column starts at the same offset in header and rows
    List<String> javaRows =
        table.lines().dropWhile(l -> !l.startsWith("Layer 2 of 3")).skip(1).limit(3).toList();
    int col = javaRows.get(0).indexOf("SEVERITY");
    assertThat(javaRows.get(1).indexOf("CRITICAL")).isEqualTo(col);
    assertThat(javaRows.get(2).indexOf("CRITICAL")).isEqualTo(col);
  }

  @Test
  void tableColoursSeveritiesOnlyWhenAsked() {
    String plain = write(ReportFormat.TABLE, SampleScans.debianApp());
    String colour =
        write(ReportFormat.TABLE, SampleScans.debianApp(), SampleScans.OPTIONS.withColor(true));
    assertThat(plain).doesNotContain("\u001b[");
    assertThat(colour)
        .contains("\u001b[1;31mCRITICAL\u001b[0m")
        .contains("\u001b[31mHIGH\u001b[0m")
        .contains("\u001b[33mMEDIUM\u001b[0m");
    // without the escapes the coloured table is the plain one
    assertThat(colour.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
  }

  @Test
  void tableOfACleanImageSaysSo() {
    String table = write(ReportFormat.TABLE, SampleScans.clean());
    assertThat(table)
        .contains("Total: 0 (CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0)\n")
        .doesNotContain("partial")
        .doesNotContain("PACKAGE");
  }

  @Test
  void tableOfAnSbomFileHasAnUnknownLayer() {
    String table = write(ReportFormat.TABLE, SampleScans.fromSbomFile());
    assertThat(table).contains("Layer ? (not known: SBOM input)").contains("GHSA-p6mc-m468-83gw");
  }

  // --- json -----------------------------------------------------------------------------------

  @Test
  void jsonIsValidAgainstItsSchema() throws Exception {
    Schema schema = jsonSchema(ReportFormat.JSON_SCHEMA_RESOURCE);
    for (ScanResult r : SampleScans.all()) {
      assertThat(errors(schema, write(ReportFormat.JSON, r)))
          .as(r.sbom().subject().reference())
          .isEmpty();
    }
  }

  @Test
  void jsonSchemaRejectsWhatItForbids() throws Exception {
    Schema schema = jsonSchema(ReportFormat.JSON_SCHEMA_RESOURCE);
    JsonNode doc = JSON.readTree(write(ReportFormat.JSON, SampleScans.debianApp()));
    var broken = (com.fasterxml.jackson.databind.node.ObjectNode) doc.deepCopy();
    var first = (com.fasterxml.jackson.databind.node.ObjectNode) broken.get("findings").get(0);
    first.put("origin", "vendor");
    first.put("suppressed", true); // but no suppression
    assertThat(schema.validate(broken)).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void jsonCarriesEveryFindingField() throws Exception {
    JsonNode doc = JSON.readTree(write(ReportFormat.JSON, SampleScans.debianApp()));
    assertThat(doc.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(doc.at("/target/digest").asText()).isEqualTo(SampleScans.IMAGE_DIGEST);
    assertThat(doc.at("/os/id").asText()).isEqualTo("debian");
    assertThat(doc.at("/base/rule").asText()).isEqualTo("annotation");
    assertThat(doc.at("/base/digest").asText()).isEqualTo(SampleScans.BASE_DIGEST);
    assertThat(doc.at("/database/built").asText()).isEqualTo("2026-02-28T06:00:00Z");
    assertThat(doc.get("partial").asBoolean()).isTrue();
    assertThat(doc.at("/summary/total").asInt()).isEqualTo(6);
    assertThat(doc.at("/summary/suppressed").asInt()).isEqualTo(2);
    assertThat(doc.at("/summary/noFix").asInt()).isEqualTo(2);
    assertThat(doc.get("findings")).hasSize(8);

    JsonNode log4j = doc.get("findings").get(0);
    assertThat(log4j.get("id").asText()).isEqualTo("CVE-2021-44228");
    assertThat(log4j.at("/aliases/0").asText()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(log4j.at("/package/purl").asText())
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(log4j.at("/package/location").asText())
        .isEqualTo("app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar");
    assertThat(log4j.at("/layer/index").asInt()).isEqualTo(1);
    assertThat(log4j.at("/layer/diffId").asText()).isEqualTo(SampleScans.JAR_DIFF_ID);
    assertThat(log4j.get("origin").asText()).isEqualTo("app");
    assertThat(log4j.at("/severity/rating").asText()).isEqualTo("critical");
    assertThat(log4j.at("/severity/score").asDouble()).isEqualTo(10.0);
    assertThat(log4j.at("/fixedVersions/0").asText()).isEqualTo("2.15.0");
    assertThat(log4j.get("epss").asDouble()).isEqualTo(0.94358);
    assertThat(log4j.get("kev").asBoolean()).isTrue();
    assertThat(log4j.get("suppressed").asBoolean()).isFalse();
    assertThat(log4j.has("suppression")).isFalse();

    JsonNode zlib = doc.get("findings").get(2);
    assertThat(zlib.get("fixAvailable").asBoolean()).isFalse();
    assertThat(zlib.get("origin").asText()).isEqualTo("base");
    assertThat(zlib.at("/package/purl").asText())
        .isEqualTo(
            "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib");

    JsonNode jackson = doc.get("findings").get(3);
    assertThat(jackson.get("suppressed").asBoolean()).isTrue();
    assertThat(jackson.at("/suppression/source").asText()).isEqualTo("vex");
    assertThat(jackson.at("/suppression/status").asText()).isEqualTo("not_affected");
    assertThat(jackson.at("/suppression/justification").asText())
        .isEqualTo("vulnerable_code_not_in_execute_path");
  }

  // --- sarif ----------------------------------------------------------------------------------

  @Test
  void sarifIsValidAgainstTheOfficialSchema() throws Exception {
    Schema schema = jsonSchema("/schema/sarif-schema-2.1.0.json");
    for (ScanResult r : SampleScans.all()) {
      assertThat(errors(schema, write(ReportFormat.SARIF, r)))
          .as(r.sbom().subject().reference())
          .isEmpty();
    }
  }

  @Test
  void sarifFollowsGithubCodeScanningRules() throws Exception {
    for (ScanResult r : SampleScans.all()) {
      JsonNode run = JSON.readTree(write(ReportFormat.SARIF, r)).at("/runs/0");
      assertThat(run.at("/tool/driver/name").asText()).isEqualTo("drydock");
      List<String> ruleIds = new ArrayList<>();
      for (JsonNode rule : run.at("/tool/driver/rules")) {
        ruleIds.add(rule.get("id").asText());
        String score = rule.at("/properties/security-severity").asText();
        assertThat(Double.parseDouble(score)).isBetween(0.0, 10.0);
        assertThat(rule.get("helpUri").asText()).startsWith("https://");
        assertThat(rule.at("/shortDescription/text").asText()).isNotEmpty();
      }
      assertThat(new HashSet<>(ruleIds)).hasSameSizeAs(ruleIds);
      for (JsonNode result : run.get("results")) {
        String id = result.get("ruleId").asText();
        assertThat(ruleIds.get(result.get("ruleIndex").asInt())).isEqualTo(id);
        assertThat(result.get("level").asText()).isIn("error", "warning", "note");
        assertThat(result.at("/message/text").asText()).isNotEmpty();
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
            .isNotEmpty()
            .doesNotStartWith("/")
            .doesNotContain(" ");
        assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt())
            .isEqualTo(1);
      }
    }
  }

  @Test
  void sarifMapsSeverityLocationAndSuppression() throws Exception {
    JsonNode run = JSON.readTree(write(ReportFormat.SARIF, SampleScans.debianApp())).at("/runs/0");
    JsonNode rules = run.at("/tool/driver/rules");
    JsonNode results = run.get("results");
    assertThat(rules).hasSize(8);
    assertThat(results).hasSize(8);

    JsonNode log4shellRule = rules.get(0);
    assertThat(log4shellRule.get("id").asText()).isEqualTo("CVE-2021-44228");
    assertThat(log4shellRule.at("/properties/security-severity").asText()).isEqualTo("10.0");
    assertThat(log4shellRule.get("helpUri").asText())
        .isEqualTo("https://nvd.nist.gov/vuln/detail/CVE-2021-44228");

    JsonNode log4shell = results.get(0);
    assertThat(log4shell.get("level").asText()).isEqualTo("error");
    assertThat(log4shell.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar");
    assertThat(log4shell.at("/properties/kev").asBoolean()).isTrue();
    assertThat(log4shell.has("suppressions")).isFalse();

    // OS packages point at the image repository, as Trivy does
    JsonNode zlib = results.get(2);
    assertThat(zlib.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("shop/api");
    assertThat(zlib.at("/message/text").asText()).contains("Fixed Version: no fix yet");

    JsonNode jackson = results.get(3);
    assertThat(jackson.at("/suppressions/0/kind").asText()).isEqualTo("external");
    assertThat(jackson.at("/suppressions/0/justification").asText())
        .isEqualTo(
            "vex https://shop.example.com/vex/api-1.4.2.openvex.json (not_affected):"
                + " vulnerable_code_not_in_execute_path");

    assertThat(results.get(5).get("level").asText()).isEqualTo("warning"); // medium
    assertThat(results.get(6).get("level").asText()).isEqualTo("note"); // low
    assertThat(results.get(7).get("level").asText()).isEqualTo("note"); // unknown
    // no score: a value inside the rating's GitHub band
    assertThat(rules.get(7).at("/properties/security-severity").asText()).isEqualTo("0.0");
  }

  // --- cyclonedx ------------------------------------------------------------------------------

  @Test
  void cyclonedxIsValidAgainstTheBundled16Schema() throws Exception {
    for (ScanResult r : SampleScans.all()) {
      byte[] json = write(ReportFormat.CYCLONEDX, r).getBytes(StandardCharsets.UTF_8);
      assertThat(new JsonParser().validate(json, Version.VERSION_16))
          .as(r.sbom().subject().reference())
          .isEmpty();
    }
  }

  @Test
  void cyclonedxVulnerabilitiesFollowTheDesignContract() throws Exception {
    ScanResult scan = SampleScans.debianApp();
    Bom bom =
        new JsonParser()
            .parse(write(ReportFormat.CYCLONEDX, scan).getBytes(StandardCharsets.UTF_8));
    List<String> refs = CycloneDx.bomRefs(scan.sbom());
    Set<String> componentRefs = new HashSet<>();
    bom.getComponents().forEach(c -> componentRefs.add(c.getBomRef()));
    assertThat(bom.getComponents()).hasSize(1 + scan.sbom().components().size());
    List<Vulnerability> vulns = bom.getVulnerabilities();
    assertThat(vulns).hasSize(8);
    vulns.forEach(v -> assertThat(componentRefs).contains(v.getAffects().get(0).getRef()));

    Vulnerability log4shell = vulns.get(0);
    assertThat(log4shell.getId()).isEqualTo("CVE-2021-44228");
    assertThat(log4shell.getSource().getName()).isEqualTo("NVD");
    assertThat(log4shell.getReferences()).hasSize(1);
    assertThat(log4shell.getReferences().get(0).getId()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(log4shell.getReferences().get(0).getSource().getUrl())
        .isEqualTo("https://github.com/advisories/GHSA-jfh8-c2jp-5v3q");
    Vulnerability.Rating rating = log4shell.getRatings().get(0);
    assertThat(rating.getSeverity()).isEqualTo(Vulnerability.Rating.Severity.CRITICAL);
    assertThat(rating.getScore()).isEqualTo(10.0);
    assertThat(rating.getMethod()).isEqualTo(Vulnerability.Rating.Method.CVSSV31);
    assertThat(rating.getVector()).isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
    assertThat(rating.getSource().getName()).isEqualTo("GitHub Advisory Database");
    assertThat(log4shell.getAffects().get(0).getRef()).isEqualTo(refs.get(3));
    assertThat(log4shell.getRecommendation())
        .isEqualTo("Upgrade to 2.15.0 (upgrade log4j-core to 2.15.0)");
    assertThat(log4shell.getAnalysis()).isNull();
    assertThat(log4shell.getProperties())
        .extracting(p -> p.getName() + "=" + p.getValue())
        .contains(
            "drydock:epss=0.94358",
            "drydock:epss:percentile=0.99961",
            "drydock:kev=true",
            "drydock:origin=app",
            "drydock:layer:index=1");

    Vulnerability zlib = vulns.get(2);
    assertThat(zlib.getRecommendation()).isEqualTo("No fix yet (update the base image)");
    assertThat(zlib.getReferences().get(0).getSource().getName()).isEqualTo("OSV");

    Vulnerability jackson = vulns.get(3);
    assertThat(jackson.getAnalysis().getState())
        .isEqualTo(Vulnerability.Analysis.State.NOT_AFFECTED);
    assertThat(jackson.getAnalysis().getJustification())
        .isEqualTo(Vulnerability.Analysis.Justification.CODE_NOT_REACHABLE);
    assertThat(jackson.getAnalysis().getDetail()).contains("openvex.json");

    Vulnerability ignored = vulns.get(6);
    assertThat(ignored.getId()).isEqualTo("CVE-2019-1010022");
    assertThat(ignored.getAnalysis().getState())
        .isEqualTo(Vulnerability.Analysis.State.NOT_AFFECTED);
    assertThat(ignored.getAnalysis().getJustification()).isNull();
    assertThat(ignored.getAnalysis().getDetail())
        .isEqualTo(
            "ignore-file .drydockignore.yaml (ignored): disputed upstream; accepted until the"
                + " bookworm point release");

    Vulnerability unknown = vulns.get(7);
    assertThat(unknown.getRatings().get(0).getMethod())
        .isEqualTo(Vulnerability.Rating.Method.OTHER);
    assertThat(unknown.getRatings().get(0).getVector()).isNull();
  }

  @Test
  void cyclonedxWithoutFindingsIsTheSbom() throws Exception {
    Bom bom =
        new JsonParser()
            .parse(
                write(ReportFormat.CYCLONEDX, SampleScans.clean())
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(bom.getVulnerabilities()).isNullOrEmpty();
    assertThat(bom.getSerialNumber()).isEqualTo("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  }

  // --- junit ----------------------------------------------------------------------------------

  private static Document xml(String s) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void junitIsValidAgainstJenkinsSchema() throws Exception {
    var factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    var schema =
        factory.newSchema(
            new StreamSource(
                ReportFormatTest.class.getResourceAsStream("/schema/jenkins-junit.xsd")));
    for (ScanResult r : SampleScans.all()) {
      String xml = write(ReportFormat.JUNIT, r);
      schema
          .newValidator()
          .validate(
              new StreamSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }
  }

  @Test
  void junitHasASuitePerTargetAndACasePerFinding() throws Exception {
    Document doc = xml(write(ReportFormat.JUNIT, SampleScans.debianApp()));
    XPath x = XPathFactory.newInstance().newXPath();
    assertThat(x.evaluate("count(/testsuites/testsuite)", doc)).isEqualTo("3");
    assertThat(x.evaluate("/testsuites/@tests", doc)).isEqualTo("8");
    assertThat(x.evaluate("/testsuites/@failures", doc)).isEqualTo("6");
    assertThat(x.evaluate("sum(/testsuites/testsuite/@skipped)", doc)).isEqualTo("2");
    String os = "/testsuites/testsuite[@name='registry.example.com/shop/api:1.4.2 (debian 12)']";
    assertThat(x.evaluate(os + "/@tests", doc)).isEqualTo("4");
    assertThat(x.evaluate(os + "/@failures", doc)).isEqualTo("3");
    assertThat(x.evaluate(os + "/@skipped", doc)).isEqualTo("1");
    assertThat(x.evaluate(os + "/properties/property[@name='type']/@value", doc))
        .isEqualTo("os-pkgs");
    String log4shell = "/testsuites/testsuite[@name='Java']/testcase[@name='CVE-2021-44228']";
    assertThat(x.evaluate(log4shell + "/@classname", doc))
        .isEqualTo("org.apache.logging.log4j:log4j-core-2.14.1");
    assertThat(x.evaluate(log4shell + "/failure/@type", doc)).isEqualTo("CRITICAL");
    assertThat(x.evaluate(log4shell + "/failure/@message", doc))
        .isEqualTo("CRITICAL: Remote code injection in Log4j");
    assertThat(x.evaluate(log4shell + "/failure", doc)).contains("Fixed Version: 2.15.0");
    String vex = "/testsuites/testsuite[@name='Java']/testcase[@name='CVE-2022-42003']";
    assertThat((Boolean) x.evaluate(vex + "/failure", doc, XPathConstants.BOOLEAN)).isFalse();
    assertThat(x.evaluate(vex + "/skipped", doc)).startsWith("suppressed: vex ");
  }

  @Test
  void junitEscapesMarkup() throws Exception {
    String xml = write(ReportFormat.JUNIT, SampleScans.fromSbomFile());
    assertThat(xml).contains("Prototype pollution &lt;in&gt; &quot;lodash&quot; &amp; friends");
    Document doc = xml(xml);
    assertThat(XPathFactory.newInstance().newXPath().evaluate("//failure/@message", doc))
        .isEqualTo("HIGH: Prototype pollution <in> \"lodash\" & friends");
  }
}
