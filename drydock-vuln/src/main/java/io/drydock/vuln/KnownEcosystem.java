package io.drydock.vuln;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The OSV ecosystems Drydock knows by name (OSV schema 1.6's list, spelt exactly as OSV spells it:
 * {@code PyPI}, not {@code pypi}), with the {@link io.drydock.version.VersionScheme} that orders
 * their versions and the way their package names are compared.
 *
 * <p>Ecosystems with no scheme ({@link #schemeName()} empty) are still recognised, so their records
 * parse and are kept, but their {@code ECOSYSTEM} ranges cannot be evaluated yet: Hex, GHC,
 * Bioconductor, ConanCenter, Julia, opam, SwiftURL, GitHub Actions, VSCode, Kubernetes, Bitnami,
 * Android, Linux, OSS-Fuzz, FreeBSD and the distributions listed as such below. (Their {@code
 * SEMVER} ranges can.)
 */
public enum KnownEcosystem {
  // Distributions: the package name is the source package (Debian, Ubuntu, Alpine origin) or the
  // source rpm; compared as written.
  DEBIAN("Debian", "deb", true),
  UBUNTU("Ubuntu", "deb", true),
  ALPINE("Alpine", "apk", true),
  WOLFI("Wolfi", "apk", true),
  CHAINGUARD("Chainguard", "apk", true),
  RED_HAT("Red Hat", "rpm", true),
  ROCKY_LINUX("Rocky Linux", "rpm", true),
  ALMALINUX("AlmaLinux", "rpm", true),
  SUSE("SUSE", "rpm", true),
  OPENSUSE("openSUSE", "rpm", true),
  // Known distributions whose order Drydock does not claim yet.
  ALPAQUITA("Alpaquita", null, true),
  BELLSOFT_HARDENED_CONTAINERS("BellSoft Hardened Containers", null, true),
  ECHO("Echo", null, true),
  MAGEIA("Mageia", null, true),
  MINIMOS("MinimOS", null, true),
  OPENEULER("openEuler", null, true),
  PHOTON_OS("Photon OS", null, true),
  // Languages and others.
  MAVEN("Maven", "maven", false),
  NPM("npm", "npm", false),
  PYPI("PyPI", "pypi", false),
  GO("Go", "go", false),
  RUBYGEMS("RubyGems", "gem", false),
  CRATES_IO("crates.io", "cargo", false),
  NUGET("NuGet", "nuget", false),
  PACKAGIST("Packagist", "composer", false),
  PUB("Pub", "pub", false),
  HEX("Hex", null, false),
  HACKAGE("Hackage", "hackage", false),
  GHC("GHC", null, false),
  CRAN("CRAN", "cran", false),
  BIOCONDUCTOR("Bioconductor", null, false),
  CONAN_CENTER("ConanCenter", null, false),
  JULIA("Julia", null, false),
  OPAM("opam", null, false),
  SWIFT_URL("SwiftURL", null, false),
  GITHUB_ACTIONS("GitHub Actions", null, false),
  VSCODE("VSCode", null, false),
  KUBERNETES("Kubernetes", null, false),
  BITNAMI("Bitnami", null, false),
  ANDROID("Android", null, false),
  LINUX("Linux", null, false),
  OSS_FUZZ("OSS-Fuzz", null, false),
  FREEBSD("FreeBSD", null, true);

  private static final Pattern PYPI_SEPARATORS = Pattern.compile("[-_.]+");

  private final String osvName;
  private final String schemeName;
  private final boolean distro;

  KnownEcosystem(String osvName, String schemeName, boolean distro) {
    this.osvName = osvName;
    this.schemeName = schemeName;
    this.distro = distro;
  }

  /** The name exactly as OSV writes it, before any {@code :release} suffix. */
  public String osvName() {
    return osvName;
  }

  /**
   * The name of the {@link io.drydock.version.VersionScheme} ordering this ecosystem's versions
   * ({@code deb rpm apk maven npm pypi go gem cargo nuget composer pub hackage cran}), or empty
   * when Drydock has none yet.
   */
  public Optional<String> schemeName() {
    return Optional.ofNullable(schemeName);
  }

  /** An operating-system distribution (matched only against OS packages of that distribution). */
  public boolean isDistro() {
    return distro;
  }

  /** The ecosystem OSV calls {@code osvName} (case-sensitive, no release suffix), if known. */
  public static Optional<KnownEcosystem> byOsvName(String osvName) {
    for (KnownEcosystem e : values()) {
      if (e.osvName.equals(osvName)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code name} in the form under which two names of this ecosystem denote the same package: PyPI
   * per PEP 503 (lower case, runs of {@code -_.} become one {@code -}); NuGet and Packagist lower
   * case (both registries are case-insensitive); everything else as written — Maven {@code
   * group:artifact} and RubyGems are case-sensitive, npm names are compared as published (new ones
   * are lower case, legacy mixed-case names such as {@code JSONStream} are distinct packages), Go
   * module paths and distribution source package names are exact.
   */
  public String normalizeName(String name) {
    return switch (this) {
      case PYPI -> PYPI_SEPARATORS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-");
      case NUGET, PACKAGIST -> name.toLowerCase(Locale.ROOT);
      default -> name;
    };
  }
}
