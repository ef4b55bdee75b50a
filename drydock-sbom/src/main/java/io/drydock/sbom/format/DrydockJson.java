package io.drydock.sbom.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.packageurl.PackageURL;
import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drydock's own JSON form of an {@link Sbom}, {@code schemaVersion} 1, described by the JSON Schema
 * {@code io/drydock/sbom/format/sbom-v1.schema.json} on the classpath ({@link #SCHEMA_RESOURCE}).
 *
 * <p>Stability: within schema version 1, fields are only added, never renamed, removed or given
 * another meaning; consumers must ignore fields they do not know. Fields whose value is unknown are
 * left out rather than written as {@code null}; arrays and {@code partial} are always present.
 * Components keep the SBOM's order (layer, extractor, location, name, version); maps are sorted by
 * key. Stateless and thread-safe.
 */
public final class DrydockJson {
  /** The classpath resource of the JSON Schema that documents this format. */
  public static final String SCHEMA_RESOURCE = "/io/drydock/sbom/format/sbom-v1.schema.json";

  /** The {@code schemaVersion} written. */
  public static final int SCHEMA_VERSION = 1;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private DrydockJson() {}

  /** Writes the document (pretty-printed UTF-8, final newline); does not close {@code out}. */
  public static void write(Sbom sbom, FormatOptions options, OutputStream out) throws IOException {
    try {
      out.write(MAPPER.writeValueAsBytes(toDocument(sbom, options)));
      out.write('\n');
      out.flush();
    } catch (JacksonException e) {
      throw new IOException("writing Drydock JSON for " + sbom.subject().reference(), e);
    }
  }

  static Document toDocument(Sbom sbom, FormatOptions options) {
    Subject s = sbom.subject();
    PackageURL imagePurl = Purls.image(s);
    OsInfo os = sbom.os();
    BaseImage b = sbom.base() == null ? BaseImage.none() : sbom.base();
    return new Document(
        SCHEMA_VERSION,
        new Tool("drydock", options.toolVersion()),
        DateTimeFormatter.ISO_INSTANT.format(
            options.clock().instant().truncatedTo(ChronoUnit.SECONDS)),
        new SubjectJson(
            s.reference(),
            s.digest(),
            imagePurl == null ? null : imagePurl.canonicalize(),
            new Platform(s.os(), s.architecture(), s.variant()),
            new TreeMap<>(s.annotations())),
        os == null
            ? null
            : new Os(os.id(), os.versionId(), os.prettyName(), os.codename(), os.source()),
        new Base(CycloneDx.baseRule(b.rule()), b.name(), b.digest(), b.layerCount(), b.note()),
        sbom.layers().stream()
            .map(
                l ->
                    new Layer(
                        l.index(),
                        l.diffId(),
                        l.digest(),
                        l.createdBy(),
                        l.base() ? "base" : "app"))
            .toList(),
        sbom.components().stream().map(c -> component(sbom, c)).toList(),
        sbom.diagnostics().stream()
            .map(d -> new DiagnosticJson(d.path(), d.layer(), d.extractor(), d.message()))
            .toList(),
        sbom.partial());
  }

  private static ComponentJson component(Sbom sbom, Component c) {
    Package p = c.pkg();
    PackageURL purl = Purls.of(c, sbom.os());
    String origin = null;
    if (c.layer() >= 0 && c.layer() < sbom.layers().size()) {
      LayerInfo l = sbom.layers().get(c.layer());
      origin = l.base() ? "base" : "app";
    }
    Source source =
        p.sourceName() == null && p.sourceVersion() == null
            ? null
            : new Source(p.sourceName(), p.sourceVersion());
    return new ComponentJson(
        p.type(),
        p.name(),
        p.version(),
        p.epoch(),
        p.arch(),
        purl == null ? null : purl.canonicalize(),
        source,
        p.location(),
        c.extractor(),
        c.layer(),
        origin,
        c.osOwned(),
        p.files(),
        new TreeMap<>(p.properties()));
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Document(
      int schemaVersion,
      Tool tool,
      String created,
      SubjectJson subject,
      Os os,
      Base base,
      List<Layer> layers,
      List<ComponentJson> components,
      List<DiagnosticJson> diagnostics,
      boolean partial) {}

  record Tool(String name, String version) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SubjectJson(
      String reference,
      String digest,
      String purl,
      Platform platform,
      Map<String, String> annotations) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Platform(String os, String architecture, String variant) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Os(String id, String versionId, String prettyName, String codename, String source) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Base(String rule, String name, String digest, int layerCount, String note) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Layer(int index, String diffId, String digest, String createdBy, String origin) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Source(String name, String version) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ComponentJson(
      String type,
      String name,
      String version,
      Integer epoch,
      String arch,
      String purl,
      Source source,
      String location,
      String extractor,
      int layer,
      String origin,
      boolean osOwned,
      List<String> files,
      Map<String, String> properties) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record DiagnosticJson(String path, String layer, String extractor, String message) {}
}
