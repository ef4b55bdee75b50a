package io.drydock.sbom.format;

import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Drydock's own JSON ({@link DrydockJson}, schema version 1) read back field by field, components
 * streamed. Everything the writer wrote comes back, owned files included; the subject's reference
 * becomes {@code sbom:<file>} and the OS source {@code "sbom"}, as for every SBOM input. Entries
 * without {@code type} or {@code name} are skipped and counted in one diagnostic. Stateless.
 */
final class DrydockJsonReader {
  private DrydockJsonReader() {}

  static Sbom read(Path file, SbomReader.Bounds bounds) throws IOException {
    return read(file, Files.newInputStream(file), bounds);
  }

  /** Reads the document in {@code raw} (closed here); {@code file} names it in messages. */
  static Sbom read(Path file, InputStream raw, SbomReader.Bounds bounds) throws IOException {
    JsonNode[] subject = new JsonNode[1];
    JsonNode[] os = new JsonNode[1];
    JsonNode[] base = new JsonNode[1];
    JsonNode[] layers = new JsonNode[1];
    JsonNode[] diagnostics = new JsonNode[1];
    List<JsonNode> components = new ArrayList<>();
    int[] count = new int[1];
    try (JsonStream in = new JsonStream(file, raw, bounds)) {
      in.forEachTopLevelField(
          (name, s) -> {
            switch (name) {
              case "subject" -> subject[0] = s.tree();
              case "os" -> os[0] = s.tree();
              case "base" -> base[0] = s.tree();
              case "layers" -> layers[0] = s.tree();
              case "diagnostics" -> diagnostics[0] = s.tree();
              case "components" ->
                  s.forEachElement(
                      node -> {
                        if (++count[0] > bounds.maxComponents()) {
                          throw new SbomFormatException(
                              file
                                  + ": more than "
                                  + bounds.maxComponents()
                                  + " components; refusing to read on");
                        }
                        components.add(node);
                      });
              default -> {}
            }
          });
    }
    List<LayerInfo> layerList = new ArrayList<>();
    if (layers[0] != null) {
      for (JsonNode l : layers[0]) {
        String diffId = text(l, "diffId");
        if (diffId == null) {
          continue;
        }
        layerList.add(
            new LayerInfo(
                layerList.size(),
                diffId,
                text(l, "digest"),
                text(l, "createdBy"),
                "base".equals(text(l, "origin"))));
      }
    }
    int skipped = 0;
    List<Component> out = new ArrayList<>();
    for (JsonNode c : components) {
      String type = text(c, "type");
      String name = text(c, "name");
      if (type == null || name == null || !c.isObject()) {
        skipped++;
        continue;
      }
      JsonNode source = c.path("source");
      List<String> files = new ArrayList<>();
      c.path("files").forEach(f -> files.add(f.asString()));
      Map<String, String> props = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : c.path("properties").properties()) {
        props.put(e.getKey(), e.getValue().asString());
      }
      JsonNode epoch = c.get("epoch");
      String location = text(c, "location");
      Package pkg =
          new Package(
              type,
              name,
              text(c, "version"),
              text(c, "arch"),
              text(source, "name"),
              text(source, "version"),
              epoch != null && epoch.canConvertToInt() ? epoch.asInt() : null,
              location == null ? "" : location,
              files,
              props);
      int layer = c.path("layer").asInt(-1);
      String extractor = text(c, "extractor");
      out.add(
          new Component(
              pkg,
              extractor == null ? ComponentResolver.extractorFor(type) : extractor,
              layer >= 0 && layer < layerList.size() ? layer : -1,
              c.path("osOwned").asBoolean(false)));
    }
    List<Diagnostic> diags = new ArrayList<>();
    if (diagnostics[0] != null) {
      for (JsonNode d : diagnostics[0]) {
        String message = text(d, "message");
        if (message != null) {
          diags.add(
              new Diagnostic(text(d, "path"), text(d, "layer"), text(d, "extractor"), message));
        }
      }
    }
    if (skipped > 0) {
      diags.add(
          new Diagnostic(null, null, "sbom", skipped + " components without type or name skipped"));
    }
    return new Sbom(subject(file, subject[0]), os(os[0]), base(base[0]), layerList, out, diags);
  }

  private static Subject subject(Path file, JsonNode s) {
    if (s == null) {
      return new Subject("sbom:" + file, null, null, null, null, Map.of());
    }
    JsonNode platform = s.path("platform");
    Map<String, String> annotations = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : s.path("annotations").properties()) {
      annotations.put(e.getKey(), e.getValue().asString());
    }
    return new Subject(
        "sbom:" + file,
        text(s, "digest"),
        text(platform, "os"),
        text(platform, "architecture"),
        text(platform, "variant"),
        annotations);
  }

  private static OsInfo os(JsonNode o) {
    if (o == null || text(o, "id") == null) {
      return null;
    }
    return new OsInfo(
        text(o, "id"), text(o, "versionId"), text(o, "prettyName"), text(o, "codename"), "sbom");
  }

  private static BaseImage base(JsonNode b) {
    if (b == null || text(b, "rule") == null) {
      return BaseImage.none();
    }
    BaseImage.Rule rule;
    try {
      rule = BaseImage.Rule.valueOf(text(b, "rule").toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      return BaseImage.none();
    }
    return new BaseImage(
        rule, text(b, "name"), text(b, "digest"), b.path("layerCount").asInt(0), text(b, "note"));
  }

  private static String text(JsonNode node, String field) {
    return CycloneDxReader.text(node, field);
  }
}
