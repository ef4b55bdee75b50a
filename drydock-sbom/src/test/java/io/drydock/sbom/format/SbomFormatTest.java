package io.drydock.sbom.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.drydock.sbom.Sbom;
import io.drydock.testing.Golden;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SbomFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static String write(SbomFormat format, Sbom sbom, FormatOptions options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      format.write(sbom, out, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String write(SbomFormat format, Sbom sbom) {
    return write(format, sbom, SampleSboms.OPTIONS);
  }

  private static Schema schema(String resource, SpecificationVersion version) {
    InputStream in = SbomFormatTest.class.getResourceAsStream(resource);
    assertThat(in).as(resource).isNotNull();
    return SchemaRegistry.withDefaultDialect(version).getSchema(in);
  }

  private static List<String> errors(Schema schema, String json) throws IOException {
    return schema.validate(JSON.readTree(json)).stream().map(Object::toString).toList();
  }

  @ParameterizedTest
  @EnumSource(SbomFormat.class)
  void goldenAndDeterministic(SbomFormat format) {
    String first = write(format, SampleSboms.debianApp());
    assertThat(write(format, SampleSboms.debianApp())).isEqualTo(first);
    assertThat(first).endsWith("\n");
    String file =
        switch (format) {
          case CYCLONEDX_JSON -> "debian-app.cdx.json";
          case CYCLONEDX_XML -> "debian-app.cdx.xml";
          case SPDX_JSON -> "debian-app.spdx.json";
          case JSON -> "debian-app.drydock.json";
        };
    Golden.assertMatches("sbom/" + file, first);
  }

  @ParameterizedTest
  @EnumSource(SbomFormat.class)
  void defaultOptionsGiveFreshSerials(SbomFormat format) {
    String a = write(format, SampleSboms.debianApp(), FormatOptions.defaults());
    String b = write(format, SampleSboms.debianApp(), FormatOptions.defaults());
    if (format == SbomFormat.JSON) {
      // no serial in Drydock JSON: the defaults show in the tool version (no jar manifest here)
      assertThat(a).contains("\"version\" : \"dev\"");
    } else {
      assertThat(a).isNotEqualTo(b);
    }
  }

  @Test
  void cyclonedxJsonIsValidAgainstTheBundled16Schema() throws Exception {
    for (Sbom sbom : SampleSboms.all()) {
      byte[] json = write(SbomFormat.CYCLONEDX_JSON, sbom).getBytes(StandardCharsets.UTF_8);
      assertThat(new JsonParser().validate(json, Version.VERSION_16)).isEmpty();
    }
  }

  @Test
  void cyclonedxXmlIsValidAgainstTheBundled16Schema() throws Exception {
    for (Sbom sbom : SampleSboms.all()) {
      byte[] xml = write(SbomFormat.CYCLONEDX_XML, sbom).getBytes(StandardCharsets.UTF_8);
      assertThat(new XmlParser().validate(xml, Version.VERSION_16)).isEmpty();
    }
  }

  @Test
  void cyclonedxCarriesImageOsPackagesAndProvenance() throws Exception {
    Bom bom =
        new JsonParser()
            .parse(
                write(SbomFormat.CYCLONEDX_JSON, SampleSboms.debianApp())
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(bom.getSerialNumber()).isEqualTo("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
    var image = bom.getMetadata().getComponent();
    assertThat(image.getType()).isEqualTo(org.cyclonedx.model.Component.Type.CONTAINER);
    assertThat(image.getVersion()).isEqualTo(SampleSboms.IMAGE_DIGEST);
    assertThat(image.getPurl())
        .startsWith("pkg:oci/api@sha256%3A")
        .contains("repository_url=registry.example.com%2Fshop%2Fapi");
    assertThat(bom.getMetadata().getToolChoice().getComponents().get(0).getVersion())
        .isEqualTo("0.1.0");
    assertThat(bom.getMetadata().getProperties())
        .extracting(p -> p.getName() + "=" + p.getValue())
        .contains(
            "drydock:base:rule=annotation",
            "drydock:base:name=docker.io/library/debian:bookworm-slim",
            "drydock:base:digest=" + SampleSboms.BASE_DIGEST,
            "drydock:partial=true",
            "drydock:diagnostic=app/broken.jar: not a zip archive: end of central directory not"
                + " found [lang/java, "
                + SampleSboms.APP_DIFF_ID
                + "]");

    var os = bom.getComponents().get(0);
    assertThat(os.getType()).isEqualTo(org.cyclonedx.model.Component.Type.OPERATING_SYSTEM);
    assertThat(os.getName()).isEqualTo("debian");
    assertThat(os.getVersion()).isEqualTo("12");
    assertThat(bom.getComponents()).hasSize(1 + SampleSboms.debianApp().components().size());

    var libc = bom.getComponents().get(1);
    assertThat(libc.getPurl())
        .isEqualTo(
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc");
    assertThat(libc.getProperties())
        .extracting(p -> p.getName() + "=" + p.getValue())
        .containsExactly(
            "drydock:extractor=os/dpkg",
            "drydock:layer:diffId=" + SampleSboms.BASE_DIFF_ID,
            "drydock:layer:index=0",
            "drydock:location=var/lib/dpkg/status",
            "drydock:origin=base",
            "drydock:source:name=glibc",
            "drydock:source:version=2.36-9+deb12u4");

    var requests =
        bom.getComponents().stream()
            .filter(c -> "requests".equals(c.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(requests.getProperties())
        .extracting(p -> p.getName() + "=" + p.getValue())
        .contains("drydock:os-owned=true", "drydock:origin=app");

    var log4j = bom.getComponents().stream().filter(c -> "log4j-core".equals(c.getName())).toList();
    assertThat(log4j).hasSize(2);
    assertThat(log4j.get(0).getGroup()).isEqualTo("org.apache.logging.log4j");
    assertThat(log4j.get(0).getLicenses().getLicenses().get(0).getId()).isEqualTo("Apache-2.0");
    // the same purl twice: bom-refs disambiguated by location, purls unchanged
    assertThat(log4j.get(0).getPurl()).isEqualTo(log4j.get(1).getPurl());
    assertThat(log4j.get(0).getBomRef()).isNotEqualTo(log4j.get(1).getBomRef());
    assertThat(log4j.get(0).getBomRef())
        .startsWith("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1?file_path=app%2Fapp.jar");

    var lodash =
        bom.getComponents().stream().filter(c -> "lodash".equals(c.getName())).findFirst().get();
    assertThat(lodash.getLicenses().getExpression().getValue()).isEqualTo("(MIT OR CC0-1.0)");

    var babel =
        bom.getComponents().stream().filter(c -> "core".equals(c.getName())).findFirst().get();
    assertThat(babel.getGroup()).isEqualTo("@babel");
    assertThat(babel.getPurl()).isEqualTo("pkg:npm/%40babel/core@7.23.0");

    // dependencies: the image depends on the OS and on every package, refs all resolve
    Set<String> refs = new HashSet<>();
    refs.add(image.getBomRef());
    bom.getComponents().forEach(c -> refs.add(c.getBomRef()));
    assertThat(refs).hasSize(2 + SampleSboms.debianApp().components().size());
    var root = bom.getDependencies().get(0);
    assertThat(root.getRef()).isEqualTo(image.getBomRef());
    assertThat(root.getDependencies()).hasSize(bom.getComponents().size());
    bom.getDependencies().forEach(d -> assertThat(refs).contains(d.getRef()));
  }

  @Test
  void bomRefsAreUniqueAndFallBackWithoutPurl() {
    List<String> refs = CycloneDx.bomRefs(SampleSboms.debianApp());
    assertThat(new HashSet<>(refs)).hasSameSizeAs(refs);
    assertThat(refs)
        .contains(
            "drydock:component:maven/legacy-util@1.0:app/lib/legacy-util-1.0.jar",
            "pkg:golang/stdlib@go1.21.5");
  }

  @Test
  void spdxIsValidAgainstTheOfficial23Schema() throws Exception {
    Schema schema = schema("/schema/spdx-schema-v2.3.json", SpecificationVersion.DRAFT_2019_09);
    for (Sbom sbom : SampleSboms.all()) {
      assertThat(errors(schema, write(SbomFormat.SPDX_JSON, sbom))).isEmpty();
    }
    // the validator does reject what the schema forbids
    assertThat(errors(schema, "{\"SPDXID\": 1}")).isNotEmpty();
  }

  @Test
  void spdxIdsAreUniqueAndRelationshipsResolve() throws Exception {
    JsonNode doc = JSON.readTree(write(SbomFormat.SPDX_JSON, SampleSboms.debianApp()));
    assertThat(doc.get("documentNamespace").asText())
        .isEqualTo(
            "https://drydock.dev/spdx/"
                + SampleSboms.IMAGE_DIGEST
                + "-3e671687-395b-41f5-a30f-a58921a69b79");
    assertThat(doc.at("/creationInfo/creators/0").asText()).isEqualTo("Tool: drydock-0.1.0");
    assertThat(doc.at("/creationInfo/created").asText()).isEqualTo("2026-03-01T12:34:56Z");
    Set<String> ids = new HashSet<>(Set.of("SPDXRef-DOCUMENT"));
    List<String> purposes = new ArrayList<>();
    for (JsonNode p : doc.get("packages")) {
      assertThat(ids.add(p.get("SPDXID").asText())).as(p.get("SPDXID").asText()).isTrue();
      assertThat(p.get("SPDXID").asText()).matches("SPDXRef-[A-Za-z0-9.-]+");
      purposes.add(p.get("primaryPackagePurpose").asText());
    }
    assertThat(purposes).startsWith("CONTAINER", "OPERATING_SYSTEM");
    assertThat(doc.get("packages")).hasSize(2 + SampleSboms.debianApp().components().size());
    assertThat(doc.at("/relationships/0/relationshipType").asText()).isEqualTo("DESCRIBES");
    for (JsonNode r : doc.get("relationships")) {
      assertThat(ids)
          .contains(r.get("spdxElementId").asText(), r.get("relatedSpdxElement").asText());
    }
    assertThat(doc.get("relationships")).hasSize(doc.get("packages").size());
  }

  @Test
  void spdxDeclaresOnlyValidLicenceExpressions() throws Exception {
    JsonNode doc = JSON.readTree(write(SbomFormat.SPDX_JSON, SampleSboms.debianApp()));
    List<String> declared = new ArrayList<>();
    for (JsonNode p : doc.get("packages")) {
      declared.add(p.get("name").asText() + "=" + p.get("licenseDeclared").asText());
    }
    assertThat(declared)
        .contains(
            "org.apache.logging.log4j:log4j-core=Apache-2.0",
            "lodash=(MIT OR CC0-1.0)",
            "@babel/core=MIT",
            "Flask_SQLAlchemy=NOASSERTION",
            "tzdata=NOASSERTION");
  }

  @Test
  void drydockJsonIsValidAgainstItsSchema() throws Exception {
    Schema schema = schema(DrydockJson.SCHEMA_RESOURCE, SpecificationVersion.DRAFT_2020_12);
    for (Sbom sbom : SampleSboms.all()) {
      assertThat(errors(schema, write(SbomFormat.JSON, sbom))).isEmpty();
    }
    assertThat(errors(schema, "{\"schemaVersion\": 2}")).isNotEmpty();
  }

  @Test
  void drydockJsonKeepsEverythingTheModelHas() throws Exception {
    JsonNode doc = JSON.readTree(write(SbomFormat.JSON, SampleSboms.debianApp()));
    assertThat(doc.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(doc.get("partial").asBoolean()).isTrue();
    assertThat(doc.at("/base/rule").asText()).isEqualTo("annotation");
    assertThat(doc.at("/layers/1/origin").asText()).isEqualTo("app");
    JsonNode login = doc.at("/components/2");
    assertThat(login.get("name").asText()).isEqualTo("login");
    assertThat(login.at("/source/version").asText()).isEqualTo("1:4.13+dfsg1-1");
    assertThat(login.get("purl").asText()).contains("upstream=shadow%401%3A4.13%2Bdfsg1-1");
    assertThat(login.at("/files/0").asText()).isEqualTo("usr/share/doc/login/copyright");
    assertThat(doc.at("/diagnostics/0/extractor").asText()).isEqualTo("lang/java");
    JsonNode empty = JSON.readTree(write(SbomFormat.JSON, SampleSboms.empty()));
    assertThat(empty.has("os")).isFalse();
    assertThat(empty.at("/subject/platform/variant").asText()).isEqualTo("v8");
    assertThat(empty.get("components")).isEmpty();
    assertThat(empty.get("partial").asBoolean()).isFalse();
  }

  @Test
  void rpmEpochAndApkOriginReachEveryFormat() throws Exception {
    String rpmPurl =
        "pkg:rpm/rocky/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=rocky-9.3&epoch=1"
            + "&upstream=openssl-3.0.7-24.el9.src.rpm";
    assertThat(write(SbomFormat.CYCLONEDX_JSON, SampleSboms.rocky())).contains(rpmPurl);
    assertThat(write(SbomFormat.SPDX_JSON, SampleSboms.rocky())).contains(rpmPurl);
    JsonNode doc = JSON.readTree(write(SbomFormat.JSON, SampleSboms.rocky()));
    assertThat(doc.at("/components/0/epoch").asInt()).isEqualTo(1);
    assertThat(doc.at("/components/0/purl").asText()).isEqualTo(rpmPurl);
    assertThat(doc.at("/subject/purl").asText()).endsWith("?arch=amd64&tag=9");
    assertThat(write(SbomFormat.CYCLONEDX_XML, SampleSboms.alpine()))
        .contains(
            "pkg:apk/alpine/libssl3@3.1.4-r5?arch=x86_64&amp;distro=alpine-3.19.1"
                + "&amp;upstream=openssl");
    JsonNode alpine = JSON.readTree(write(SbomFormat.JSON, SampleSboms.alpine()));
    assertThat(alpine.at("/base/rule").asText()).isEqualTo("none");
    assertThat(alpine.at("/base/note").asText()).isEqualTo("no base image annotation");
  }

  @Test
  void formatsByCliName() {
    assertThat(SbomFormat.byName("cyclonedx")).isEqualTo(SbomFormat.CYCLONEDX_JSON);
    assertThat(SbomFormat.byName("SPDX-JSON")).isEqualTo(SbomFormat.SPDX_JSON);
    assertThatThrownBy(() -> SbomFormat.byName("spdx-tv"))
        .hasMessage(
            "unknown SBOM format \"spdx-tv\": expected one of cyclonedx, cyclonedx-xml, spdx-json,"
                + " json");
  }

  @Test
  void warmedUpCycloneDxGeneratorWritesTheSameBytes() {
    for (Sbom sbom : List.of(SampleSboms.debianApp(), SampleSboms.rocky(), SampleSboms.empty())) {
      String cold = write(SbomFormat.CYCLONEDX_JSON, sbom, SampleSboms.OPTIONS);
      CycloneDx.warmUpInBackground();
      String warm = write(SbomFormat.CYCLONEDX_JSON, sbom, SampleSboms.OPTIONS);
      assertThat(warm).isEqualTo(cold).contains("\"bomFormat\" : \"CycloneDX\"");
    }
  }
}
