package io.drydock.sbom.os;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractor;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInput;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The distro identity from {@code etc/os-release}, {@code usr/lib/os-release} or a distro's own
 * release file ({@code etc/debian_version}, {@code etc/alpine-release}, {@code etc/redhat-release}
 * …). Each file yields an {@link OsInfo} whose {@code source} is the file's path; when a layer or
 * image has several, the engine picks with {@link #choose(Map)}. For distroless images without any
 * of them, {@link #infer(List)} derives the Debian release from package versions.
 *
 * <p>Versions follow what os-release's {@code VERSION_ID} says for the distro, so results from
 * different files agree: Debian and CentOS give the major release ({@code 12}, {@code 7}), the
 * others the version as written ({@code 3.19.1}, {@code 9.3}, {@code 2023}).
 *
 * <p>Stateless and thread-safe.
 */
public final class OsReleaseExtractor implements Extractor {
  /** Release files are tiny; anything bigger than this is not one. */
  static final long MAX_BYTES = 64 * 1024;

  /** Longest value kept from a release file. */
  static final int MAX_VALUE_CHARS = 256;

  /** Source of an {@link OsInfo} derived by {@link #infer(List)}. */
  public static final String INFERRED = "inferred from dpkg package versions";

  /** Known paths by preference: lower index is preferred. */
  private static final List<String> PATHS =
      List.of(
          "etc/os-release",
          "usr/lib/os-release",
          "etc/alpine-release",
          "etc/rocky-release",
          "etc/almalinux-release",
          "etc/centos-release",
          "etc/fedora-release",
          "etc/system-release", // Amazon Linux
          "etc/SuSE-release",
          "etc/redhat-release", // says "Red Hat" on Oracle Linux and others
          "etc/debian_version"); // says "bookworm/sid" on Ubuntu

  private static final Map<Integer, String> DEBIAN_CODENAMES =
      Map.of(
          7, "wheezy",
          8, "jessie",
          9, "stretch",
          10, "buster",
          11, "bullseye",
          12, "bookworm",
          13, "trixie",
          14, "forky");

  @Override
  public String name() {
    return "os/release";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(FileInfo file) {
    return PATHS.contains(file.path());
  }

  /**
   * Preference of a release file's path for {@link #choose}: lower is preferred; {@link
   * Integer#MAX_VALUE} for paths this extractor does not read.
   */
  public static int priority(String path) {
    int i = PATHS.indexOf(path);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  /**
   * The OS of an image given what each of its release files said (path → info; {@code null} values
   * ignored): the info from the preferred path by {@link #priority}, with fields it lacks filled in
   * from less preferred files naming the same distro (Debian testing's os-release has no {@code
   * VERSION_ID}, its {@code debian_version} may have one). {@code null} when there is none.
   */
  public static OsInfo choose(Map<String, OsInfo> byPath) {
    List<Map.Entry<String, OsInfo>> found = new ArrayList<>();
    for (Map.Entry<String, OsInfo> e : byPath.entrySet()) {
      if (e.getKey() != null && e.getValue() != null) {
        found.add(e);
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    found.sort(
        Comparator.comparingInt((Map.Entry<String, OsInfo> e) -> priority(e.getKey()))
            .thenComparing(Map.Entry::getKey));
    OsInfo best = found.get(0).getValue();
    String versionId = best.versionId();
    String pretty = best.prettyName();
    String codename = best.codename();
    for (Map.Entry<String, OsInfo> e : found.subList(1, found.size())) {
      OsInfo o = e.getValue();
      if (Objects.equals(o.id(), best.id())) {
        versionId = versionId != null ? versionId : o.versionId();
        pretty = pretty != null ? pretty : o.prettyName();
        codename = codename != null ? codename : o.codename();
      }
    }
    return new OsInfo(best.id(), versionId, pretty, codename, best.source());
  }

  /**
   * The OS of a distroless Debian image (dpkg stanzas but no release file), from its packages:
   * {@code debian} with the release taken from {@code base-files}' version ({@code 12.4+deb12u5})
   * when present, else from the {@code +debNNuM} / {@code ~debNNuM} suffixes of all deb versions
   * when they name a single release, else {@code null}. {@code null} when there are no deb
   * packages.
   */
  public static OsInfo infer(List<Package> packages) {
    boolean anyDeb = false;
    Integer fromBaseFiles = null;
    TreeSet<Integer> fromSuffixes = new TreeSet<>();
    for (Package p : packages) {
      if (!"deb".equals(p.type()) || p.version() == null) {
        continue;
      }
      anyDeb = true;
      if (p.name().equals("base-files")) {
        fromBaseFiles = leadingNumber(p.version());
      }
      collectDebSuffixes(p.version(), fromSuffixes);
    }
    if (!anyDeb) {
      return null;
    }
    Integer release = fromBaseFiles;
    if (release == null && fromSuffixes.size() == 1) {
      release = fromSuffixes.first();
    }
    String versionId = release == null ? null : release.toString();
    String codename = release == null ? null : DEBIAN_CODENAMES.get(release);
    return new OsInfo("debian", versionId, null, codename, INFERRED);
  }

  /** Adds NN for every {@code +debNNuM} or {@code ~debNNuM} in {@code version}. */
  static void collectDebSuffixes(String v, java.util.Set<Integer> out) {
    int from = 0;
    while (true) {
      int at = v.indexOf("deb", from);
      if (at < 0) {
        return;
      }
      from = at + 3;
      if (at == 0 || (v.charAt(at - 1) != '+' && v.charAt(at - 1) != '~')) {
        continue;
      }
      int k = at + 3;
      int digits = k;
      while (k < v.length() && k - digits < 3 && isDigit(v.charAt(k))) {
        k++;
      }
      if (k == digits || k >= v.length() || v.charAt(k) != 'u') {
        continue;
      }
      if (k + 1 < v.length() && isDigit(v.charAt(k + 1))) {
        out.add(Integer.parseInt(v.substring(digits, k)));
      }
    }
  }

  private static Integer leadingNumber(String v) {
    int colon = v.indexOf(':');
    int k = colon < 0 ? 0 : colon + 1;
    int start = k;
    while (k < v.length() && k - start < 3 && isDigit(v.charAt(k))) {
      k++;
    }
    return k == start ? null : Integer.valueOf(v.substring(start, k));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  @Override
  public ExtractResult extract(FileInput in, ExtractContext ctx) throws IOException {
    String path = in.info().path();
    byte[] b = in.readAll(Math.min(MAX_BYTES, ctx.limits().maxMetadataBytes()));
    String text = new String(b, StandardCharsets.UTF_8);
    OsInfo os =
        switch (path) {
          case "etc/os-release", "usr/lib/os-release" -> fromOsRelease(parseOsRelease(text), path);
          case "etc/debian_version" -> fromDebianVersion(firstLine(text), path);
          case "etc/alpine-release" -> fromAlpineRelease(firstLine(text), path);
          case "etc/SuSE-release" -> fromSuseRelease(text, path);
          default -> fromRedHatStyle(firstLine(text), path);
        };
    if (os == null) {
      return ExtractResult.diagnostic(
          path + ": no distro identity found in '" + DpkgExtractor.clip(firstLine(text)) + "'");
    }
    return ExtractResult.os(os);
  }

  // ---- os-release ---------------------------------------------------------------------------

  /**
   * Parses os-release per the freedesktop spec: {@code KEY=value} lines, {@code #} comments, values
   * optionally in double or single quotes, backslash escapes outside single quotes. Later
   * assignments win. Lines that are not assignments are ignored, as systemd does.
   */
  static Map<String, String> parseOsRelease(String text) {
    Map<String, String> vars = new HashMap<>();
    int start = 0;
    int n = text.length();
    while (start < n) {
      int eol = text.indexOf('\n', start);
      if (eol < 0) {
        eol = n;
      }
      String line = text.substring(start, eol).strip();
      start = eol + 1;
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || !isKey(line, eq)) {
        continue;
      }
      vars.put(line.substring(0, eq), unquote(line, eq + 1));
    }
    return vars;
  }

  private static boolean isKey(String s, int end) {
    for (int k = 0; k < end; k++) {
      char c = s.charAt(k);
      if (!(c == '_' || isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }

  /** A shell word from {@code s[from..]}: quotes removed, escapes resolved, ends at whitespace. */
  private static String unquote(String s, int from) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    for (int k = from; k < s.length() && out.length() < MAX_VALUE_CHARS; k++) {
      char c = s.charAt(k);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          out.append(c);
        }
      } else if (c == '\\' && k + 1 < s.length()) {
        out.append(s.charAt(++k));
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else {
          out.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (Character.isWhitespace(c)) {
        break;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static OsInfo fromOsRelease(Map<String, String> vars, String path) {
    String id = blankToNull(vars.get("ID"));
    if (id == null) {
      return null;
    }
    return new OsInfo(
        id.toLowerCase(Locale.ROOT),
        blankToNull(vars.get("VERSION_ID")),
        blankToNull(vars.get("PRETTY_NAME")),
        blankToNull(vars.get("VERSION_CODENAME")),
        path);
  }

  // ---- distro release files -----------------------------------------------------------------

  /** {@code 12.15} → 12; {@code bookworm/sid} → no version, codename bookworm. */
  static OsInfo fromDebianVersion(String line, String path) {
    if (line.isEmpty()) {
      return null;
    }
    Integer major = leadingNumber(line);
    if (major != null) {
      if (!line.chars().allMatch(c -> c == '.' || isDigit((char) c))) {
        return null;
      }
      return new OsInfo(
          "debian",
          major.toString(),
          "Debian GNU/Linux " + line,
          DEBIAN_CODENAMES.get(major),
          path);
    }
    int slash = line.indexOf('/');
    String codename = slash < 0 ? line : line.substring(0, slash);
    if (codename.isEmpty() || !codename.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
      return null;
    }
    return new OsInfo("debian", null, "Debian GNU/Linux " + line, codename, path);
  }

  static OsInfo fromAlpineRelease(String line, String path) {
    if (line.isEmpty() || !isDigit(line.charAt(0)) || hasWhitespace(line)) {
      return null;
    }
    return new OsInfo("alpine", line, "Alpine Linux v" + line, null, path);
  }

  /**
   * {@code <Name> release <version> (<codename>)}, as written by RHEL, CentOS, Rocky, AlmaLinux,
   * Fedora, Amazon Linux and Oracle Linux. The distro comes from the name, not the path.
   */
  static OsInfo fromRedHatStyle(String line, String path) {
    int rel = line.indexOf(" release ");
    if (rel <= 0) {
      return null;
    }
    String name = line.substring(0, rel).trim();
    String rest = line.substring(rel + " release ".length()).trim();
    int space = rest.indexOf(' ');
    String version = space < 0 ? rest : rest.substring(0, space);
    if (version.isEmpty() || !isDigit(version.charAt(0))) {
      return null;
    }
    String codename = null;
    int open = rest.indexOf('(');
    int close = rest.indexOf(')', open + 1);
    if (open >= 0 && close > open) {
      codename = blankToNull(rest.substring(open + 1, close).trim());
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String id;
    if (lower.startsWith("red hat enterprise linux")) {
      id = "rhel";
    } else if (lower.startsWith("centos")) {
      id = "centos";
      version = version.contains(".") ? version.substring(0, version.indexOf('.')) : version;
    } else if (lower.startsWith("rocky")) {
      id = "rocky";
    } else if (lower.startsWith("almalinux")) {
      id = "almalinux";
    } else if (lower.startsWith("fedora")) {
      id = "fedora";
    } else if (lower.startsWith("amazon linux")) {
      id = "amzn";
    } else if (lower.startsWith("oracle linux")) {
      id = "ol";
    } else {
      return null;
    }
    return new OsInfo(id, version, line, codename, path);
  }

  /**
   * Old SUSE ({@code SUSE Linux Enterprise Server 11 (x86_64)} then {@code VERSION = 11} and {@code
   * PATCHLEVEL = 4}) and openSUSE ({@code openSUSE 42.3 (x86_64)}, {@code VERSION = 42.3}).
   */
  static OsInfo fromSuseRelease(String text, String path) {
    String first = firstLine(text);
    Map<String, String> kv = new HashMap<>();
    for (String l : text.split("\n")) {
      int eq = l.indexOf('=');
      if (eq > 0) {
        kv.put(l.substring(0, eq).trim().toUpperCase(Locale.ROOT), l.substring(eq + 1).trim());
      }
    }
    String version = blankToNull(kv.get("VERSION"));
    if (version == null || !isDigit(version.charAt(0)) || hasWhitespace(version)) {
      return null;
    }
    String lower = first.toLowerCase(Locale.ROOT);
    String id;
    if (lower.startsWith("suse linux enterprise server")) {
      id = "sles";
    } else if (lower.startsWith("suse linux enterprise desktop")) {
      id = "sled";
    } else if (lower.startsWith("opensuse")) {
      Integer major = leadingNumber(version);
      id = major != null && major >= 42 ? "opensuse-leap" : "opensuse";
    } else {
      return null;
    }
    String patch = blankToNull(kv.get("PATCHLEVEL"));
    if (patch != null && !version.contains(".") && patch.chars().allMatch(c -> isDigit((char) c))) {
      version = version + "." + patch;
    }
    return new OsInfo(id, version, first, blankToNull(kv.get("CODENAME")), path);
  }

  private static String firstLine(String text) {
    for (String l : text.split("\n", 16)) {
      String t = l.strip();
      if (!t.isEmpty()) {
        return t.length() > MAX_VALUE_CHARS ? t.substring(0, MAX_VALUE_CHARS) : t;
      }
    }
    return "";
  }

  private static boolean hasWhitespace(String s) {
    return s.chars().anyMatch(Character::isWhitespace);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
