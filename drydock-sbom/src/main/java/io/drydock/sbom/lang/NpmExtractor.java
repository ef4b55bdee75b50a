package io.drydock.sbom.lang;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractor;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInput;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Installed npm packages: the {@code package.json} directly inside a package directory under {@code
 * node_modules} ({@code node_modules/<name>/package.json}, {@code
 * node_modules/@scope/<name>/package.json}, at any depth of nested {@code node_modules} trees,
 * pnpm's {@code .pnpm/…/node_modules/…} included).
 *
 * <p>A package.json without a name or version is skipped without a diagnostic, as Trivy and Syft
 * do: packages ship such files as test fixtures and examples, and they are not installed packages.
 * Malformed JSON, or a name or version too long to be real, is a diagnostic. The file is read whole
 * up to {@link io.drydock.sbom.Limits#maxMetadataBytes()} (over it: {@link
 * io.drydock.sbom.FileTooLargeException}). Property {@code license}: the {@code license} field, or
 * the legacy {@code licenses[].type} joined with {@code OR}. Stateless and thread-safe.
 */
public final class NpmExtractor implements Extractor {
  /** npm refuses names longer than 214 characters. */
  private static final int MAX_NAME = 214;

  private static final int MAX_VERSION = 256;
  private static final int MAX_LICENSE = 1024;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  public String name() {
    return "lang/npm";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(FileInfo file) {
    String p = file.path();
    if (!p.endsWith("/package.json")) {
      return false;
    }
    String dir = file.dir();
    int s1 = dir.lastIndexOf('/');
    if (s1 < 0) {
      return false;
    }
    String pkgDir = dir.substring(s1 + 1);
    String above = dir.substring(0, s1);
    if (pkgDir.isEmpty() || pkgDir.startsWith(".") || pkgDir.startsWith("@")) {
      return false;
    }
    if (above.equals("node_modules") || above.endsWith("/node_modules")) {
      return true;
    }
    int s2 = above.lastIndexOf('/');
    String scope = above.substring(s2 + 1);
    String aboveScope = s2 < 0 ? "" : above.substring(0, s2);
    return scope.length() > 1
        && scope.startsWith("@")
        && (aboveScope.equals("node_modules") || aboveScope.endsWith("/node_modules"));
  }

  @Override
  public ExtractResult extract(FileInput in, ExtractContext ctx) throws IOException {
    String path = in.info().path();
    byte[] content = in.readAll(ctx.limits().maxMetadataBytes());
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (JacksonException e) {
      return ExtractResult.diagnostic(
          path + ": malformed package.json: " + JavaArchiveExtractor.oneLine(e));
    }
    if (root == null || !root.isObject()) {
      return ExtractResult.diagnostic(path + ": package.json is not a JSON object");
    }
    String name = text(root.get("name"));
    String version = text(root.get("version"));
    if (name == null || name.isBlank() || version == null || version.isBlank()) {
      return ExtractResult.empty();
    }
    if (name.length() > MAX_NAME || version.length() > MAX_VERSION) {
      return ExtractResult.diagnostic(
          path
              + ": package.json name or version too long ("
              + name.length()
              + ", "
              + version.length()
              + " characters); skipped");
    }
    String license = license(root);
    Package p = Package.of("npm", name.trim(), version.trim(), path);
    if (license != null && !license.isBlank() && license.length() <= MAX_LICENSE) {
      p = p.withProperties(Map.of("license", license.trim()));
    }
    return ExtractResult.of(List.of(p));
  }

  private static String license(JsonNode root) {
    JsonNode l = root.get("license");
    if (l != null) {
      return l.isObject() ? text(l.get("type")) : text(l);
    }
    JsonNode ls = root.get("licenses");
    if (ls == null || !ls.isArray()) {
      return null;
    }
    List<String> types = new ArrayList<>();
    for (JsonNode e : ls) {
      String t = e.isObject() ? text(e.get("type")) : text(e);
      if (t != null && !t.isBlank()) {
        types.add(t.trim());
      }
    }
    if (types.isEmpty()) {
      return null;
    }
    return types.size() == 1 ? types.get(0) : "(" + String.join(" OR ", types) + ")";
  }

  private static String text(JsonNode n) {
    return n != null && n.isString() ? n.asString() : null;
  }
}
