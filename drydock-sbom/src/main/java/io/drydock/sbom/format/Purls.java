package io.drydock.sbom.format;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Target;
import io.drydock.sbom.Component;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Subject;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Package URLs (purl) for packages and images (DESIGN.md §3), built and encoded by packageurl-java,
 * so the output is in canonical form (qualifiers sorted by key, values percent-encoded).
 *
 * <p>Conventions, per type (they follow the purl-spec type definitions and, where the spec leaves a
 * choice, Syft's, which Grype reads):
 *
 * <ul>
 *   <li>{@code deb}: namespace = the OS id ({@code debian}, {@code ubuntu}; {@code debian} when the
 *       OS is unknown); version as recorded, epoch included ({@code 1:2.4.47-2}, as in the spec's
 *       example); qualifiers {@code arch}, {@code distro=<id>-<versionId>}, and {@code
 *       upstream=<source>} when the source package's name differs from the binary's, or {@code
 *       upstream=<source>@<sourceVersion>} when the source version differs from the binary's (a
 *       binNMU, {@code Source: glibc (2.36-9)}) — Syft's form. Trivy writes no {@code upstream} (it
 *       uses properties), so Syft's is the convention that tools read.
 *   <li>{@code rpm}: namespace = the OS id with {@code rhel} → {@code redhat} and {@code
 *       opensuse-*} → {@code opensuse} (as Syft; the spec's example uses {@code fedora}); version =
 *       {@code version-release}; {@code epoch=} when the package has one (even 0); {@code arch};
 *       {@code distro}; {@code upstream=<source rpm file>} ({@code openssl-1.1.1k-7.el8_6.src.rpm},
 *       Syft's form) when the source name differs.
 *   <li>{@code apk}: namespace = the OS id ({@code alpine}, {@code wolfi}; {@code alpine} when
 *       unknown); {@code arch}; {@code distro}; {@code upstream=<origin>} when the origin differs.
 *   <li>{@code maven}: {@code group:artifact} → namespace {@code group}, name {@code artifact}. The
 *       spec requires the group and packageurl-java refuses a maven purl without one, so a name
 *       without {@code :} (a jar that told only its artifact id) has no purl.
 *   <li>{@code npm}: {@code @scope/name} → namespace {@code @scope} (encoded {@code %40scope}).
 *   <li>{@code pypi}: the name normalised as PEP 503 says (lower case, runs of {@code -_.} → {@code
 *       -}).
 *   <li>{@code golang}: the module path split at its last {@code /}. packageurl-java lower-cases
 *       golang namespaces and names, as the spec asks; the exact module path stays in the
 *       component's name.
 *   <li>{@code composer}: {@code vendor/package} → namespace {@code vendor}, name {@code package}.
 *   <li>{@code gem} and any other type: name and version as recorded, no namespace.
 * </ul>
 *
 * <p>{@code distro} is {@code <id>-<versionId>}, or {@code <id>-<codename>} when the OS has no
 * version ({@code debian-trixie}), or {@code <id>}. OS qualifiers are written only for {@code deb},
 * {@code rpm} and {@code apk}. Stateless and thread-safe.
 */
public final class Purls {
  private Purls() {}

  /** The component's purl; see {@link #of(Package, OsInfo)}. */
  public static PackageURL of(Component c, OsInfo os) {
    return of(c.pkg(), os);
  }

  /**
   * The package's purl in the image whose OS is {@code os} ({@code null} when unknown), or {@code
   * null} when no valid purl can be made (a type that is not a valid purl type, an empty name).
   */
  public static PackageURL of(Package p, OsInfo os) {
    String type = p.type().toLowerCase(Locale.ROOT);
    String namespace = null;
    String name = p.name();
    TreeMap<String, String> q = new TreeMap<>();
    switch (type) {
      case "deb" -> {
        namespace = osNamespace(os, "debian");
        osQualifiers(p, os, q);
        if (p.sourceName() != null) {
          boolean otherName = !p.sourceName().equals(p.name());
          boolean otherVersion =
              p.sourceVersion() != null && !p.sourceVersion().equals(p.version());
          if (otherVersion) {
            q.put("upstream", p.sourceName() + "@" + p.sourceVersion());
          } else if (otherName) {
            q.put("upstream", p.sourceName());
          }
        }
      }
      case "apk" -> {
        namespace = osNamespace(os, "alpine");
        osQualifiers(p, os, q);
        if (p.sourceName() != null && !p.sourceName().equals(p.name())) {
          q.put("upstream", p.sourceName());
        }
      }
      case "rpm" -> {
        namespace = os == null ? null : rpmNamespace(os.id());
        osQualifiers(p, os, q);
        if (p.epoch() != null) {
          q.put("epoch", Integer.toString(p.epoch()));
        }
        if (p.sourceName() != null && !p.sourceName().equals(p.name())) {
          q.put(
              "upstream",
              p.sourceVersion() == null
                  ? p.sourceName()
                  : p.sourceName() + "-" + p.sourceVersion() + ".src.rpm");
        }
      }
      case "maven" -> {
        int colon = name.indexOf(':');
        if (colon >= 0) {
          namespace = name.substring(0, colon);
          int next = name.indexOf(':', colon + 1);
          name = next < 0 ? name.substring(colon + 1) : name.substring(colon + 1, next);
        }
      }
      case "npm" -> {
        int slash = name.indexOf('/');
        if (name.startsWith("@") && slash > 0) {
          namespace = name.substring(0, slash);
          name = name.substring(slash + 1);
        }
      }
      case "pypi" -> name = pep503(name);
      case "golang", "composer" -> {
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
          namespace = name.substring(0, slash);
          name = name.substring(slash + 1);
        }
      }
      default -> {
        // gem and others: name and version as recorded
      }
    }
    try {
      return new PackageURL(
          type,
          emptyToNull(namespace),
          name,
          emptyToNull(p.version()),
          q.isEmpty() ? null : q,
          null);
    } catch (MalformedPackageURLException e) {
      return null;
    }
  }

  /** The canonical string of {@link #of(Package, OsInfo)}, or {@code null}. */
  public static String toString(Package p, OsInfo os) {
    PackageURL purl = of(p, os);
    return purl == null ? null : purl.canonicalize();
  }

  /**
   * The image's {@code pkg:oci} purl (purl-spec {@code oci} type, as Trivy and Syft write it), or
   * {@code null} when the subject has no digest.
   *
   * <p>For a registry reference: name = the last segment of the repository, version = the manifest
   * digest, qualifiers {@code repository_url=<registry>/<repository>}, {@code tag} (when the
   * reference has one) and {@code arch}. For local transports ({@code oci:}, {@code
   * docker-archive:}, {@code dir:} …) there is no repository: the name is the last segment of the
   * path without a {@code .tar} suffix, lower-cased, and {@code tag} is the layout's reference when
   * one was given.
   */
  public static PackageURL image(Subject s) {
    if (s.digest() == null) {
      return null;
    }
    String name;
    TreeMap<String, String> q = new TreeMap<>();
    try {
      Target t = Target.parse(s.reference());
      if (t instanceof Target.Registry r) {
        ImageRef ref = r.ref();
        String repo = ref.repository();
        name = repo.substring(repo.lastIndexOf('/') + 1);
        q.put("repository_url", ref.name());
        if (ref.tag() != null) {
          q.put("tag", ref.tag());
        }
      } else {
        String path;
        if (t instanceof Target.OciLayout l) {
          path = putTag(q, l.dir().toString(), l.ref());
        } else if (t instanceof Target.OciArchive a) {
          path = putTag(q, a.file().toString(), a.ref());
        } else if (t instanceof Target.DockerArchive d) {
          path = putTag(q, d.file().toString(), d.ref());
        } else if (t instanceof Target.Rootfs d) {
          path = d.dir().toString();
        } else if (t instanceof Target.Sbom f) {
          path = f.file().toString();
        } else {
          path = s.reference();
        }
        name = localName(path);
      }
    } catch (IllegalArgumentException e) {
      name = localName(s.reference());
    }
    if (s.architecture() != null && !s.architecture().isEmpty()) {
      q.put("arch", s.architecture());
    }
    try {
      return new PackageURL("oci", null, name, s.digest(), q.isEmpty() ? null : q, null);
    } catch (MalformedPackageURLException e) {
      return null;
    }
  }

  /** The rpm purl namespace for an os-release id ({@code rhel} → {@code redhat}). */
  static String rpmNamespace(String osId) {
    if (osId == null || osId.isEmpty()) {
      return null;
    }
    String id = osId.toLowerCase(Locale.ROOT);
    if (id.equals("rhel")) {
      return "redhat";
    }
    if (id.startsWith("opensuse")) {
      return "opensuse";
    }
    return id;
  }

  /** PEP 503: lower case, every run of {@code -}, {@code _}, {@code .} becomes one {@code -}. */
  static String pep503(String name) {
    return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
  }

  /** The {@code distro} qualifier value for {@code os}, or {@code null}. */
  static String distro(OsInfo os) {
    if (os == null || os.id() == null || os.id().isEmpty()) {
      return null;
    }
    String id = os.id().toLowerCase(Locale.ROOT);
    if (os.versionId() != null && !os.versionId().isEmpty()) {
      return id + "-" + os.versionId();
    }
    if (os.codename() != null && !os.codename().isEmpty()) {
      return id + "-" + os.codename();
    }
    return id;
  }

  private static String osNamespace(OsInfo os, String fallback) {
    if (os == null || os.id() == null || os.id().isEmpty()) {
      return fallback;
    }
    return os.id().toLowerCase(Locale.ROOT);
  }

  private static void osQualifiers(Package p, OsInfo os, TreeMap<String, String> q) {
    if (p.arch() != null && !p.arch().isEmpty()) {
      q.put("arch", p.arch());
    }
    String distro = distro(os);
    if (distro != null) {
      q.put("distro", distro);
    }
  }

  private static String putTag(TreeMap<String, String> q, String path, String ref) {
    if (ref != null && !ref.startsWith("@")) {
      q.put("tag", ref);
    }
    return path;
  }

  private static String localName(String path) {
    String s = path;
    while (s.endsWith("/") && s.length() > 1) {
      s = s.substring(0, s.length() - 1);
    }
    s = s.substring(s.lastIndexOf('/') + 1);
    if (s.endsWith(".tar")) {
      s = s.substring(0, s.length() - 4);
    }
    s = s.toLowerCase(Locale.ROOT);
    return s.isEmpty() ? "image" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
