package io.drydock.sbom.format;

import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * SPDX 2.2/2.3 JSON input, packages streamed one at a time. The image is the package with purpose
 * {@code CONTAINER} (Drydock's {@code SPDXRef-Image}, Trivy's {@code SPDXRef-ContainerImage-*},
 * Syft's {@code SPDXRef-DocumentRoot-*}) or the one the document {@code DESCRIBES}; the OS the one
 * with purpose {@code OPERATING-SYSTEM} (Drydock writes {@code OPERATING_SYSTEM}). Neither is a
 * component. Package facts come from the {@code PACKAGE-MANAGER} purl, from annotations (Drydock's
 * {@code drydock:key=value}, Trivy's {@code Key: value}) and from {@code sourceInfo} (Trivy's
 * {@code built package from: NAME VERSION}). Stateless.
 */
final class SpdxReader {
  private static final Pattern DRYDOCK_LAYER = Pattern.compile("layer (\\d+) (\\S+) (base|app)");
  private static final Pattern DRYDOCK_BASE = Pattern.compile("base image \\(([a-z-]+)\\)(.*)");

  private SpdxReader() {}

  /** One SPDX package as read. */
  private record Pkg(
      String id,
      String purpose,
      String name,
      String version,
      String purl,
      String comment,
      ComponentResolver.Raw raw,
      List<String> diffIds) {}

  static Sbom read(Path file, SbomReader.Bounds bounds) throws IOException {
    List<Pkg> packages = new ArrayList<>();
    Set<String> described = new HashSet<>();
    String[] creationComment = new String[1];
    int[] count = new int[1];
    try (JsonStream in = new JsonStream(file, bounds)) {
      in.forEachTopLevelField(
          (name, s) -> {
            switch (name) {
              case "packages" ->
                  s.forEachElement(
                      node -> {
                        if (++count[0] > bounds.maxComponents()) {
                          throw new SbomFormatException(
                              file
                                  + ": more than "
                                  + bounds.maxComponents()
                                  + " packages; refusing to read on");
                        }
                        if (node.isObject()) {
                          packages.add(pkg(node));
                        }
                      });
              case "relationships" ->
                  s.forEachElement(
                      node -> {
                        if ("DESCRIBES".equals(CycloneDxReader.text(node, "relationshipType"))
                            && "SPDXRef-DOCUMENT"
                                .equals(CycloneDxReader.text(node, "spdxElementId"))) {
                          described.add(CycloneDxReader.text(node, "relatedSpdxElement"));
                        }
                      });
              case "documentDescribes" ->
                  s.forEachElement(
                      node -> {
                        if (node.isString()) {
                          described.add(node.asString());
                        }
                      });
              case "creationInfo" -> creationComment[0] = CycloneDxReader.text(s.tree(), "comment");
              default -> {}
            }
          });
    }
    Pkg image = null;
    Pkg osPkg = null;
    List<Pkg> rest = new ArrayList<>();
    for (Pkg p : packages) {
      String purpose = p.purpose() == null ? "" : p.purpose().replace('_', '-');
      boolean isOs =
          purpose.equals("OPERATING-SYSTEM") || p.id().startsWith("SPDXRef-OperatingSystem");
      boolean isImage =
          purpose.equals("CONTAINER")
              || p.id().startsWith("SPDXRef-ContainerImage")
              || p.id().startsWith("SPDXRef-DocumentRoot");
      if (isOs) {
        if (osPkg == null) {
          osPkg = p;
        }
      } else if (isImage || described.contains(p.id())) {
        if (image == null || (isImage && !"CONTAINER".equals(image.purpose()))) {
          image = p;
        }
      } else {
        rest.add(p);
      }
    }
    List<LayerInfo> layers = new ArrayList<>();
    BaseImage base = BaseImage.none();
    String platform = null;
    if (image != null) {
      for (String diffId : image.diffIds()) {
        layers.add(new LayerInfo(layers.size(), diffId, null, null, false));
      }
      if (layers.isEmpty() && image.comment() != null) {
        for (String line : image.comment().split("\n")) {
          Matcher m = DRYDOCK_LAYER.matcher(line);
          Matcher b = DRYDOCK_BASE.matcher(line);
          if (m.matches() && Integer.parseInt(m.group(1)) == layers.size()) {
            layers.add(
                new LayerInfo(layers.size(), m.group(2), null, null, m.group(3).equals("base")));
          } else if (line.startsWith("platform ")) {
            platform = line.substring("platform ".length()).trim();
          } else if (b.matches()) {
            base = base(b, layers);
          }
        }
      }
    }
    ComponentResolver resolver = new ComponentResolver(layers);
    List<Component> components = new ArrayList<>();
    for (Pkg p : rest) {
      Component c = resolver.resolve(p.raw());
      if (c != null) {
        components.add(c);
      }
    }
    OsInfo os =
        osPkg == null
            ? null
            : ComponentResolver.os(osPkg.name(), osPkg.version(), osPkg.comment(), null);
    if (os == null) {
      for (Pkg p : rest) {
        os = ComponentResolver.osFromPurl(p.purl());
        if (os != null) {
          break;
        }
      }
    }
    List<Diagnostic> diagnostics = new ArrayList<>();
    if (creationComment[0] != null && creationComment[0].startsWith("partial:")) {
      String[] lines = creationComment[0].split("\n");
      for (int i = 1; i < lines.length; i++) {
        diagnostics.add(new Diagnostic(null, null, null, lines[i]));
      }
    }
    Diagnostic skipped = resolver.diagnostic();
    if (skipped != null) {
      diagnostics.add(skipped);
    }
    return new Sbom(subject(file, image, platform), os, base, layers, components, diagnostics);
  }

  private static BaseImage base(Matcher b, List<LayerInfo> layers) {
    BaseImage.Rule rule;
    try {
      rule = BaseImage.Rule.valueOf(b.group(1).toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      return BaseImage.none();
    }
    // " name@digest: note", each part optional (SpdxJson writes it so)
    String rest = b.group(2).trim();
    String note = null;
    int colon = rest.indexOf(": ");
    if (colon >= 0) {
      note = rest.substring(colon + 2);
      rest = rest.substring(0, colon).trim();
    } else if (rest.startsWith(":")) {
      note = rest.substring(1).trim();
      rest = "";
    }
    String digest = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0 && rest.startsWith("sha256:", at + 1)) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    int count = (int) layers.stream().filter(LayerInfo::base).count();
    return new BaseImage(
        rule,
        rest.isEmpty() ? null : rest,
        digest,
        count,
        note == null || note.isEmpty() ? null : note);
  }

  private static Subject subject(Path file, Pkg image, String platform) {
    String digest = null;
    String os = null;
    String arch = null;
    String variant = null;
    if (image != null) {
      if (image.version() != null && image.version().startsWith("sha256:")) {
        digest = image.version();
      }
      var purl = ComponentResolver.parsePurl(image.purl());
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
      String repoDigest = image.raw().props().get(ComponentResolver.TRIVY + "RepoDigest");
      if (digest == null && repoDigest != null && repoDigest.contains("@sha256:")) {
        digest = repoDigest.substring(repoDigest.indexOf('@') + 1);
      }
    }
    if (platform != null) {
      String[] parts = platform.split("/");
      os = parts[0];
      arch = parts.length > 1 ? parts[1] : arch;
      variant = parts.length > 2 ? parts[2] : null;
    }
    return new Subject("sbom:" + file, digest, os, arch, variant, Map.of());
  }

  private static Pkg pkg(JsonNode node) {
    String id = CycloneDxReader.text(node, "SPDXID");
    String purl = null;
    for (JsonNode ref : node.path("externalRefs")) {
      if ("purl".equals(CycloneDxReader.text(ref, "referenceType"))) {
        purl = CycloneDxReader.text(ref, "referenceLocator");
        break;
      }
    }
    Map<String, String> props = new LinkedHashMap<>();
    List<String> diffIds = new ArrayList<>();
    for (JsonNode a : node.path("annotations")) {
      String comment = CycloneDxReader.text(a, "comment");
      if (comment == null) {
        continue;
      }
      if (comment.startsWith(ComponentResolver.DRYDOCK) && comment.indexOf('=') > 0) {
        int eq = comment.indexOf('=');
        props.putIfAbsent(comment.substring(0, eq), comment.substring(eq + 1));
      } else {
        int colon = comment.indexOf(": ");
        if (colon > 0 && comment.substring(0, colon).matches("[A-Za-z]+")) {
          String key = comment.substring(0, colon);
          String value = comment.substring(colon + 2);
          if (key.equals("DiffID")) {
            diffIds.add(value);
          } else {
            props.putIfAbsent(ComponentResolver.TRIVY + key, value);
          }
        }
      }
    }
    String name = CycloneDxReader.text(node, "name");
    String version = CycloneDxReader.text(node, "versionInfo");
    String sourceInfo = CycloneDxReader.text(node, "sourceInfo");
    return new Pkg(
        id == null ? "" : id,
        CycloneDxReader.text(node, "primaryPackagePurpose"),
        name,
        version,
        purl,
        CycloneDxReader.text(node, "comment"),
        new ComponentResolver.Raw(null, id, null, name, version, purl, props, sourceInfo, null),
        diffIds);
  }
}
