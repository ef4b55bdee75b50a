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
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

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

  /**
   * A streaming parser only (no data binding: building an object mapper costs a short scan about 50
   * ms of start-up, and only three fields are read); nesting is bounded.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

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
    Fields f;
    try {
      f = read(content);
    } catch (JacksonException e) {
      return ExtractResult.diagnostic(
          path + ": malformed package.json: " + JavaArchiveExtractor.oneLine(e));
    }
    if (f == null) {
      return ExtractResult.diagnostic(path + ": package.json is not a JSON object");
    }
    String name = f.name;
    String version = f.version;
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
    String license = f.license();
    Package p = Package.of("npm", name.trim(), version.trim(), path);
    if (license != null && !license.isBlank() && license.length() <= MAX_LICENSE) {
      p = p.withProperties(Map.of("license", license.trim()));
    }
    return ExtractResult.of(List.of(p));
  }

  /** The top-level fields read from package.json. */
  private static final class Fields {
    String name;
    String version;
    String license;
    final List<String> licenses = new ArrayList<>();
    boolean hasLicense;

    String license() {
      if (hasLicense) {
        return license;
      }
      if (licenses.isEmpty()) {
        return null;
      }
      return licenses.size() == 1 ? licenses.get(0) : "(" + String.join(" OR ", licenses) + ")";
    }
  }

  /**
   * Reads {@code name}, {@code version}, {@code license} (a string or {@code {type}}) and the old
   * {@code licenses} array from the top-level object, skipping everything else; {@code null} when
   * the document is not an object.
   */
  private static Fields read(byte[] content) {
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), content)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Fields f = new Fields();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        switch (key) {
          case "name" -> f.name = v == JsonToken.VALUE_STRING ? p.getString() : null;
          case "version" -> f.version = v == JsonToken.VALUE_STRING ? p.getString() : null;
          case "license" -> {
            f.hasLicense = true;
            f.license = v == JsonToken.START_OBJECT ? typeOf(p) : stringOrSkip(p, v);
          }
          case "licenses" -> {
            if (v == JsonToken.START_ARRAY) {
              JsonToken e;
              while ((e = p.nextToken()) != JsonToken.END_ARRAY && e != null) {
                String type = e == JsonToken.START_OBJECT ? typeOf(p) : stringOrSkip(p, e);
                if (type != null && !type.isBlank()) {
                  f.licenses.add(type.trim());
                }
              }
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        return null;
      }
      // Anything after the object is malformed JSON, as a tree parser would say.
      if (p.nextToken() != null) {
        throw new tools.jackson.core.exc.StreamReadException(
            p, "trailing content after the object");
      }
      return f;
    }
  }

  /** The {@code type} string of the object the parser just entered; leaves it at its end. */
  private static String typeOf(JsonParser p) {
    String type = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      if (key.equals("type") && v == JsonToken.VALUE_STRING) {
        type = p.getString();
      } else {
        p.skipChildren();
      }
    }
    return type;
  }

  private static String stringOrSkip(JsonParser p, JsonToken t) {
    if (t == JsonToken.VALUE_STRING) {
      return p.getString();
    }
    p.skipChildren();
    return null;
  }
}
