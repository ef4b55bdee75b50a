package io.drydock.sbom.format;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import io.drydock.sbom.Component;
import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns what an SBOM says about one package ({@link Raw}) into a {@link Component}: the purl gives
 * type, name, version, arch, epoch and (through {@code upstream=}) the source package; the
 * properties of Drydock ({@code drydock:}), Trivy ({@code aquasecurity:trivy:}), Syft ({@code
 * syft:}) and cdxgen ({@code SrcFile}) give location, layer, source and OS ownership. Counts the
 * entries it had to skip and reports them as one {@link Diagnostic}. Not thread-safe: one per read.
 */
final class ComponentResolver {
  static final String DRYDOCK = "drydock:";
  static final String TRIVY = "aquasecurity:trivy:";

  /** The {@code drydock:} component properties that are fields, not {@link Package#properties}. */
  private static final Set<String> DRYDOCK_FIELDS =
      Set.of(
          "extractor",
          "location",
          "layer:index",
          "layer:diffId",
          "origin",
          "os-owned",
          "source:name",
          "source:version");

  /**
   * One package as a document states it, before interpretation.
   *
   * @param docType the CycloneDX component type ({@code library}), or {@code null}
   * @param ref the CycloneDX {@code bom-ref} or SPDX {@code SPDXID}, or {@code null}
   * @param group the CycloneDX group, or {@code null}
   * @param name the stated name, or {@code null}
   * @param version the stated version, or {@code null}
   * @param purl the package URL as written, or {@code null}
   * @param props properties by name, the first value of each (SPDX annotations already mapped to
   *     the CycloneDX property names)
   * @param sourceInfo SPDX {@code sourceInfo}, or {@code null}
   * @param evidenceLocation the first CycloneDX {@code evidence.occurrences[].location} or {@code
   *     evidence.identity[].methods[].value} of a manifest analysis, or {@code null}
   */
  record Raw(
      String docType,
      String ref,
      String group,
      String name,
      String version,
      String purl,
      Map<String, String> props,
      String sourceInfo,
      String evidenceLocation) {}

  private final List<LayerInfo> layers;
  private final Map<String, Integer> layerByDiffId = new HashMap<>();
  private int skipped;
  private final List<String> skippedExamples = new ArrayList<>();

  ComponentResolver(List<LayerInfo> layers) {
    this.layers = layers;
    for (LayerInfo l : layers) {
      layerByDiffId.putIfAbsent(l.diffId(), l.index());
    }
  }

  /** The component, or {@code null} when the entry names no package type (counted as skipped). */
  Component resolve(Raw raw) {
    Map<String, String> p = raw.props();
    PackageURL purl = parsePurl(raw.purl());
    String type = purl != null ? purl.getType().toLowerCase(Locale.ROOT) : typeWithoutPurl(raw);
    if (type == null || (purl == null && (raw.name() == null || raw.name().isEmpty()))) {
      skip(raw);
      return null;
    }
    Map<String, String> q =
        purl == null || purl.getQualifiers() == null ? Map.of() : purl.getQualifiers();
    String docName = joined(raw.group(), raw.name(), type);
    String name = docName;
    String version = raw.version();
    String arch = null;
    Integer epoch = null;
    if (purl != null) {
      String purlName = purlName(purl, type);
      name = sameName(docName, purlName, type) ? docName : purlName;
      if (purl.getVersion() != null) {
        version = purl.getVersion();
      }
    }
    boolean os = type.equals("deb") || type.equals("apk") || type.equals("rpm");
    if (os) {
      arch = emptyToNull(q.get("arch"));
      if (arch == null) {
        arch = emptyToNull(p.get(TRIVY + "PackageArchitecture"));
      }
    }
    if (type.equals("deb") && q.get("epoch") != null && version != null && !version.contains(":")) {
      version = q.get("epoch") + ":" + version;
    }
    if (type.equals("rpm")) {
      epoch = parseInt(q.get("epoch"));
      if (epoch == null) {
        epoch = parseInt(p.get(TRIVY + "Epoch"));
      }
      if (version != null && version.matches("\\d+:.*")) {
        int colon = version.indexOf(':');
        if (epoch == null) {
          epoch = parseInt(version.substring(0, colon));
        }
        version = version.substring(colon + 1);
      }
    }
    String[] source = source(type, version, q, p, raw.sourceInfo());
    String location = location(raw);
    String extractor = p.getOrDefault(DRYDOCK + "extractor", extractorFor(type));
    TreeMap<String, String> properties = new TreeMap<>();
    for (Map.Entry<String, String> e : p.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(DRYDOCK) && !DRYDOCK_FIELDS.contains(k.substring(DRYDOCK.length()))) {
        properties.put(k.substring(DRYDOCK.length()), e.getValue());
      }
    }
    Package pkg =
        new Package(
            type,
            name,
            version,
            arch,
            source[0],
            source[1],
            epoch,
            location,
            List.of(),
            properties);
    return new Component(pkg, extractor, layer(p), "true".equals(p.get(DRYDOCK + "os-owned")));
  }

  /** The one diagnostic for everything skipped, or {@code null} when nothing was. */
  Diagnostic diagnostic() {
    if (skipped == 0) {
      return null;
    }
    return new Diagnostic(
        null,
        null,
        "sbom",
        skipped
            + (skipped == 1 ? " entry" : " entries")
            + " without a package URL or a known package type skipped ("
            + String.join(", ", skippedExamples)
            + (skipped > skippedExamples.size() ? ", …" : "")
            + ")");
  }

  private void skip(Raw raw) {
    skipped++;
    if (skippedExamples.size() < 3) {
      String n = raw.name() == null ? "(no name)" : raw.name();
      skippedExamples.add(raw.version() == null ? n : n + "@" + raw.version());
    }
  }

  private int layer(Map<String, String> p) {
    Integer index = parseInt(p.get(DRYDOCK + "layer:index"));
    if (index != null && index >= 0 && index < layers.size()) {
      return index;
    }
    for (String key :
        List.of(DRYDOCK + "layer:diffId", TRIVY + "LayerDiffID", "syft:location:0:layerID")) {
      String diffId = p.get(key);
      if (diffId != null && layerByDiffId.containsKey(diffId)) {
        return layerByDiffId.get(diffId);
      }
    }
    return -1;
  }

  private static String location(Raw raw) {
    Map<String, String> p = raw.props();
    String loc = p.get(DRYDOCK + "location");
    if (loc == null) {
      loc = p.get(TRIVY + "FilePath");
    }
    if (loc == null) {
      loc = p.get("syft:location:0:path");
    }
    if (loc == null) {
      loc = p.get("SrcFile");
    }
    if (loc == null) {
      loc = raw.evidenceLocation();
    }
    if (loc == null && raw.sourceInfo() != null) {
      // Syft's SPDX: "acquired package info from DPKG DB: /var/lib/dpkg/status"
      int at = raw.sourceInfo().indexOf(": /");
      if (raw.sourceInfo().startsWith("acquired package info from") && at > 0) {
        loc = raw.sourceInfo().substring(at + 2).split(",")[0].trim();
      }
    }
    if (loc == null) {
      return "";
    }
    while (loc.startsWith("/")) {
      loc = loc.substring(1);
    }
    return loc;
  }

  /** {@code [sourceName, sourceVersion]}, either may be {@code null}. */
  private static String[] source(
      String type, String version, Map<String, String> q, Map<String, String> p, String info) {
    String name = p.get(DRYDOCK + "source:name");
    String ver = p.get(DRYDOCK + "source:version");
    if (name != null || ver != null) {
      return new String[] {name, ver};
    }
    String trivyName = p.get(TRIVY + "SrcName");
    if (trivyName != null) {
      String v = p.get(TRIVY + "SrcVersion");
      String rel = p.get(TRIVY + "SrcRelease");
      String ep = p.get(TRIVY + "SrcEpoch");
      if (v != null) {
        if (rel != null && !rel.isEmpty()) {
          v = v + "-" + rel;
        }
        if (type.equals("deb") && ep != null && !ep.isEmpty() && !ep.equals("0")) {
          v = ep + ":" + v;
        }
      }
      return new String[] {trivyName, v};
    }
    if (info != null && info.startsWith("built package from: ")) {
      String[] parts = info.substring("built package from: ".length()).trim().split(" ", 2);
      return new String[] {parts[0], parts.length > 1 ? parts[1].trim() : null};
    }
    String upstream = emptyToNull(q.get("upstream"));
    if (upstream != null) {
      switch (type) {
        case "deb" -> {
          int at = upstream.indexOf('@');
          return at > 0
              ? new String[] {upstream.substring(0, at), upstream.substring(at + 1)}
              : new String[] {upstream, version};
        }
        case "apk" -> {
          return new String[] {upstream, version};
        }
        case "rpm" -> {
          return srcRpm(upstream);
        }
        default -> {
          return new String[] {upstream, null};
        }
      }
    }
    String syftSource = p.get("syft:metadata:source");
    if (syftSource != null) {
      String v = p.get("syft:metadata:sourceVersion");
      return new String[] {syftSource, v != null ? v : version};
    }
    return new String[] {null, null};
  }

  /** {@code openssl-3.0.7-24.el9.src.rpm} → {@code [openssl, 3.0.7-24.el9]}. */
  static String[] srcRpm(String upstream) {
    if (!upstream.endsWith(".src.rpm")) {
      return new String[] {upstream, null};
    }
    String s = upstream.substring(0, upstream.length() - ".src.rpm".length());
    int rel = s.lastIndexOf('-');
    int ver = rel > 0 ? s.lastIndexOf('-', rel - 1) : -1;
    if (ver <= 0) {
      return new String[] {s, null};
    }
    return new String[] {s.substring(0, ver), s.substring(ver + 1)};
  }

  /** The ecosystem's full name from a purl: {@code group:artifact}, {@code @scope/name}, … */
  private static String purlName(PackageURL purl, String type) {
    String ns = emptyToNull(purl.getNamespace());
    String n = purl.getName();
    return switch (type) {
      case "maven" -> ns == null ? n : ns + ":" + n;
      case "npm" -> ns == null ? n : (ns.startsWith("@") ? ns : "@" + ns) + "/" + n;
      case "golang", "composer" -> ns == null ? n : ns + "/" + n;
      default -> n;
    };
  }

  /**
   * Whether the document's own spelling of the name is the purl's: purls lower-case Go paths and
   * normalise PyPI names, so the document's name keeps the exact spelling when it matches.
   */
  private static boolean sameName(String docName, String purlName, String type) {
    if (docName == null || docName.isEmpty()) {
      return false;
    }
    if (type.equals("pypi")) {
      return Purls.pep503(docName).equals(Purls.pep503(purlName));
    }
    return docName.equalsIgnoreCase(purlName);
  }

  private static String joined(String group, String name, String type) {
    if (name == null) {
      return null;
    }
    if (group == null || group.isEmpty()) {
      return name;
    }
    return group + (type.equals("maven") ? ":" : "/") + name;
  }

  private static String typeWithoutPurl(Raw raw) {
    String ref = raw.ref();
    if (ref != null && ref.startsWith("drydock:component:") && ref.indexOf('/') > 0) {
      return ref.substring("drydock:component:".length(), ref.indexOf('/'));
    }
    String extractor = raw.props().get(DRYDOCK + "extractor");
    if (extractor != null) {
      String t = typeForExtractor(extractor);
      if (t != null) {
        return t;
      }
    }
    String syft = raw.props().get("syft:package:type");
    if (syft != null) {
      return switch (syft) {
        case "deb", "apk", "rpm", "npm", "gem", "hackage" -> syft;
        case "java-archive", "jenkins-plugin" -> "maven";
        case "python" -> "pypi";
        case "go-module" -> "golang";
        case "rust-crate" -> "cargo";
        case "dotnet" -> "nuget";
        case "php-composer" -> "composer";
        case "dart-pub" -> "pub";
        case "R-package" -> "cran";
        default -> null;
      };
    }
    return null;
  }

  /** The Drydock extractor that would have found a package of purl type {@code type}. */
  static String extractorFor(String type) {
    return switch (type) {
      case "deb" -> "os/dpkg";
      case "apk" -> "os/apk";
      case "rpm" -> "os/rpm";
      case "maven" -> "lang/java";
      case "npm" -> "lang/npm";
      case "pypi" -> "lang/python";
      case "golang" -> "lang/go";
      case "gem" -> "lang/gem";
      default -> "sbom/" + type;
    };
  }

  /** The inverse of {@link #extractorFor}, also for {@code lang/ruby}; {@code null} if unknown. */
  static String typeForExtractor(String extractor) {
    return switch (extractor) {
      case "os/dpkg" -> "deb";
      case "os/apk" -> "apk";
      case "os/rpm" -> "rpm";
      case "lang/java" -> "maven";
      case "lang/npm" -> "npm";
      case "lang/python" -> "pypi";
      case "lang/go" -> "golang";
      case "lang/gem", "lang/ruby" -> "gem";
      default -> extractor.startsWith("sbom/") ? extractor.substring(5) : null;
    };
  }

  /**
   * The OS named by a CycloneDX {@code operating-system} component or an SPDX OS package. Debian's
   * point release ({@code 12.5}, which Trivy reads from {@code /etc/debian_version}) becomes the
   * major version, as os-release's {@code VERSION_ID} has it. Source is {@code "sbom"}.
   */
  static OsInfo os(String name, String version, String prettyName, String codename) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String id = name.trim().toLowerCase(Locale.ROOT);
    String v = emptyToNull(version);
    if (v != null && id.equals("debian") && v.matches("\\d+\\.\\d+.*")) {
      v = v.substring(0, v.indexOf('.'));
    }
    return new OsInfo(id, v, emptyToNull(prettyName), emptyToNull(codename), "sbom");
  }

  /**
   * The OS that the {@code distro=} qualifier of an OS package's purl names ({@code debian-12},
   * Trivy's {@code 3.15.11} with the namespace as id), or {@code null}.
   */
  static OsInfo osFromPurl(String purlString) {
    PackageURL purl = parsePurl(purlString);
    if (purl == null || purl.getQualifiers() == null) {
      return null;
    }
    String type = purl.getType();
    if (!type.equals("deb") && !type.equals("apk") && !type.equals("rpm")) {
      return null;
    }
    String distro = purl.getQualifiers().get("distro");
    String ns = purl.getNamespace();
    if (distro == null || distro.isEmpty()) {
      return null;
    }
    int dash = distro.indexOf('-');
    if (dash > 0 && !Character.isDigit(distro.charAt(0))) {
      return os(distro.substring(0, dash), distro.substring(dash + 1), null, null);
    }
    return ns == null ? null : os(ns.equals("redhat") ? "rhel" : ns, distro, null, null);
  }

  static PackageURL parsePurl(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return new PackageURL(s);
    } catch (MalformedPackageURLException | RuntimeException e) {
      return null;
    }
  }

  static Integer parseInt(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
