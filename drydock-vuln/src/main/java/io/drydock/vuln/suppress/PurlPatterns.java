package io.drydock.vuln.suppress;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a package URL written in an ignore file or a VEX statement (the pattern) covers a package
 * found in a scan (the target). The rule is the one Trivy's ignore files and VEX ({@code
 * pkg/purl.PackageURL.Match}), OpenVEX's go-vex ({@code PurlMatches}) and hence Grype apply:
 *
 * <ul>
 *   <li>type, namespace and name are equal;
 *   <li>a pattern without version matches every version;
 *   <li>every qualifier of the pattern is present on the target with the same value; qualifiers
 *       that the pattern leaves out are ignored, so {@code pkg:deb/debian/openssl@3.0.11-1} covers
 *       {@code pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12};
 *   <li>a pattern with a subpath needs the same subpath.
 * </ul>
 *
 * <p>One refinement: a pattern qualifier equal to the purl type's documented default also matches a
 * target without that qualifier — purl-spec's maven definition gives {@code type} the default
 * {@code jar}, and CycloneDX examples write {@code ?type=jar} where Drydock's jar purls carry no
 * qualifier. Stateless and thread-safe.
 */
public final class PurlPatterns {
  private PurlPatterns() {}

  /** Qualifier defaults by purl type, from the purl-spec type definitions. */
  private static final Map<String, Map<String, String>> DEFAULTS =
      Map.of("maven", Map.of("type", "jar"));

  /** The parsed purl, or {@code null} when {@code text} is not a valid purl. */
  public static PackageURL parse(String text) {
    if (text == null || !text.startsWith("pkg:")) {
      return null;
    }
    try {
      return new PackageURL(text);
    } catch (MalformedPackageURLException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether {@code pattern} covers {@code target}; {@code false} when either is {@code null}
   * (nothing is suppressed on a package without a purl).
   */
  public static boolean matches(PackageURL pattern, PackageURL target) {
    if (pattern == null || target == null) {
      return false;
    }
    if (!pattern.getType().equals(target.getType())
        || !Objects.equals(emptyToNull(pattern.getNamespace()), emptyToNull(target.getNamespace()))
        || !pattern.getName().equals(target.getName())) {
      return false;
    }
    if (pattern.getVersion() != null
        && !pattern.getVersion().isEmpty()
        && !pattern.getVersion().equals(target.getVersion())) {
      return false;
    }
    if (pattern.getSubpath() != null
        && !pattern.getSubpath().isEmpty()
        && !pattern.getSubpath().equals(target.getSubpath())) {
      return false;
    }
    Map<String, String> want = pattern.getQualifiers();
    if (want == null || want.isEmpty()) {
      return true;
    }
    Map<String, String> have = target.getQualifiers() == null ? Map.of() : target.getQualifiers();
    Map<String, String> defaults = DEFAULTS.getOrDefault(pattern.getType(), Map.of());
    for (Map.Entry<String, String> q : want.entrySet()) {
      String actual = have.get(q.getKey());
      if (actual == null) {
        actual = defaults.get(q.getKey());
      }
      if (!q.getValue().equals(actual)) {
        return false;
      }
    }
    return true;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
