package io.drydock.sbom.golang;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractor;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInput;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Modules compiled into Go executables (ELF, 32- and 64-bit, either byte order), read from the
 * build info the Go linker embeds (Go 1.13 and later), as {@code go version -m} shows it.
 *
 * <p>Reports, all of purl type {@code golang} and located at the binary's path:
 *
 * <ul>
 *   <li>the main module: name = module path, version as recorded; {@code (devel)} (a build from a
 *       source tree) becomes no version and the property {@code go:version=(devel)}. It carries the
 *       build settings as {@code go:build:<key>} ({@code go:build:GOOS=linux}) and the main package
 *       as {@code go:path};
 *   <li>each dependency module; a replaced one ({@code replace} directive) under the replacement's
 *       path and version, the original in {@code go:original-path} / {@code go:original-version};
 *   <li>the toolchain as {@code stdlib} with version {@code v1.21.5} for {@code go1.21.5} (the
 *       Trivy and Syft convention, so Go vulnerability data for the standard library matches).
 * </ul>
 *
 * Every package carries {@code go:toolchain} (the recorded {@code go1.21.5}) and, when known,
 * {@code go:main-module}; modules with a checksum carry it as {@code go:sum}.
 *
 * <p>Cheap on the common non-Go path: {@link #required} wants executables only, {@link #extract}
 * reads 4 bytes from the stream to reject non-ELF files (scripts) before asking for random access,
 * then reads the ELF header and section headers, and returns empty when there is no {@code
 * .go.buildinfo} section. Malformed files yield a diagnostic naming the file. Stateless and
 * thread-safe.
 */
public final class GoBinaryExtractor implements Extractor {
  static final String TYPE = "golang";
  private static final long MIN_SIZE = 1024;

  private static final Set<String> NON_BINARY_SUFFIXES =
      Set.of(
          ".sh", ".bash", ".py", ".pl", ".rb", ".js", ".php", ".txt", ".md", ".json", ".yaml",
          ".yml", ".xml", ".html", ".conf", ".cfg", ".ini", ".c", ".h", ".go", ".jar", ".war",
          ".gz", ".zip", ".png", ".jpg", ".svg");
  private static final List<String> NON_BINARY_DIRS =
      List.of("usr/share/doc/", "usr/share/man/", "usr/share/locale/", "usr/include/", "etc/");

  @Override
  public String name() {
    return "lang/go";
  }

  @Override
  public int version() {
    return 1;
  }

  /** Regular executable files of at least 1 KiB outside documentation/header/config trees. */
  @Override
  public boolean required(FileInfo file) {
    if (!file.executable() || file.size() < MIN_SIZE) {
      return false;
    }
    String path = file.path();
    for (String dir : NON_BINARY_DIRS) {
      if (path.startsWith(dir)) {
        return false;
      }
    }
    String name = file.name();
    int dot = name.lastIndexOf('.');
    return dot < 0 || !NON_BINARY_SUFFIXES.contains(name.substring(dot).toLowerCase(Locale.ROOT));
  }

  @Override
  public ExtractResult extract(FileInput in, ExtractContext ctx) throws IOException {
    String location = in.info().path();
    byte[] head = new byte[4];
    int n;
    try (InputStream s = in.open()) {
      n = s.readNBytes(head, 0, head.length);
    }
    if (!ElfFile.hasMagic(head, n)) {
      return ExtractResult.empty();
    }
    if (in.info().size() > ctx.limits().maxSpoolBytes()) {
      return ExtractResult.diagnostic(
          location
              + ": ELF file of "
              + in.info().size()
              + " bytes is larger than the spool limit of "
              + ctx.limits().maxSpoolBytes()
              + " bytes; not checked for Go build info");
    }
    int maxString = (int) Math.min(ctx.limits().maxMetadataBytes(), Integer.MAX_VALUE - 8);
    GoBuildInfoReader.Raw raw;
    try (SeekableByteChannel ch = in.channel()) {
      raw = GoBuildInfoReader.read(ElfFile.read(ch), maxString);
    } catch (ElfFormatException e) {
      return ExtractResult.diagnostic(location + ": " + e.getMessage());
    }
    if (raw == null) {
      return ExtractResult.empty();
    }
    List<String> problems = new ArrayList<>();
    GoBuildInfo info = GoBuildInfo.parse(raw.goVersion(), raw.modInfo(), problems);
    List<String> diagnostics = new ArrayList<>();
    for (String p : problems) {
      diagnostics.add(location + ": Go module info " + p);
    }
    return ExtractResult.of(packages(info, location), diagnostics);
  }

  /** The packages {@code info} describes, main module first, then dependencies, then stdlib. */
  static List<Package> packages(GoBuildInfo info, String location) {
    Map<String, String> common = new LinkedHashMap<>();
    common.put("go:toolchain", info.goVersion());
    if (info.main() != null && !info.main().path().isEmpty()) {
      common.put("go:main-module", info.main().path());
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (GoBuildInfo.Setting s : info.settings()) {
      settings.put("go:build:" + s.key(), s.value());
    }

    List<Package> out = new ArrayList<>();
    if (info.main() != null && !info.main().path().isEmpty()) {
      Map<String, String> props = new LinkedHashMap<>(common);
      if (!info.path().isEmpty()) {
        props.put("go:path", info.path());
      }
      props.putAll(settings);
      out.add(module(info.main(), location, props));
    }
    for (GoModule dep : info.deps()) {
      // Old toolchains may list the main module among deps with an empty path (Trivy skips it too).
      if (dep.path().isEmpty()) {
        continue;
      }
      out.add(module(dep, location, new LinkedHashMap<>(common)));
    }
    Map<String, String> stdlib = new LinkedHashMap<>(common);
    if (out.isEmpty()) {
      stdlib.putAll(settings);
    }
    out.add(
        new Package(
            TYPE,
            "stdlib",
            stdlibVersion(info.goVersion()),
            null,
            null,
            null,
            null,
            location,
            null,
            stdlib));
    return out;
  }

  private static Package module(GoModule m, String location, Map<String, String> props) {
    GoModule effective = m;
    if (m.replace() != null) {
      effective = m.replace();
      props.put("go:original-path", m.path());
      if (!m.version().isEmpty()) {
        props.put("go:original-version", m.version());
      }
    }
    String version = effective.version();
    if (version.isEmpty() || version.equals("(devel)")) {
      if (!version.isEmpty()) {
        props.put("go:version", version);
      }
      version = null;
    }
    if (!effective.sum().isEmpty()) {
      props.put("go:sum", effective.sum());
    }
    return new Package(
        TYPE, effective.path(), version, null, null, null, null, location, null, props);
  }

  /**
   * {@code go1.21.5} → {@code v1.21.5}; {@code go1.22.3 X:boringcrypto} → {@code v1.22.3}; {@code
   * null} when the toolchain is not a release ({@code devel go1.23-abc…}).
   */
  static String stdlibVersion(String goVersion) {
    if (!goVersion.startsWith("go")) {
      return null;
    }
    String v = goVersion.substring(2);
    int space = v.indexOf(' ');
    if (space >= 0) {
      v = v.substring(0, space);
    }
    if (v.isEmpty() || !Character.isDigit(v.charAt(0))) {
      return null;
    }
    return "v" + v;
  }
}
