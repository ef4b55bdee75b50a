package io.drydock.vuln.match;

import io.drydock.sbom.OsInfo;
import io.drydock.vuln.KnownEcosystem;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that maps an image's OS (os-release {@code ID}, {@code VERSION_ID}, codename) to
 * the OSV ecosystems of its distribution's advisories:
 *
 * <table>
 *   <caption>OS to ecosystem</caption>
 *   <tr><th>os id</th><th>VERSION_ID</th><th>ecosystems</th></tr>
 *   <tr><td>debian</td><td>12, 12.5 (or codename bookworm)</td><td>{@code Debian:12}</td></tr>
 *   <tr><td>ubuntu</td><td>22.04</td><td>{@code Ubuntu:22.04}, {@code Ubuntu:22.04:LTS}</td></tr>
 *   <tr><td>alpine</td><td>3.19.1</td><td>{@code Alpine:v3.19}</td></tr>
 *   <tr><td>wolfi / chainguard</td><td>any</td><td>{@code Wolfi} / {@code Chainguard}</td></tr>
 *   <tr><td>rocky / almalinux</td><td>9.3</td><td>{@code Rocky Linux:9} / {@code AlmaLinux:9}</td>
 *   </tr>
 *   <tr><td>rhel</td><td>9.3</td><td>{@code Red Hat:} releases {@code enterprise_linux:9…}
 *   (any stream of the major) and {@code rhel_*:9.3…} (EUS/AUS of that minor)</td></tr>
 *   <tr><td>sles</td><td>15.5 / 15</td><td>{@code SUSE:} products ending in {@code 15 SP5} / {@code
 *   15}</td></tr>
 *   <tr><td>opensuse-leap / opensuse-tumbleweed</td><td>15.5</td><td>{@code openSUSE:Leap 15.5} /
 *   {@code openSUSE:Tumbleweed}</td></tr>
 * </table>
 *
 * <p>Ubuntu: OSV names LTS releases {@code Ubuntu:22.04:LTS} and others {@code Ubuntu:23.10}; both
 * spellings are accepted so neither convention is missed. {@code Ubuntu:Pro:…} (ESM, subscribers
 * only) is not: an image without Ubuntu Pro cannot install those fixes. Anything else (Amazon
 * Linux, Fedora, an unknown id, a missing {@code VERSION_ID} without a known codename, Alpine edge)
 * has no ecosystem: its OS packages are not matched, and the scanner says so. Stateless.
 */
public final class DistroEcosystems {
  private DistroEcosystems() {}

  private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)(?:\\.(\\d+))?.*");

  private static final Map<String, String> DEBIAN_CODENAMES =
      Map.of(
          "stretch", "9",
          "buster", "10",
          "bullseye", "11",
          "bookworm", "12",
          "trixie", "13");

  /** The ecosystems for {@code os}, or empty when Drydock knows none (see the class comment). */
  public static Optional<DistroRelease> of(OsInfo os) {
    if (os == null || os.id() == null) {
      return Optional.empty();
    }
    String id = os.id().toLowerCase(Locale.ROOT);
    String version = os.versionId() == null ? "" : os.versionId().strip();
    Matcher v = MAJOR_MINOR.matcher(version);
    boolean numeric = v.matches();
    String major = numeric ? v.group(1) : null;
    String minor = numeric ? v.group(2) : null;
    return switch (id) {
      case "debian" -> {
        String release =
            major != null
                ? major
                : os.codename() == null
                    ? null
                    : DEBIAN_CODENAMES.get(os.codename().toLowerCase(Locale.ROOT));
        yield release == null
            ? Optional.empty()
            : Optional.of(DistroRelease.of(KnownEcosystem.DEBIAN, "Debian:" + release));
      }
      case "ubuntu" ->
          minor == null
              ? Optional.empty()
              : Optional.of(
                  DistroRelease.of(
                      KnownEcosystem.UBUNTU,
                      "Ubuntu:" + major + "." + minor,
                      "Ubuntu:" + major + "." + minor + ":LTS"));
      case "alpine" ->
          minor == null
              ? Optional.empty()
              : Optional.of(
                  DistroRelease.of(KnownEcosystem.ALPINE, "Alpine:v" + major + "." + minor));
      case "wolfi" -> Optional.of(DistroRelease.of(KnownEcosystem.WOLFI, "Wolfi"));
      case "chainguard" -> Optional.of(DistroRelease.of(KnownEcosystem.CHAINGUARD, "Chainguard"));
      case "rocky" -> majorOnly(KnownEcosystem.ROCKY_LINUX, major);
      case "almalinux" -> majorOnly(KnownEcosystem.ALMALINUX, major);
      case "rhel" ->
          major == null
              ? Optional.empty()
              : Optional.of(
                  new DistroRelease(
                      KnownEcosystem.RED_HAT,
                      List.of(),
                      "enterprise_linux:"
                          + major
                          + "(?::.*)?"
                          + (minor == null
                              ? ""
                              : "|rhel_[a-z0-9_]+:" + major + "\\." + minor + "(?:[.:].*)?")));
      case "sles", "sled", "sles_sap" ->
          major == null
              ? Optional.empty()
              : Optional.of(
                  new DistroRelease(
                      KnownEcosystem.SUSE,
                      List.of(),
                      ".* "
                          + major
                          + (minor == null || minor.equals("0") ? "(?! SP)" : " SP" + minor)
                          + "(?: .*)?"));
      case "opensuse-leap" ->
          minor == null
              ? Optional.empty()
              : Optional.of(
                  DistroRelease.of(
                      KnownEcosystem.OPENSUSE, "openSUSE:Leap " + major + "." + minor));
      case "opensuse-tumbleweed" ->
          Optional.of(DistroRelease.of(KnownEcosystem.OPENSUSE, "openSUSE:Tumbleweed"));
      default -> Optional.empty();
    };
  }

  private static Optional<DistroRelease> majorOnly(KnownEcosystem family, String major) {
    return major == null
        ? Optional.empty()
        : Optional.of(DistroRelease.of(family, family.osvName() + ":" + major));
  }
}
