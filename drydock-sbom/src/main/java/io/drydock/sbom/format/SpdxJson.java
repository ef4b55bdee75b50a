package io.drydock.sbom.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.packageurl.PackageURL;
import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link Sbom} as an SPDX 2.3 JSON document, written with Jackson 3 (no SPDX library: the Java
 * one is 29 MB and looks licences up online).
 *
 * <p>Layout:
 *
 * <ul>
 *   <li>{@code SPDXRef-DOCUMENT}, name = the image reference, {@code documentNamespace} {@code
 *       https://drydock.dev/spdx/<image digest>-<FormatOptions.uuids()>}, {@code creationInfo} with
 *       creator {@code Tool: drydock-<version>}, {@code created} from the options' clock (to the
 *       second); when the SBOM is partial, {@code creationInfo.comment} says so and lists the
 *       diagnostics.
 *   <li>The image: {@code SPDXRef-Image}, purpose {@code CONTAINER}, version = digest, purl ({@code
 *       pkg:oci}) as a {@code PACKAGE-MANAGER} external ref; its {@code comment} names the
 *       platform, the layers and the base image.
 *   <li>The OS: {@code SPDXRef-OperatingSystem}, purpose {@code OPERATING_SYSTEM}, name =
 *       os-release id, version = VERSION_ID.
 *   <li>Each package: {@code SPDXRef-Package-<type>-<name>-<version>} (characters outside {@code
 *       [A-Za-z0-9.-]} become {@code -}; {@code -2}, {@code -3} … for repeats), purpose {@code
 *       LIBRARY}, {@code downloadLocation}/{@code supplier}/{@code licenseConcluded}/{@code
 *       copyrightText} {@code NOASSERTION}, {@code filesAnalyzed} false, {@code licenseDeclared} =
 *       the {@code license} property when it is a valid SPDX expression of listed ids, else {@code
 *       NOASSERTION}; the purl as {@code PACKAGE-MANAGER} external ref; {@code sourceInfo} names
 *       the extractor and file; one annotation (type {@code OTHER}) per {@code drydock:} property,
 *       its comment {@code name=value}, the same names as in CycloneDX.
 *   <li>Relationships: the document {@code DESCRIBES} the image; the image {@code CONTAINS} the OS
 *       and every package.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class SpdxJson {
  private static final String NOASSERTION = "NOASSERTION";
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private SpdxJson() {}

  /** Writes the document (pretty-printed UTF-8, final newline); does not close {@code out}. */
  public static void write(Sbom sbom, FormatOptions options, OutputStream out) throws IOException {
    try {
      byte[] json = MAPPER.writeValueAsBytes(toDocument(sbom, options));
      out.write(json);
      out.write('\n');
      out.flush();
    } catch (JacksonException e) {
      throw new IOException("writing SPDX JSON for " + sbom.subject().reference(), e);
    }
  }

  /** The document as records, in output order. */
  static Document toDocument(Sbom sbom, FormatOptions options) {
    String created =
        DateTimeFormatter.ISO_INSTANT.format(
            options.clock().instant().truncatedTo(ChronoUnit.SECONDS));
    String tool = "Tool: drydock-" + options.toolVersion();
    Subject subject = sbom.subject();
    String namespace =
        "https://drydock.dev/spdx/"
            + (subject.digest() != null ? subject.digest() : sanitize(subject.reference()))
            + "-"
            + options.uuids().get();

    List<Pkg> packages = new ArrayList<>();
    List<Relationship> relationships = new ArrayList<>();
    packages.add(imagePackage(sbom));
    relationships.add(new Relationship("SPDXRef-DOCUMENT", "DESCRIBES", IMAGE_ID));
    if (sbom.os() != null) {
      OsInfo os = sbom.os();
      packages.add(
          new Pkg(
              os.id(),
              OS_ID,
              os.versionId(),
              NOASSERTION,
              NOASSERTION,
              false,
              os.source() == null ? null : "os-release read from " + os.source(),
              NOASSERTION,
              NOASSERTION,
              NOASSERTION,
              os.prettyName(),
              "OPERATING_SYSTEM",
              List.of(),
              List.of()));
      relationships.add(new Relationship(IMAGE_ID, "CONTAINS", OS_ID));
    }
    Set<String> ids = new HashSet<>(Set.of("SPDXRef-DOCUMENT", IMAGE_ID, OS_ID));
    for (Component c : sbom.components()) {
      Package p = c.pkg();
      String base = "SPDXRef-Package-" + sanitize(p.type() + "-" + p.name() + "-" + p.version());
      String id = base;
      for (int n = 2; !ids.add(id); n++) {
        id = base + "-" + n;
      }
      PackageURL purl = Purls.of(c, sbom.os());
      List<ExternalRef> refs =
          purl == null
              ? List.of()
              : List.of(new ExternalRef("PACKAGE-MANAGER", "purl", purl.canonicalize()));
      List<Annotation> annotations = new ArrayList<>();
      CycloneDx.properties(sbom, c)
          .forEach((k, v) -> annotations.add(new Annotation(created, "OTHER", tool, k + "=" + v)));
      String license = p.properties().get("license");
      String declared =
          license != null && SpdxLicenses.isValidExpression(license.trim())
              ? license.trim()
              : NOASSERTION;
      packages.add(
          new Pkg(
              p.name(),
              id,
              p.version(),
              NOASSERTION,
              NOASSERTION,
              false,
              "found by drydock " + c.extractor() + " in " + p.location(),
              NOASSERTION,
              declared,
              NOASSERTION,
              null,
              "LIBRARY",
              refs,
              annotations));
      relationships.add(new Relationship(IMAGE_ID, "CONTAINS", id));
    }
    String comment = null;
    if (sbom.partial()) {
      StringBuilder b = new StringBuilder("partial: not everything could be analysed");
      for (Diagnostic d : sbom.diagnostics()) {
        b.append('\n').append(d);
      }
      comment = b.toString();
    }
    return new Document(
        "SPDX-2.3",
        "CC0-1.0",
        "SPDXRef-DOCUMENT",
        subject.reference(),
        namespace,
        new CreationInfo(List.of(tool), created, comment),
        packages,
        relationships);
  }

  private static final String IMAGE_ID = "SPDXRef-Image";
  private static final String OS_ID = "SPDXRef-OperatingSystem";

  private static Pkg imagePackage(Sbom sbom) {
    Subject s = sbom.subject();
    PackageURL purl = Purls.image(s);
    List<ExternalRef> refs =
        purl == null
            ? List.of()
            : List.of(new ExternalRef("PACKAGE-MANAGER", "purl", purl.canonicalize()));
    StringBuilder comment = new StringBuilder();
    String platform = CycloneDx.platform(s);
    if (platform != null) {
      comment.append("platform ").append(platform);
    }
    for (LayerInfo l : sbom.layers()) {
      appendLine(comment)
          .append("layer ")
          .append(l.index())
          .append(' ')
          .append(l.diffId())
          .append(l.base() ? " base" : " app");
    }
    BaseImage base = sbom.base();
    if (base != null) {
      appendLine(comment)
          .append("base image (")
          .append(CycloneDx.baseRule(base.rule()))
          .append(')');
      if (base.name() != null) {
        comment.append(' ').append(base.name());
      }
      if (base.digest() != null) {
        comment.append('@').append(base.digest());
      }
      if (base.note() != null) {
        comment.append(": ").append(base.note());
      }
    }
    return new Pkg(
        s.reference(),
        IMAGE_ID,
        s.digest(),
        NOASSERTION,
        NOASSERTION,
        false,
        null,
        NOASSERTION,
        NOASSERTION,
        NOASSERTION,
        comment.length() == 0 ? null : comment.toString(),
        "CONTAINER",
        refs,
        List.of());
  }

  private static StringBuilder appendLine(StringBuilder b) {
    return b.length() == 0 ? b : b.append('\n');
  }

  /** Characters an SPDX id may not hold ({@code [A-Za-z0-9.-]} only) become {@code -}. */
  static String sanitize(String s) {
    return s.replaceAll("[^A-Za-z0-9.-]", "-");
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record Document(
      String spdxVersion,
      String dataLicense,
      @JsonProperty("SPDXID") String spdxId,
      String name,
      String documentNamespace,
      CreationInfo creationInfo,
      List<Pkg> packages,
      List<Relationship> relationships) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record CreationInfo(List<String> creators, String created, String comment) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record Pkg(
      String name,
      @JsonProperty("SPDXID") String spdxId,
      String versionInfo,
      String supplier,
      String downloadLocation,
      @JsonInclude(JsonInclude.Include.ALWAYS) boolean filesAnalyzed,
      String sourceInfo,
      String licenseConcluded,
      String licenseDeclared,
      String copyrightText,
      String comment,
      String primaryPackagePurpose,
      List<ExternalRef> externalRefs,
      List<Annotation> annotations) {}

  record ExternalRef(String referenceCategory, String referenceType, String referenceLocator) {}

  record Annotation(
      String annotationDate, String annotationType, String annotator, String comment) {}

  record Relationship(String spdxElementId, String relationshipType, String relatedSpdxElement) {}
}
