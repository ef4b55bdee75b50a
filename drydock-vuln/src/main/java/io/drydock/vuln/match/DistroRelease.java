package io.drydock.vuln.match;

import io.drydock.vuln.Ecosystem;
import io.drydock.vuln.KnownEcosystem;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The OSV ecosystems whose advisories apply to the OS packages of one installed distribution
 * release, as {@link DistroEcosystems#of} derives them from os-release. Immutable.
 *
 * @param family the distribution's ecosystem ({@code Debian}, {@code Alpine}, {@code Red Hat})
 * @param ecosystems exact ecosystem strings that apply ({@code Debian:12}; {@code Ubuntu:22.04} and
 *     {@code Ubuntu:22.04:LTS}); may be empty when only {@code releaseRegex} decides
 * @param releaseRegex a regular expression the whole {@link Ecosystem#release()} of an advisory's
 *     ecosystem must match, for families whose releases cannot be listed (Red Hat's CPE releases,
 *     SUSE product names), or {@code null}
 */
public record DistroRelease(KnownEcosystem family, List<String> ecosystems, String releaseRegex) {
  public DistroRelease {
    Objects.requireNonNull(family, "family");
    ecosystems = List.copyOf(ecosystems);
    if (releaseRegex != null) {
      Pattern.compile(releaseRegex); // fail early on a bad pattern
    }
  }

  /** Exactly these ecosystems of {@code family}. */
  public static DistroRelease of(KnownEcosystem family, String... ecosystems) {
    return new DistroRelease(family, List.of(ecosystems), null);
  }

  /**
   * Whether an advisory entry scoped to {@code advisory} applies here: same family, and either the
   * entry names no release (it applies to every release, as OSV says; Wolfi and Chainguard have
   * none), or its ecosystem is one of {@link #ecosystems}, or its release matches {@link
   * #releaseRegex}.
   */
  public boolean accepts(Ecosystem advisory) {
    if (advisory.known().orElse(null) != family) {
      return false;
    }
    if (advisory.release().isEmpty() && advisory.qualifiers().isEmpty()) {
      return true;
    }
    return ecosystems.contains(advisory.id())
        || (releaseRegex != null && advisory.release().matches(releaseRegex));
  }

  /** The ecosystem to name in messages: the first listed, else the family with the pattern. */
  public String describe() {
    return ecosystems.isEmpty()
        ? family.osvName() + ":" + (releaseRegex == null ? "*" : "/" + releaseRegex + "/")
        : ecosystems.get(0);
  }
}
