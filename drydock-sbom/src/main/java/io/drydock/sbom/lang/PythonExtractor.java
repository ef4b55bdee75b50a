package io.drydock.sbom.lang;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractor;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInput;
import io.drydock.sbom.Package;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Installed Python distributions: {@code *.dist-info/METADATA}, {@code *.egg-info/PKG-INFO} and the
 * single-file form {@code *.egg-info}.
 *
 * <p>These are email-header documents (core metadata): {@code Key: value} lines, continuation lines
 * starting with whitespace, and a body (the long description) after the first blank line. Only the
 * header is read, at most {@link io.drydock.sbom.Limits#maxMetadataBytes()} bytes of it; the body
 * is never read. Hand-written rather than {@code javax.mail}: the header grammar needed is a few
 * lines, and a mail library would bring MIME decoding nobody asked for. Names are normalised as
 * PyPI does (PEP 503: lower case, runs of {@code -_.} become {@code -}); the name as written stays
 * in property {@code python:name}. A header without Name or Version is a diagnostic (both are
 * required by the core metadata spec). Stateless and thread-safe.
 */
public final class PythonExtractor implements Extractor {
  private static final int MAX_FIELD = 256;
  private static final int MAX_LICENSE = 1024;
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  @Override
  public String name() {
    return "lang/python";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(FileInfo file) {
    String name = file.name();
    String dir = file.dir();
    if (name.equals("METADATA")) {
      return dir.endsWith(".dist-info");
    }
    if (name.equals("PKG-INFO")) {
      return dir.endsWith(".egg-info");
    }
    return name.endsWith(".egg-info") && name.length() > ".egg-info".length();
  }

  /** PEP 503 normalisation: {@code Foo.Bar_baz} → {@code foo-bar-baz}. */
  public static String normalise(String name) {
    return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
  }

  @Override
  public ExtractResult extract(FileInput in, ExtractContext ctx) throws IOException {
    String path = in.info().path();
    long max = ctx.limits().maxMetadataBytes();
    String header;
    try (InputStream s = in.open()) {
      header = readHeader(s, max);
    }
    if (header == null) {
      return ExtractResult.diagnostic(
          path + ": metadata header longer than " + max + " bytes; not analysed");
    }
    Map<String, String> fields = parseHeader(header);
    String name = fields.get("name");
    String version = fields.get("version");
    if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
      return ExtractResult.diagnostic(path + ": no Name and Version in the metadata header");
    }
    if (name.length() > MAX_FIELD || version.length() > MAX_FIELD) {
      return ExtractResult.diagnostic(
          path
              + ": Name or Version too long ("
              + name.length()
              + ", "
              + version.length()
              + " characters); skipped");
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put("python:name", name);
    String license = fields.get("license-expression");
    if (license == null || license.isEmpty() || license.equalsIgnoreCase("UNKNOWN")) {
      license = fields.get("license");
    }
    if (license != null
        && !license.isEmpty()
        && !license.equalsIgnoreCase("UNKNOWN")
        && license.length() <= MAX_LICENSE
        && license.indexOf('\n') < 0) {
      props.put("license", license);
    }
    return ExtractResult.of(
        List.of(Package.of("pypi", normalise(name), version, path).withProperties(props)));
  }

  /**
   * The header: bytes up to the first blank line (LF or CRLF line ends) or the end, decoded as
   * UTF-8; {@code null} when it is longer than {@code max} bytes.
   */
  static String readHeader(InputStream in, long max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int prev = -1;
    int prev2 = -1;
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        int b = buf[i];
        if (b == '\n' && (prev == '\n' || (prev == '\r' && prev2 == '\n'))) {
          out.write(buf, 0, i);
          return out.toString(StandardCharsets.UTF_8);
        }
        prev2 = prev;
        prev = b;
      }
      total += n;
      if (total > max) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * The first value of each field, keys lower-cased; continuation lines join with {@code \n}. Lines
   * that are neither a field nor a continuation are ignored.
   */
  static Map<String, String> parseHeader(String header) {
    Map<String, String> fields = new LinkedHashMap<>();
    String key = null;
    StringBuilder value = new StringBuilder();
    for (String line : header.split("\r?\n", -1)) {
      if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
        if (key != null) {
          value.append('\n').append(line.strip());
        }
        continue;
      }
      if (key != null) {
        fields.putIfAbsent(key, value.toString().strip());
      }
      key = null;
      int colon = line.indexOf(':');
      if (colon > 0) {
        key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        value.setLength(0);
        value.append(line.substring(colon + 1).strip());
      }
    }
    if (key != null) {
      fields.putIfAbsent(key, value.toString().strip());
    }
    return fields;
  }
}
