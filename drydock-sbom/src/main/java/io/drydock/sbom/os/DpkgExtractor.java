package io.drydock.sbom.os;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractor;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInput;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Debian packages from the dpkg database: {@code var/lib/dpkg/status}, the one-stanza-per-package
 * files of distroless images in {@code var/lib/dpkg/status.d/} and the file lists {@code
 * var/lib/dpkg/info/<package>[:<arch>].list}.
 *
 * <p>Packages are reported when their files are on disk: the {@code Status:} state (third word) is
 * {@code installed}, {@code triggers-pending}, {@code triggers-awaited}, {@code half-configured} or
 * {@code unpacked}. {@code not-installed}, {@code config-files} (only conffiles left) and {@code
 * half-installed} (an interrupted install or removal) are not. A stanza in {@code status.d/}
 * without a {@code Status:} field counts as installed (distroless writes none).
 *
 * <p>Hand-written because the status file is a dpkg-specific RFC 822 dialect with no maintained
 * Java parser; it is scanned once as bytes, decoding only the six fields used, so a status file of
 * several MB costs one pass and no per-line regex or string.
 *
 * <p>Stateless and thread-safe.
 */
public final class DpkgExtractor implements Extractor {
  static final String STATUS = "var/lib/dpkg/status";
  static final String STATUS_D = "var/lib/dpkg/status.d/";
  static final String INFO = "var/lib/dpkg/info/";

  /** Third words of {@code Status:} for which the package's files are on disk. */
  static final Set<String> FILES_PRESENT =
      Set.of("installed", "triggers-pending", "triggers-awaited", "half-configured", "unpacked");

  /**
   * Property key of the {@code Multi-Arch:} field ({@code same}, {@code foreign}, {@code allowed}).
   */
  public static final String MULTI_ARCH = "deb:multi-arch";

  private static final int MAX_DIAGNOSTICS = 20;

  /** Longest value accepted for the fields used (names, versions, Source, Status). */
  static final int MAX_VALUE_BYTES = 4096;

  @Override
  public String name() {
    return "os/dpkg";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(FileInfo file) {
    String p = file.path();
    if (p.equals(STATUS)) {
      return true;
    }
    if (p.startsWith(STATUS_D)) {
      return p.indexOf('/', STATUS_D.length()) < 0
          && p.length() > STATUS_D.length()
          && !p.endsWith(".md5sums");
    }
    return p.startsWith(INFO)
        && p.endsWith(".list")
        && p.length() > INFO.length() + ".list".length()
        && p.indexOf('/', INFO.length()) < 0;
  }

  @Override
  public ExtractResult extract(FileInput in, ExtractContext ctx) throws IOException {
    String path = in.info().path();
    byte[] content = in.readAll(ctx.limits().maxMetadataBytes());
    if (path.startsWith(INFO)) {
      return parseList(path, content);
    }
    return parseStatus(path, content, path.startsWith(STATUS_D));
  }

  // ---- status ---------------------------------------------------------------------------------

  private static final int F_PACKAGE = 0;
  private static final int F_STATUS = 1;
  private static final int F_VERSION = 2;
  private static final int F_ARCH = 3;
  private static final int F_SOURCE = 4;
  private static final int F_MULTI_ARCH = 5;
  private static final String[] FIELDS = {
    "Package", "Status", "Version", "Architecture", "Source", "Multi-Arch"
  };

  /** One stanza's fields of interest while it is being read. */
  private static final class Stanza {
    final int line;
    final String[] values = new String[FIELDS.length];
    String error;

    Stanza(int line) {
      this.line = line;
    }
  }

  /**
   * Parses a status file (or a {@code status.d/} stanza file). Package locations are {@code path}.
   * A stanza that cannot be read becomes a diagnostic; the others still count.
   */
  static ExtractResult parseStatus(String path, byte[] b, boolean statusD) {
    List<Package> packages = new ArrayList<>();
    Diagnostics diags = new Diagnostics(path, MAX_DIAGNOSTICS);
    Stanza cur = null;
    int n = b.length;
    int i = 0;
    int line = 0;
    while (i < n) {
      int eol = i;
      while (eol < n && b[eol] != '\n') {
        eol++;
      }
      int end = eol;
      if (end > i && b[end - 1] == '\r') {
        end--;
      }
      line++;
      if (isBlank(b, i, end)) {
        finish(cur, path, statusD, packages, diags);
        cur = null;
      } else if (b[i] == ' ' || b[i] == '\t') {
        if (cur == null) {
          cur = new Stanza(line);
          cur.error = "line " + line + ": continuation line outside a field";
        }
        // continuation of a multi-line field (Description, Conffiles): not needed
      } else {
        if (cur == null) {
          cur = new Stanza(line);
        }
        int colon = i;
        while (colon < end && b[colon] != ':') {
          colon++;
        }
        if (colon == end || colon == i) {
          if (cur.error == null) {
            cur.error = "line " + line + ": not a 'Field: value' line";
          }
        } else {
          int f = field(b, i, colon);
          if (f >= 0) {
            if (end - colon > MAX_VALUE_BYTES) {
              if (cur.error == null) {
                cur.error =
                    "line "
                        + line
                        + ": "
                        + FIELDS[f]
                        + " longer than "
                        + MAX_VALUE_BYTES
                        + " bytes";
              }
            } else if (cur.values[f] != null) {
              if (cur.error == null) {
                cur.error = "line " + line + ": duplicate field " + FIELDS[f];
              }
            } else {
              cur.values[f] = trimmed(b, colon + 1, end);
            }
          }
        }
      }
      i = eol + 1;
    }
    finish(cur, path, statusD, packages, diags);
    return new ExtractResult(packages, Map.of(), null, diags.list());
  }

  private static void finish(
      Stanza s, String path, boolean statusD, List<Package> out, Diagnostics diags) {
    if (s == null) {
      return;
    }
    String name = s.values[F_PACKAGE];
    String where = "stanza at line " + s.line + (name == null ? "" : " (" + name + ")");
    if (s.error != null) {
      diags.add(where + ": " + s.error + "; skipped");
      return;
    }
    if (name == null || name.isEmpty() || hasSpace(name)) {
      diags.add(where + ": no valid Package field; skipped");
      return;
    }
    String status = s.values[F_STATUS];
    if (status == null) {
      if (!statusD) {
        diags.add(where + ": no Status field; skipped");
        return;
      }
    } else {
      String[] words = status.split(" +");
      if (words.length != 3) {
        diags.add(where + ": Status '" + clip(status) + "' is not three words; skipped");
        return;
      }
      if (!FILES_PRESENT.contains(words[2])) {
        return; // not installed: not a problem, just not a package of the image
      }
    }
    String version = s.values[F_VERSION];
    if (version == null || version.isEmpty() || hasSpace(version)) {
      diags.add(where + ": no valid Version field; skipped");
      return;
    }
    String arch = s.values[F_ARCH];
    if (arch != null && arch.isEmpty()) {
      arch = null;
    }
    String sourceName = name;
    String sourceVersion = version;
    String source = s.values[F_SOURCE];
    if (source != null && !source.isEmpty()) {
      int paren = source.indexOf('(');
      if (paren < 0) {
        sourceName = source;
      } else {
        int close = source.indexOf(')', paren);
        String sn = source.substring(0, paren).trim();
        String sv = source.substring(paren + 1, close < 0 ? source.length() : close).trim();
        if (close < 0) {
          diags.add(where + ": Source '" + clip(source) + "' lacks ')'");
        }
        if (!sn.isEmpty()) {
          sourceName = sn;
        }
        if (!sv.isEmpty()) {
          sourceVersion = sv;
        }
      }
    }
    String multiArch = s.values[F_MULTI_ARCH];
    Map<String, String> props =
        multiArch == null || multiArch.isEmpty() ? Map.of() : Map.of(MULTI_ARCH, multiArch);
    out.add(
        new Package(
            "deb", name, version, arch, sourceName, sourceVersion, null, path, List.of(), props));
  }

  /** Index into {@link #FIELDS} of the field name in {@code b[from, to)}, or -1. */
  private static int field(byte[] b, int from, int to) {
    int len = to - from;
    for (int f = 0; f < FIELDS.length; f++) {
      String name = FIELDS[f];
      if (name.length() == len && equalsIgnoreCaseAscii(b, from, name)) {
        return f;
      }
    }
    return -1;
  }

  private static boolean equalsIgnoreCaseAscii(byte[] b, int from, String s) {
    for (int k = 0; k < s.length(); k++) {
      int c = b[from + k];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      int d = s.charAt(k);
      if (d >= 'A' && d <= 'Z') {
        d += 'a' - 'A';
      }
      if (c != d) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int k = from; k < to; k++) {
      if (b[k] != ' ' && b[k] != '\t') {
        return false;
      }
    }
    return true;
  }

  private static String trimmed(byte[] b, int from, int to) {
    while (from < to && (b[from] == ' ' || b[from] == '\t')) {
      from++;
    }
    while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
      to--;
    }
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  private static boolean hasSpace(String s) {
    for (int k = 0; k < s.length(); k++) {
      if (Character.isWhitespace(s.charAt(k))) {
        return true;
      }
    }
    return false;
  }

  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  // ---- info/*.list ----------------------------------------------------------------------------

  /**
   * Parses {@code info/<key>.list}: one absolute path per line, {@code /.} for the root. Keys are
   * the file name without {@code .list}, exactly as dpkg names it ({@code libc6:amd64}, {@code
   * bash}); paths are returned image-relative. Paths with {@code .} or {@code ..} segments are
   * dropped with a diagnostic.
   */
  static ExtractResult parseList(String path, byte[] b) {
    String fileName = path.substring(path.lastIndexOf('/') + 1);
    String key = fileName.substring(0, fileName.length() - ".list".length());
    Diagnostics diags = new Diagnostics(path, MAX_DIAGNOSTICS);
    List<String> files = new ArrayList<>();
    int n = b.length;
    int i = 0;
    int line = 0;
    while (i < n) {
      int eol = i;
      while (eol < n && b[eol] != '\n') {
        eol++;
      }
      int end = eol;
      if (end > i && b[end - 1] == '\r') {
        end--;
      }
      line++;
      if (end > i) {
        String p = relative(new String(b, i, end - i, StandardCharsets.UTF_8));
        if (p == null) {
          diags.add("line " + line + ": not a normalised absolute path; skipped");
        } else if (!p.isEmpty()) {
          files.add(p);
        }
      }
      i = eol + 1;
    }
    return new ExtractResult(List.of(), Map.of(key, files), null, diags.list());
  }

  /**
   * {@code /usr/bin/x} → {@code usr/bin/x}; {@code /.} and {@code /} → {@code ""}; {@code null} for
   * a relative path or one with empty, {@code .} or {@code ..} segments.
   */
  static String relative(String abs) {
    if (abs.equals("/.") || abs.equals("/")) {
      return "";
    }
    if (abs.length() < 2 || abs.charAt(0) != '/') {
      return null;
    }
    String p = abs.substring(1);
    int start = 0;
    while (start <= p.length()) {
      int slash = p.indexOf('/', start);
      int segEnd = slash < 0 ? p.length() : slash;
      int len = segEnd - start;
      if (len == 0
          || (len == 1 && p.charAt(start) == '.')
          || (len == 2 && p.charAt(start) == '.' && p.charAt(start + 1) == '.')) {
        return null;
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return p;
  }
}
