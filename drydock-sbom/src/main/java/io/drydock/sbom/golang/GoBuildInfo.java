package io.drydock.sbom.golang;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The build info of a Go binary ({@code runtime/debug.BuildInfo}).
 *
 * @param goVersion the toolchain as recorded ({@code go1.21.5}); never {@code null}
 * @param path the main package's import path ({@code example.com/hello/cmd/hello}), {@code ""} when
 *     not recorded
 * @param main the main module, {@code null} when not recorded (binaries built from GOROOT, or
 *     outside module mode)
 * @param deps the dependency modules linked into the binary, in recorded order
 * @param settings the {@code build} settings in recorded order ({@code GOOS=linux}, {@code
 *     -trimpath=true})
 */
public record GoBuildInfo(
    String goVersion, String path, GoModule main, List<GoModule> deps, List<Setting> settings) {

  /** One {@code build key=value} line, unquoted. */
  public record Setting(String key, String value) {}

  public GoBuildInfo {
    Objects.requireNonNull(goVersion, "goVersion");
    path = path == null ? "" : path;
    deps = List.copyOf(deps);
    settings = List.copyOf(settings);
  }

  /**
   * Parses the module-info text the way {@code runtime/debug.ParseBuildInfo} does, but leniently: a
   * malformed line is skipped and described in {@code problems} (one line each, naming the line
   * number) instead of failing the whole text. Unknown line kinds are ignored, as Go does.
   */
  static GoBuildInfo parse(String goVersion, String modInfo, List<String> problems) {
    String path = "";
    GoModule main = null;
    List<GoModule> deps = new ArrayList<>();
    List<Setting> settings = new ArrayList<>();
    // Which module a following "=>" line replaces: 0 none, 1 main, 2 last dep.
    int last = 0;
    String[] lines = modInfo.split("\n", -1);
    // The text ends with a newline; like Go, ignore a final line without one.
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      int lineNumber = i + 1;
      if (line.startsWith("path\t")) {
        path = line.substring(5);
      } else if (line.startsWith("mod\t")) {
        GoModule m = module(line.substring(4), lineNumber, problems);
        if (m != null) {
          main = m;
          last = 1;
        } else {
          last = 0;
        }
      } else if (line.startsWith("dep\t")) {
        GoModule m = module(line.substring(4), lineNumber, problems);
        if (m != null) {
          deps.add(m);
          last = 2;
        } else {
          last = 0;
        }
      } else if (line.startsWith("=>\t")) {
        String[] e = line.substring(3).split("\t", -1);
        if (e.length != 3) {
          problems.add(
              "line " + lineNumber + ": expected 3 columns for replacement; got " + e.length);
        } else if (last == 0) {
          problems.add("line " + lineNumber + ": replacement with no module on previous line");
        } else {
          GoModule replacement = new GoModule(e[0], e[1], e[2], null);
          if (last == 1) {
            main = main.withReplace(replacement);
          } else {
            int at = deps.size() - 1;
            deps.set(at, deps.get(at).withReplace(replacement));
          }
        }
        last = 0;
      } else if (line.startsWith("build\t")) {
        Setting s = setting(line.substring(6));
        if (s == null) {
          problems.add("line " + lineNumber + ": malformed build setting");
        } else {
          settings.add(s);
        }
      }
    }
    return new GoBuildInfo(goVersion, path, main, deps, settings);
  }

  private static GoModule module(String columns, int lineNumber, List<String> problems) {
    String[] e = columns.split("\t", -1);
    if (e.length != 2 && e.length != 3) {
      problems.add("line " + lineNumber + ": expected 2 or 3 columns; got " + e.length);
      return null;
    }
    return new GoModule(e[0], e[1], e.length == 3 ? e[2] : "", null);
  }

  /** {@code key=value}, either side possibly a Go-quoted string; {@code null} when malformed. */
  private static Setting setting(String kv) {
    if (kv.isEmpty() || kv.charAt(0) == '=') {
      return null;
    }
    String key;
    String rawValue;
    if (kv.charAt(0) == '"' || kv.charAt(0) == '`') {
      int end = quotedEnd(kv);
      if (end < 0 || end >= kv.length() || kv.charAt(end) != '=') {
        return null;
      }
      key = unquote(kv.substring(0, end));
      rawValue = kv.substring(end + 1);
    } else {
      int eq = kv.indexOf('=');
      if (eq < 0) {
        return null;
      }
      key = kv.substring(0, eq);
      rawValue = kv.substring(eq + 1);
    }
    String value = rawValue;
    if (!rawValue.isEmpty() && (rawValue.charAt(0) == '"' || rawValue.charAt(0) == '`')) {
      value = quotedEnd(rawValue) == rawValue.length() ? unquote(rawValue) : null;
    }
    if (key == null || value == null) {
      return null;
    }
    return new Setting(key, value);
  }

  /** The index just past the Go-quoted string at the start of {@code s}, or -1. */
  private static int quotedEnd(String s) {
    char q = s.charAt(0);
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == q) {
        return i + 1;
      }
      if (q == '"' && c == '\\') {
        i++;
      } else if (q == '"' && c == '\n') {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Go's {@code strconv.Unquote} for a whole quoted string ({@code "…"} with Go escapes, or {@code
   * `…`} raw); {@code null} when it is not valid Go syntax. {@code \x} and octal escapes are raw
   * bytes, decoded together with the rest as UTF-8.
   */
  static String unquote(String s) {
    if (s.length() < 2) {
      return null;
    }
    char q = s.charAt(0);
    if (s.charAt(s.length() - 1) != q) {
      return null;
    }
    String body = s.substring(1, s.length() - 1);
    if (q == '`') {
      return body.indexOf('`') >= 0 ? null : body.replace("\r", "");
    }
    if (q != '"') {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '"' || c == '\n') {
        return null;
      }
      if (c != '\\') {
        int cp = body.codePointAt(i);
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
        continue;
      }
      if (i + 1 >= body.length()) {
        return null;
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(11);
        case '\\' -> out.write('\\');
        case '"' -> out.write('"');
        case 'x' -> {
          int v = hex(body, i, 2);
          if (v < 0) {
            return null;
          }
          out.write(v);
          i += 2;
        }
        case 'u', 'U' -> {
          int digits = e == 'u' ? 4 : 8;
          int v = hex(body, i, digits);
          if (v < 0 || v > Character.MAX_CODE_POINT || (v >= 0xd800 && v < 0xe000)) {
            return null;
          }
          out.writeBytes(new String(Character.toChars(v)).getBytes(StandardCharsets.UTF_8));
          i += digits;
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > body.length()) {
            return null;
          }
          int v = e - '0';
          for (int k = 0; k < 2; k++) {
            char d = body.charAt(i + k);
            if (d < '0' || d > '7') {
              return null;
            }
            v = v * 8 + (d - '0');
          }
          if (v > 255) {
            return null;
          }
          out.write(v);
          i += 2;
        }
        default -> {
          return null;
        }
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(String s, int at, int digits) {
    if (at + digits > s.length()) {
      return -1;
    }
    long v = 0;
    for (int k = 0; k < digits; k++) {
      int d = Character.digit(s.charAt(at + k), 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }
}
