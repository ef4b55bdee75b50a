package io.drydock.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hostile and malformed records: every failure is one line naming the source and the problem. */
class OsvParserTest {
  static final String MINIMAL =
      """
      {"id": "TEST-1", "modified": "2024-01-02T03:04:05Z",
       "affected": [{"package": {"ecosystem": "npm", "name": "x"},
                     "ranges": [{"type": "SEMVER", "events": [%s]}]}]}
      """;

  static Advisory parse(String json) throws OsvFormatException {
    return OsvParser.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
  }

  static String failure(String json) {
    try {
      parse(json);
    } catch (OsvFormatException e) {
      assertThat(e.getMessage()).doesNotContain("\n", "\r").startsWith("test.json");
      assertThat(e.getMessage().length()).isLessThan(400);
      return e.getMessage();
    }
    throw new AssertionError("parsed: " + json);
  }

  @Test
  void minimalRecord() throws Exception {
    Advisory a = parse(MINIMAL.formatted("{\"introduced\": \"0\"}, {\"fixed\": \"1.0.0\"}"));
    assertThat(a.id()).isEqualTo("TEST-1");
    assertThat(a.modified()).hasToString("2024-01-02T03:04:05Z");
    assertThat(a.published()).isNull();
    assertThat(a.summary()).isEmpty();
    assertThat(a.affected().get(0).ranges().get(0).events())
        .containsExactly(Event.introduced("0"), Event.fixed("1.0.0"));
    assertThat(a.databaseSpecific().isObject()).isTrue();
  }

  @Test
  void malformedJson() {
    assertThat(failure("{\"id\": \"X\", ")).contains("not valid JSON");
    assertThat(failure("")).contains("test.json");
    assertThat(failure("[1, 2]")).contains("not a JSON object");
    assertThat(failure("{\"id\":\"X\",\"modified\":\"2024-01-01T00:00:00Z\"} trailing"))
        .contains("not valid JSON");
  }

  @Test
  void missingIdAndModified() {
    assertThat(failure("{\"modified\": \"2024-01-01T00:00:00Z\"}")).endsWith("missing id");
    assertThat(failure("{\"id\": \"X-1\"}")).isEqualTo("test.json (X-1): modified: missing");
    assertThat(failure("{\"id\": \"X-1\", \"modified\": \"yesterday\"}"))
        .contains("not an RFC 3339 timestamp: \"yesterday\"");
  }

  @Test
  void wrongTypes() {
    assertThat(failure("{\"id\": 7, \"modified\": \"2024-01-01T00:00:00Z\"}"))
        .contains("id: expected a string, found a number");
    assertThat(
            failure(
                "{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"aliases\": \"CVE-1\"}"))
        .isEqualTo("test.json (X): aliases: expected an array, found a string");
    assertThat(failure("{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"aliases\": [1]}"))
        .contains("aliases[0]: expected a string, found a number");
    assertThat(
            failure(
                "{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"npm\"}}]}"))
        .contains("affected[0].package.name: missing");
    assertThat(
            failure(
                "{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"database_specific\": []}"))
        .contains("database_specific: expected an object, found an array");
  }

  @Test
  void badEvents() {
    assertThat(failure(MINIMAL.formatted("{\"introduced\": \"0\", \"fixed\": \"1.0.0\"}")))
        .contains("affected[0].ranges[0].events[0]: bad event: 2 fields");
    assertThat(failure(MINIMAL.formatted("{\"introduced\": \"0\"}, {\"fixd\": \"1\"}")))
        .contains("events[1]: bad event: unknown field \"fixd\"");
    assertThat(failure(MINIMAL.formatted("{\"introduced\": 0}")))
        .contains("events[0].introduced: bad event: expected a string, found a number");
    assertThat(failure(MINIMAL.formatted("{}"))).contains("bad event: 0 fields");
    assertThat(failure(MINIMAL.formatted("\"0\""))).contains("bad event: expected an object");
    assertThat(failure(MINIMAL.formatted("{\"introduced\": \"\"}"))).contains("empty version");
    assertThat(failure(MINIMAL.formatted("{\"fixed\": \"1.0.0\"}")))
        .contains("no introduced event");
    assertThat(failure(MINIMAL.replace("SEMVER", "SEMVAR").formatted("{\"introduced\": \"0\"}")))
        .contains("unknown range type \"SEMVAR\"");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    String json =
        "{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"database_specific\": {\"a\": "
            + deep
            + "}}";
    assertThat(failure(json)).contains("not valid JSON").containsIgnoringCase("nesting depth");
  }

  @Test
  void oversizedRecordsAndStringsAreRefused() throws Exception {
    String huge = "x".repeat(OsvParser.MAX_RECORD_BYTES);
    assertThat(failure("{\"id\": \"X\", \"details\": \"" + huge + "\"}"))
        .contains("larger than " + OsvParser.MAX_RECORD_BYTES);
    byte[] big = new byte[OsvParser.MAX_RECORD_BYTES + 10];
    assertThatThrownBy(() -> OsvParser.parse(new ByteArrayInputStream(big), "stream.json"))
        .isInstanceOf(OsvFormatException.class)
        .hasMessageStartingWith("stream.json: record is larger");
    // Just under the limit is fine.
    String details = "y".repeat(OsvParser.MAX_RECORD_BYTES - 200);
    Advisory a =
        parse(
            "{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"details\": \""
                + details
                + "\"}");
    assertThat(a.details()).hasSize(details.length());
  }

  @Test
  void hostileIdsStayOnOneLine() {
    String id = "EVIL\n\u001b[31m" + "z".repeat(500);
    String msg =
        failure("{\"id\": \"" + id.replace("\n", "\\n").replace("\u001b", "\\u001b") + "\"}");
    assertThat(msg).contains("EVIL\\n\\u001b[31m").contains("(510 chars)").doesNotContain("\u001b");
  }

  @Test
  void recordsAreImmutable() throws Exception {
    Advisory a =
        parse(
            "{\"id\": \"X\", \"modified\": \"2024-01-01T00:00:00Z\", \"database_specific\": {\"severity\": \"HIGH\"}}");
    ((tools.jackson.databind.node.ObjectNode) a.databaseSpecific()).put("severity", "LOW");
    assertThat(a.databaseSpecific().get("severity").asString()).isEqualTo("HIGH");
    assertThatThrownBy(() -> a.aliases().add("CVE-1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keepsEverySchemaField() throws Exception {
    Advisory a = SharedAdvisories.load("pypa/PYSEC-2014-82.json");
    Affected af = a.affected().get(0);
    assertThat(af.pkg().purl()).isEqualTo("pkg:pypi/jinja2");
    Range git =
        af.ranges().stream().filter(r -> r.type() == RangeType.GIT).findFirst().orElseThrow();
    assertThat(git.repo()).startsWith("https://");
    assertThat(af.versions()).contains("2.7.2");
    Advisory lodash = SharedAdvisories.ghsa("GHSA-p6mc-m468-83gw");
    assertThat(
            lodash
                .affected()
                .get(0)
                .ecosystemSpecific()
                .get("affected_functions")
                .get(0)
                .asString())
        .isEqualTo("lodash.baseSet");
    assertThat(lodash.aliases()).containsExactly("CVE-2020-8203");
    assertThat(lodash.references()).isNotEmpty();
    assertThat(lodash.published()).isNotNull();
  }

  @Test
  void withdrawnRecordsNeverMatch() throws Exception {
    Advisory a =
        parse(
            """
            {"id": "W-1", "modified": "2024-01-01T00:00:00Z", "withdrawn": "2024-02-01T00:00:00Z",
             "affected": [{"package": {"ecosystem": "npm", "name": "x"},
                           "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}
            """);
    assertThat(a.isWithdrawn()).isTrue();
    assertThat(a.affected().get(0).affects("1.0.0").isAffected()).isTrue();
    assertThat(a.affects(Ecosystem.parse("npm"), "x", "1.0.0").status())
        .isEqualTo(AffectedResult.Status.NOT_AFFECTED);
  }
}
