package io.drydock.cli;

import io.drydock.oci.Image;
import io.drydock.oci.ImageConfig;
import io.drydock.oci.ImageDocument;
import io.drydock.oci.ImageSource;
import io.drydock.oci.Index;
import io.drydock.oci.Json;
import io.drydock.oci.Layer;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import io.drydock.oci.Target;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code drydock inspect TARGET}: manifest, config and layers, without reading layer content. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Show an image's reference, digest, media type, platforms, config and layers.",
      "Reads manifests and config only; layers are not downloaded."
    })
final class InspectCommand implements Callable<Integer> {
  enum Format {
    table,
    json
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "The image to inspect.")
  String target;

  @Option(
      names = {"-f", "--format"},
      defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--raw",
      description =
          "Print the top-level manifest or index exactly as stored (like crane manifest).")
  boolean raw;

  @Mixin SourceOptions sourceOptions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Target t = Target.parse(target);
    Platform platform = sourceOptions.platform();
    try (ImageSource source = sourceOptions.open(t)) {
      RawDocument root = source.root();
      if (raw) {
        out.print(new String(root.bytes(), StandardCharsets.UTF_8));
        out.flush();
        return 0;
      }
      ImageDocument rootDoc = root.parse("manifest " + root.digest() + " of " + source.describe());
      Image image = source.image(platform);
      List<Platform> platforms = rootDoc instanceof Index idx ? idx.platforms() : List.of();
      if (format == Format.json) {
        out.println(
            Json.MAPPER
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(json(source, root, platforms, image)));
      } else {
        table(out, source, root, platforms, image);
      }
      out.flush();
      return 0;
    } finally {
      sourceOptions.close();
    }
  }

  static ObjectNode json(
      ImageSource source, RawDocument root, List<Platform> platforms, Image image) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ImageConfig c = image.config();
    o.put("target", source.describe());
    o.put("digest", root.digest().toString());
    o.put("mediaType", mediaTypeOf(root));
    if (!platforms.isEmpty()) {
      ArrayNode ps = o.putArray("platforms");
      platforms.forEach(p -> ps.add(p.toString()));
      o.put("imageDigest", image.digest().toString());
      o.put("imageMediaType", image.manifest().mediaType());
    }
    o.put("platform", c.platform().toString());
    o.put("configDigest", image.manifest().config().digest().toString());
    o.put("created", c.created() == null ? null : c.created().toString());
    o.put("author", c.author());
    o.put("user", c.user());
    strings(o.putArray("entrypoint"), c.entrypoint());
    strings(o.putArray("cmd"), c.cmd());
    strings(o.putArray("env"), c.envNames());
    o.put("workingDir", c.workingDir());
    strings(o.putArray("exposedPorts"), c.exposedPorts());
    map(o.putObject("labels"), c.labels());
    map(o.putObject("annotations"), image.manifest().annotations());
    ArrayNode layers = o.putArray("layers");
    List<ImageConfig.History> hist = c.layerHistory(image.layers().size());
    for (int i = 0; i < image.layers().size(); i++) {
      Layer l = image.layers().get(i);
      ObjectNode ln = layers.addObject();
      ln.put("digest", l.digest().toString());
      ln.put("diffId", l.diffId().toString());
      ln.put("size", l.size());
      ln.put("mediaType", l.mediaType());
      ln.put("createdBy", hist.get(i) == null ? null : hist.get(i).createdBy());
    }
    ArrayNode history = o.putArray("history");
    for (ImageConfig.History h : c.history()) {
      ObjectNode hn = history.addObject();
      hn.put("created", h.created() == null ? null : h.created().toString());
      hn.put("createdBy", h.createdBy());
      hn.put("comment", h.comment());
      hn.put("emptyLayer", h.emptyLayer());
    }
    return o;
  }

  private static void table(
      PrintWriter out,
      ImageSource source,
      RawDocument root,
      List<Platform> platforms,
      Image image) {
    ImageConfig c = image.config();
    Table head = Table.withoutHeader(2);
    head.add("Target", source.describe());
    head.add("Digest", root.digest().toString());
    head.add("Media type", mediaTypeOf(root));
    if (!platforms.isEmpty()) {
      head.add(
          "Platforms",
          String.join(", ", platforms.stream().map(Platform::toString).distinct().toList()));
      head.add("Image digest", image.digest() + " (" + c.platform() + ")");
    } else {
      head.add("Platform", c.platform().toString());
    }
    head.add("Config", image.manifest().config().digest().toString());
    head.add("Created", c.created() == null ? "-" : c.created().toString());
    head.add("User", c.user() == null ? "(root)" : c.user());
    head.add("Entrypoint", c.entrypoint().isEmpty() ? "-" : String.join(" ", c.entrypoint()));
    head.add("Cmd", c.cmd().isEmpty() ? "-" : String.join(" ", c.cmd()));
    head.add("Env", c.envNames().isEmpty() ? "-" : String.join(", ", c.envNames()));
    if (c.workingDir() != null) {
      head.add("Working dir", c.workingDir());
    }
    if (!c.exposedPorts().isEmpty()) {
      head.add("Ports", String.join(", ", c.exposedPorts()));
    }
    pairs(head, "Labels", c.labels());
    pairs(head, "Annotations", image.manifest().annotations());
    head.print(out, "");
    out.println();
    long total = image.layers().stream().mapToLong(Layer::size).sum();
    out.println("Layers (" + image.layers().size() + ", " + Table.size(total) + ")");
    Table layers = new Table("#", "DIGEST", "DIFF ID", "SIZE", "CREATED BY");
    List<ImageConfig.History> hist = c.layerHistory(image.layers().size());
    for (int i = 0; i < image.layers().size(); i++) {
      Layer l = image.layers().get(i);
      String by = hist.get(i) == null ? "" : oneLine(hist.get(i).createdBy());
      layers.add(
          String.valueOf(i + 1),
          l.digest().algorithm() + ":" + l.digest().shortHex(),
          l.diffId().algorithm() + ":" + l.diffId().shortHex(),
          Table.size(l.size()),
          by);
    }
    layers.print(out, "  ");
    if (!c.history().isEmpty()) {
      out.println();
      out.println("History (" + c.history().size() + ")");
      Table history = new Table("CREATED", "LAYER", "CREATED BY");
      for (ImageConfig.History h : c.history()) {
        history.add(
            h.created() == null ? "-" : h.created().toString(),
            h.emptyLayer() ? "-" : "yes",
            oneLine(h.createdBy()));
      }
      history.print(out, "  ");
    }
  }

  private static void pairs(Table t, String title, Map<String, String> m) {
    if (m.isEmpty()) {
      t.add(title, "-");
      return;
    }
    boolean first = true;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(m).entrySet()) {
      t.add(first ? title : "", e.getKey() + "=" + e.getValue());
      first = false;
    }
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String flat = s.replaceAll("\\s+", " ").trim();
    return flat.length() > 80 ? flat.substring(0, 77) + "..." : flat;
  }

  private static String mediaTypeOf(RawDocument root) {
    try {
      return root.parse("manifest").mediaType();
    } catch (java.io.IOException e) {
      return root.mediaType();
    }
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  private static void map(ObjectNode o, Map<String, String> m) {
    new java.util.TreeMap<>(m).forEach(o::put);
  }
}
