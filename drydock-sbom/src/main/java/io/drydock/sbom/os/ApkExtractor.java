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

/**
 * Alpine (and Wolfi/Chainguard) packages from the apk database {@code lib/apk/db/installed} (also
 * {@code usr/lib/apk/db/installed}, where apk-tools 3 keeps it).
 *
 * <p>The database is stanzas of {@code X:value} lines separated by blank lines: {@code P} name,
 * {@code V} version, {@code A} arch, {@code o} origin (the source package, which Alpine's
 * advisories name), {@code F} a directory and the {@code R} lines after it the files in it. Every
 * package in the file is installed. A stanza with a malformed line, no name or no version becomes a
 * diagnostic; the others still count. Files with {@code .}/{@code ..} segments are dropped.
 *
 * <p>Hand-written: a tiny line format with no Java library; one pass over the bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class ApkExtractor implements Extractor {
  private static final int MAX_DIAGNOSTICS = 20;

  /** Longest name, version, arch or origin accepted. */
  static final int MAX_VALUE_BYTES = 4096;

  @Override
  public String name() {
    return "os/apk";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(FileInfo file) {
    String p = file.path();
    return p.equals("lib/apk/db/installed") || p.equals("usr/lib/apk/db/installed");
  }

  @Override
  public ExtractResult extract(FileInput in, ExtractContext ctx) throws IOException {
    String path = in.info().path();
    return parse(path, in.readAll(ctx.limits().maxMetadataBytes()));
  }

  /** One stanza while it is being read. */
  private static final class Stanza {
    final int line;
    String name;
    String version;
    String arch;
    String origin;
    String dir = "";
    final List<String> files = new ArrayList<>();
    String error;
    int badPaths;

    Stanza(int line) {
      this.line = line;
    }

    void fail(String message) {
      if (error == null) {
        error = message;
      }
    }
  }

  static ExtractResult parse(String path, byte[] b) {
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
      if (end == i) {
        finish(cur, path, packages, diags);
        cur = null;
      } else {
        if (cur == null) {
          cur = new Stanza(line);
        }
        if (end - i < 2 || b[i + 1] != ':') {
          cur.fail("line " + line + ": not an 'X:value' line");
        } else {
          String value = end - i - 2 > MAX_VALUE_BYTES && b[i] != 'R' ? null : str(b, i + 2, end);
          switch (b[i]) {
            case 'P' -> cur.name = set(cur, cur.name, value, 'P', line);
            case 'V' -> cur.version = set(cur, cur.version, value, 'V', line);
            case 'A' -> cur.arch = set(cur, cur.arch, value, 'A', line);
            case 'o' -> cur.origin = set(cur, cur.origin, value, 'o', line);
            case 'F' -> {
              if (value == null) {
                cur.dir = null; // over-long: its files are dropped
              } else if (value.isEmpty()) {
                cur.dir = "";
              } else {
                String d = DpkgExtractor.relative("/" + value);
                cur.dir = d; // null: a bad directory, its files are dropped
              }
            }
            case 'R' -> {
              String f =
                  cur.dir == null || value == null || value.isEmpty() || value.indexOf('/') >= 0
                      ? null
                      : DpkgExtractor.relative(
                          "/" + (cur.dir.isEmpty() ? "" : cur.dir + "/") + value);
              if (f == null) {
                cur.badPaths++;
              } else {
                cur.files.add(f);
              }
            }
            default -> {
              // other fields (checksums, sizes, dependencies, ACLs): not needed
            }
          }
        }
      }
      i = eol + 1;
    }
    finish(cur, path, packages, diags);
    return new ExtractResult(packages, Map.of(), null, diags.list());
  }

  private static String set(Stanza s, String old, String value, char field, int line) {
    if (value == null) {
      s.fail("line " + line + ": " + field + ": longer than " + MAX_VALUE_BYTES + " bytes");
      return old;
    }
    if (old != null) {
      s.fail("line " + line + ": duplicate " + field + ":");
      return old;
    }
    return value.strip();
  }

  private static void finish(Stanza s, String path, List<Package> out, Diagnostics diags) {
    if (s == null) {
      return;
    }
    String where = "stanza at line " + s.line + (s.name == null ? "" : " (" + s.name + ")");
    if (s.error != null) {
      diags.add(where + ": " + s.error + "; skipped");
      return;
    }
    if (s.name == null || s.name.isEmpty() || s.version == null || s.version.isEmpty()) {
      diags.add(where + ": no P: name or V: version; skipped");
      return;
    }
    if (s.badPaths > 0) {
      diags.add(where + ": " + s.badPaths + " file paths not normalised; dropped");
    }
    String arch = s.arch == null || s.arch.isEmpty() ? null : s.arch;
    String origin = s.origin == null || s.origin.isEmpty() ? s.name : s.origin;
    out.add(
        new Package(
            "apk", s.name, s.version, arch, origin, s.version, null, path, s.files, Map.of()));
  }

  private static String str(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }
}
