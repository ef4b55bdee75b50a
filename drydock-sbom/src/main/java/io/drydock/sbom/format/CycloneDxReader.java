package io.drydock.sbom.format;

import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.XmlParser;
import tools.jackson.databind.JsonNode;

/**
 * CycloneDX input: JSON streamed component by component; XML parsed by cyclonedx-core-java and then
 * read as its JSON rendering. Nested {@code components} are flattened. The {@code
 * metadata.component} is the subject; {@code operating-system} components give the OS; {@code
 * container} components are not packages. Stateless.
 */
final class CycloneDxReader {
  private CycloneDxReader() {}

  static Sbom readJson(Path file, SbomReader.Bounds bounds) throws IOException {
    try (JsonStream in = new JsonStream(file, bounds)) {
      return read(file, in, bounds);
    }
  }

  /** XML: the whole document in memory (it is at most {@code bounds.maxBytes()}). */
  static Sbom readXml(Path file, SbomReader.Bounds bounds) throws IOException {
    byte[] bytes;
    try (InputStream raw = Files.newInputStream(file)) {
      bytes = new JsonStream.BoundedInputStream(raw, bounds.maxBytes(), file).readAllBytes();
    }
    if (new String(bytes, 0, Math.min(bytes.length, 64 * 1024), StandardCharsets.ISO_8859_1)
        .toUpperCase(Locale.ROOT)
        .contains("<!DOCTYPE")) {
      throw new SbomFormatException(
          file + ": CycloneDX XML with a DOCTYPE is refused (entities could read other files)");
    }
    checkWellFormed(file, bytes);
    Bom bom;
    try {
      bom = new XmlParser().parse(bytes);
    } catch (ParseException | RuntimeException e) {
      String msg = e.getMessage();
      throw new SbomFormatException(
          file
              + ": not a CycloneDX XML document: "
              + SbomReader.oneLine(msg == null ? e.toString() : msg));
    }
    String spec = bom.getSpecVersion();
    if (spec != null && !List.of("1.4", "1.5", "1.6", "1.7").contains(spec)) {
      throw new SbomFormatException(
          file + ": CycloneDX " + spec + " is not supported (supported: 1.4 to 1.7)");
    }
    String json;
    try {
      json = BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString();
    } catch (Exception e) {
      throw new SbomFormatException(
          file + ": cannot interpret the CycloneDX XML: " + SbomReader.oneLine(e.getMessage()));
    }
    try (JsonStream in =
        new JsonStream(
            file, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), bounds)) {
      return read(file, in, bounds);
    }
  }

  /**
   * A silent, DTD-free SAX pass first, so that malformed XML fails with one line of ours (the
   * library's parser prints "[Fatal Error]" lines to stderr on its way to failing).
   */
  private static void checkWellFormed(Path file, byte[] bytes) throws SbomFormatException {
    try {
      javax.xml.parsers.SAXParserFactory f = javax.xml.parsers.SAXParserFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.newSAXParser()
          .parse(new ByteArrayInputStream(bytes), new org.xml.sax.helpers.DefaultHandler());
    } catch (org.xml.sax.SAXParseException e) {
      throw new SbomFormatException(
          file
              + ": not a CycloneDX XML document: "
              + SbomReader.oneLine(e.getMessage())
              + " at line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber());
    } catch (org.xml.sax.SAXException | javax.xml.parsers.ParserConfigurationException e) {
      throw new SbomFormatException(
          file + ": not a CycloneDX XML document: " + SbomReader.oneLine(e.getMessage()));
    } catch (IOException e) {
      throw new SbomFormatException(file + ": cannot read: " + SbomReader.oneLine(e.getMessage()));
    }
  }

  private static Sbom read(Path file, JsonStream in, SbomReader.Bounds bounds) throws IOException {
    JsonNode[] metadata = new JsonNode[1];
    List<ComponentResolver.Raw> raws = new ArrayList<>();
    List<JsonNode> osComponents = new ArrayList<>();
    Map<String, String> layerDigests = new HashMap<>();
    int[] count = new int[1];
    in.forEachTopLevelField(
        (name, s) -> {
          if (name.equals("metadata")) {
            metadata[0] = s.tree();
          } else if (name.equals("components")) {
            s.forEachElement(
                node -> collect(file, node, raws, osComponents, layerDigests, count, bounds));
          }
        });
    JsonNode meta = metadata[0];
    JsonNode image = meta == null ? null : meta.get("component");
    List<Property> imageProps = properties(image);
    List<Property> metaProps = properties(meta);

    List<LayerInfo> layers = layers(imageProps, layerDigests);
    ComponentResolver resolver = new ComponentResolver(layers);
    List<Component> components = new ArrayList<>();
    for (ComponentResolver.Raw raw : raws) {
      Component c = resolver.resolve(raw);
      if (c != null) {
        components.add(c);
      }
    }
    OsInfo os = osComponents.isEmpty() ? null : os(osComponents.get(0));
    if (os == null) {
      for (ComponentResolver.Raw raw : raws) {
        os = ComponentResolver.osFromPurl(raw.purl());
        if (os != null) {
          break;
        }
      }
    }
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (Property p : metaProps) {
      if (p.name().equals("drydock:diagnostic")) {
        diagnostics.add(new Diagnostic(null, null, null, p.value()));
      }
    }
    Diagnostic skipped = resolver.diagnostic();
    if (skipped != null) {
      diagnostics.add(skipped);
    }
    return new Sbom(
        subject(file, image, imageProps), os, base(metaProps), layers, components, diagnostics);
  }

  private static void collect(
      Path file,
      JsonNode node,
      List<ComponentResolver.Raw> raws,
      List<JsonNode> osComponents,
      Map<String, String> layerDigests,
      int[] count,
      SbomReader.Bounds bounds)
      throws SbomFormatException {
    if (!node.isObject()) {
      return;
    }
    if (++count[0] > bounds.maxComponents()) {
      throw new SbomFormatException(
          file + ": more than " + bounds.maxComponents() + " components; refusing to read on");
    }
    String type = text(node, "type");
    if ("operating-system".equals(type)) {
      osComponents.add(node);
    } else if (!"container".equals(type)) {
      Map<String, String> props = new LinkedHashMap<>();
      for (Property p : properties(node)) {
        if (keep(p.name())) {
          props.putIfAbsent(p.name(), p.value());
        }
      }
      String diffId = props.get(ComponentResolver.TRIVY + "LayerDiffID");
      String digest = props.get(ComponentResolver.TRIVY + "LayerDigest");
      if (diffId != null && digest != null) {
        layerDigests.putIfAbsent(diffId, digest);
      }
      raws.add(
          new ComponentResolver.Raw(
              type,
              text(node, "bom-ref"),
              text(node, "group"),
              text(node, "name"),
              text(node, "version"),
              text(node, "purl"),
              props,
              null,
              evidenceLocation(node.get("evidence"))));
    }
    JsonNode nested = node.get("components");
    if (nested != null && nested.isArray()) {
      for (JsonNode child : nested) {
        collect(file, child, raws, osComponents, layerDigests, count, bounds);
      }
    }
  }

  /** Properties the resolver reads; the rest (Trivy's file lists …) are not kept in memory. */
  private static boolean keep(String name) {
    return name.startsWith(ComponentResolver.DRYDOCK)
        || switch (name) {
          case "aquasecurity:trivy:FilePath",
              "aquasecurity:trivy:LayerDiffID",
              "aquasecurity:trivy:LayerDigest",
              "aquasecurity:trivy:SrcName",
              "aquasecurity:trivy:SrcVersion",
              "aquasecurity:trivy:SrcRelease",
              "aquasecurity:trivy:SrcEpoch",
              "aquasecurity:trivy:PackageArchitecture",
              "syft:location:0:path",
              "syft:location:0:layerID",
              "syft:package:type",
              "syft:metadata:source",
              "syft:metadata:sourceVersion",
              "SrcFile" ->
              true;
          default -> false;
        };
  }

  /** cdxgen's evidence: the first occurrence's location, else a manifest-analysis value. */
  private static String evidenceLocation(JsonNode evidence) {
    if (evidence == null || !evidence.isObject()) {
      return null;
    }
    for (JsonNode occ : evidence.path("occurrences")) {
      String loc = text(occ, "location");
      if (loc != null) {
        return loc;
      }
    }
    JsonNode identity = evidence.path("identity");
    List<JsonNode> ids = new ArrayList<>();
    if (identity.isArray()) {
      identity.forEach(ids::add);
    } else if (identity.isObject()) {
      ids.add(identity);
    }
    for (JsonNode id : ids) {
      for (JsonNode m : id.path("methods")) {
        if ("manifest-analysis".equals(text(m, "technique")) && text(m, "value") != null) {
          return text(m, "value");
        }
      }
    }
    return null;
  }

  private static OsInfo os(JsonNode c) {
    Map<String, String> p = new HashMap<>();
    for (Property prop : properties(c)) {
      p.putIfAbsent(prop.name(), prop.value());
    }
    String id = p.getOrDefault("syft:distro:id", text(c, "name"));
    String version = p.getOrDefault("syft:distro:versionID", text(c, "version"));
    String pretty = p.getOrDefault("syft:distro:prettyName", text(c, "description"));
    String codename = p.getOrDefault("drydock:os:codename", p.get("syft:distro:versionCodename"));
    return ComponentResolver.os(id, version, pretty, codename);
  }

  /**
   * The layers: Drydock's {@code drydock:layer:<i>:diffId}/{@code :origin}, else Trivy's {@code
   * DiffID} properties in order (with the blob digests Trivy gave on components).
   */
  private static List<LayerInfo> layers(List<Property> imageProps, Map<String, String> digests) {
    TreeMap<Integer, String[]> drydock = new TreeMap<>();
    List<String> trivy = new ArrayList<>();
    for (Property p : imageProps) {
      String n = p.name();
      if (n.startsWith("drydock:layer:")) {
        String[] parts = n.split(":");
        Integer i = parts.length == 4 ? ComponentResolver.parseInt(parts[2]) : null;
        if (i != null && i >= 0 && i < 100_000) {
          String[] l = drydock.computeIfAbsent(i, k -> new String[2]);
          if (parts[3].equals("diffId")) {
            l[0] = p.value();
          } else if (parts[3].equals("origin")) {
            l[1] = p.value();
          }
        }
      } else if (n.equals("aquasecurity:trivy:DiffID")) {
        trivy.add(p.value());
      }
    }
    List<LayerInfo> layers = new ArrayList<>();
    if (!drydock.isEmpty()) {
      for (Map.Entry<Integer, String[]> e : drydock.entrySet()) {
        if (e.getKey() != layers.size() || e.getValue()[0] == null) {
          break; // not contiguous: keep the prefix that is
        }
        layers.add(
            new LayerInfo(e.getKey(), e.getValue()[0], null, null, "base".equals(e.getValue()[1])));
      }
      return layers;
    }
    for (String diffId : trivy) {
      layers.add(new LayerInfo(layers.size(), diffId, digests.get(diffId), null, false));
    }
    return layers;
  }

  private static BaseImage base(List<Property> metaProps) {
    Map<String, String> p = new HashMap<>();
    for (Property prop : metaProps) {
      p.putIfAbsent(prop.name(), prop.value());
    }
    String rule = p.get("drydock:base:rule");
    if (rule == null) {
      return BaseImage.none();
    }
    BaseImage.Rule r;
    try {
      r = BaseImage.Rule.valueOf(rule.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      return BaseImage.none();
    }
    Integer layers = ComponentResolver.parseInt(p.get("drydock:base:layers"));
    return new BaseImage(
        r,
        p.get("drydock:base:name"),
        p.get("drydock:base:digest"),
        layers == null ? 0 : layers,
        p.get("drydock:base:note"));
  }

  private static Subject subject(Path file, JsonNode image, List<Property> props) {
    String digest = null;
    String os = null;
    String arch = null;
    String variant = null;
    if (image != null) {
      String version = text(image, "version");
      if (version != null && version.startsWith("sha256:")) {
        digest = version;
      }
      var purl = ComponentResolver.parsePurl(text(image, "purl"));
      if (purl != null && purl.getType().equals("oci")) {
        if (digest == null
            && purl.getVersion() != null
            && purl.getVersion().startsWith("sha256:")) {
          digest = purl.getVersion();
        }
        if (purl.getQualifiers() != null) {
          arch = purl.getQualifiers().get("arch");
        }
      }
    }
    for (Property p : props) {
      if (p.name().equals("drydock:image:platform")) {
        String[] parts = p.value().split("/");
        os = parts[0];
        arch = parts.length > 1 ? parts[1] : arch;
        variant = parts.length > 2 ? parts[2] : null;
      } else if (digest == null
          && p.name().equals("aquasecurity:trivy:RepoDigest")
          && p.value().contains("@sha256:")) {
        digest = p.value().substring(p.value().indexOf('@') + 1);
      }
    }
    return new Subject("sbom:" + file, digest, os, arch, variant, Map.of());
  }

  record Property(String name, String value) {}

  private static List<Property> properties(JsonNode node) {
    List<Property> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    for (JsonNode p : node.path("properties")) {
      String n = text(p, "name");
      String v = text(p, "value");
      if (n != null && v != null) {
        out.add(new Property(n, v));
      }
    }
    return out;
  }

  static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(field);
    return v != null && (v.isString() || v.isNumber()) ? v.asString() : null;
  }
}
