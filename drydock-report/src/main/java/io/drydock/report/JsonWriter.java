package io.drydock.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import io.drydock.sbom.format.Purls;
import io.drydock.vuln.Severity;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import io.drydock.vuln.match.Suppression;
import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drydock's scan JSON, {@code schemaVersion} 1, documented by the JSON Schema {@value
 * #SCHEMA_RESOURCE} on the classpath.
 *
 * <p>Stability: within schema version 1 fields are only added, never renamed, removed or given
 * another meaning; consumers must ignore fields they do not know. Unknown values are left out
 * rather than written as {@code null}; arrays, booleans and {@code summary} are always present.
 * Findings keep the result's order (severity, package, id) and include suppressed ones with their
 * {@code suppression}. Stateless and thread-safe.
 */
final class JsonWriter {
  /** The classpath resource of the JSON Schema for this format. */
  static final String SCHEMA_RESOURCE = "/io/drydock/report/scan-v1.schema.json";

  static final int SCHEMA_VERSION = 1;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private JsonWriter() {}

  static void write(ScanResult result, OutputStream out, ReportOptions options) throws IOException {
    try {
      out.write(MAPPER.writeValueAsBytes(toDocument(result, options)));
      out.write('\n');
      out.flush();
    } catch (JacksonException e) {
      throw new IOException("writing the scan JSON for " + result.sbom().subject().reference(), e);
    }
  }

  static Document toDocument(ScanResult result, ReportOptions options) {
    Sbom sbom = result.sbom();
    Subject s = sbom.subject();
    var imagePurl = Purls.image(s);
    OsInfo os = sbom.os();
    BaseImage b = sbom.base() == null ? BaseImage.none() : sbom.base();
    return new Document(
        SCHEMA_VERSION,
        new Tool("drydock", options.format().toolVersion()),
        DateTimeFormatter.ISO_INSTANT.format(
            options.format().clock().instant().truncatedTo(ChronoUnit.SECONDS)),
        new Target(
            s.reference(),
            s.digest(),
            imagePurl == null ? null : imagePurl.canonicalize(),
            platform(s)),
        os == null ? null : new Os(os.id(), os.versionId(), os.prettyName(), os.codename()),
        new Base(
            b.rule().name().toLowerCase(Locale.ROOT).replace('_', '-'),
            b.name(),
            b.digest(),
            b.layerCount(),
            b.note()),
        sbom.layers().stream()
            .map(l -> new Layer(l.index(), l.diffId(), l.digest(), l.createdBy(), Layers.origin(l)))
            .toList(),
        new Database(
            result.database(),
            result.databaseBuilt() == null
                ? null
                : DateTimeFormatter.ISO_INSTANT.format(result.databaseBuilt())),
        sbom.partial(),
        sbom.diagnostics().stream()
            .map(d -> new SbomDiagnostic(d.path(), d.layer(), d.extractor(), d.message()))
            .toList(),
        result.diagnostics(),
        Summary.of(result.findings()),
        result.findings().stream().map(f -> finding(sbom, f)).toList());
  }

  private static String platform(Subject s) {
    if (s.os() == null || s.architecture() == null) {
      return null;
    }
    return s.os() + "/" + s.architecture() + (s.variant() == null ? "" : "/" + s.variant());
  }

  private static FindingJson finding(Sbom sbom, Finding f) {
    Component c = f.component();
    Package p = c.pkg();
    var purl = Purls.of(c, sbom.os());
    LayerInfo layer = Layers.of(sbom, c);
    Severity sev = f.severity();
    Suppression sup = f.suppression();
    return new FindingJson(
        f.id(),
        f.aliases(),
        f.advisories(),
        new PackageJson(
            p.type(),
            p.name(),
            p.version(),
            p.epoch(),
            p.arch(),
            purl == null ? null : purl.canonicalize(),
            p.sourceName(),
            p.sourceVersion(),
            p.location(),
            c.extractor(),
            c.osOwned()),
        f.ecosystem(),
        f.installedVersion(),
        f.fixedVersions(),
        f.fixAvailable(),
        new SeverityJson(
            sev.rating().label(),
            sev.score(),
            sev.type(),
            sev.vector().isEmpty() ? null : sev.vector(),
            sev.source()),
        f.epss(),
        f.epssPercentile(),
        f.kev(),
        f.summary().isEmpty() ? null : f.summary(),
        f.references(),
        f.advice() == null || f.advice().isEmpty() ? null : f.advice(),
        layer == null ? null : new FindingLayer(layer.index(), layer.diffId()),
        layer == null ? null : Layers.origin(layer),
        f.suppressed(),
        sup == null
            ? null
            : new SuppressionJson(
                sup.source().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                sup.reference(),
                sup.status(),
                sup.justification() == null || sup.justification().isEmpty()
                    ? null
                    : sup.justification()));
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Document(
      int schemaVersion,
      Tool tool,
      String created,
      Target target,
      Os os,
      Base base,
      List<Layer> layers,
      Database database,
      boolean partial,
      List<SbomDiagnostic> sbomDiagnostics,
      List<String> scanDiagnostics,
      Summary summary,
      List<FindingJson> findings) {}

  record Tool(String name, String version) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Target(String reference, String digest, String purl, String platform) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Os(String id, String versionId, String prettyName, String codename) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Base(String rule, String name, String digest, int layers, String note) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Layer(int index, String diffId, String digest, String createdBy, String origin) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Database(String description, String built) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SbomDiagnostic(String path, String layer, String extractor, String message) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PackageJson(
      String type,
      String name,
      String version,
      Integer epoch,
      String arch,
      String purl,
      String sourceName,
      String sourceVersion,
      String location,
      String extractor,
      boolean osOwned) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SeverityJson(String rating, Double score, String type, String vector, String source) {}

  record FindingLayer(int index, String diffId) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SuppressionJson(String source, String reference, String status, String justification) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FindingJson(
      String id,
      List<String> aliases,
      List<String> advisories,
      @JsonProperty("package") PackageJson pkg,
      String ecosystem,
      String installedVersion,
      List<String> fixedVersions,
      boolean fixAvailable,
      SeverityJson severity,
      Double epss,
      Double epssPercentile,
      boolean kev,
      String summary,
      List<String> references,
      String advice,
      FindingLayer layer,
      String origin,
      boolean suppressed,
      SuppressionJson suppression) {}
}
