package io.drydock.version;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dart (Pub) package versions as pub_semver's {@code Version} orders them: {@code
 * major.minor.patch}, an optional {@code -} prerelease and an optional {@code +} build. Unlike
 * SemVer 2.0, the build takes part in the order, as pub_semver's {@code compareTo} does: after the
 * numbers and the prerelease (a prerelease sorts before its release), a version without build sorts
 * before one with it, and builds compare identifier by identifier like prereleases ({@code 1.2.3 <
 * 1.2.3+1 < 1.2.3+a < 1.2.3+a1}). Identifiers are case-sensitive; all-digit ones compare
 * numerically, so {@code 1.2.3-01 == 1.2.3-1} as in pub_semver.
 *
 * <p>Hand-written: no Java library implements pub_semver. It follows pub_semver's {@code
 * Version.parse} and {@code compareTo}, with two widenings OSV's Pub comparator also makes: a
 * leading {@code v} is accepted (older pub_semver releases accepted it), and numbers may have any
 * size (pub_semver stops at 64 bits). A bare number or more than three numeric parts is refused.
 */
public final class PubVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;
  private static final PubVersionScheme INSTANCE = new PubVersionScheme();

  private static final Pattern SHAPE =
      Pattern.compile("v?([0-9]+)\\.([0-9]+)\\.([0-9]+)(?:-([^+]*))?(?:\\+(.*))?", Pattern.DOTALL);

  @Override
  public String name() {
    return "pub";
  }

  @Override
  public PubVersion parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    Matcher m = SHAPE.matcher(raw);
    if (!m.matches()) {
      throw new InvalidVersionException(
          this, raw, "not major.minor.patch with optional -prerelease and +build");
    }
    List<Object> pre = SemverIdentifiers.parse(m.group(4), false);
    List<Object> build = SemverIdentifiers.parse(m.group(5), false);
    if (pre == null || (m.group(4) != null && pre.isEmpty())) {
      throw new InvalidVersionException(this, raw, "bad prerelease");
    }
    if (build == null || (m.group(5) != null && build.isEmpty())) {
      throw new InvalidVersionException(this, raw, "bad build");
    }
    List<BigInteger> numbers =
        List.of(new BigInteger(m.group(1)), new BigInteger(m.group(2)), new BigInteger(m.group(3)));
    return new PubVersion(raw, numbers, pre, build);
  }

  /**
   * A Pub version: three numbers, prerelease and build identifiers ({@link BigInteger} for
   * all-digit identifiers, else {@link String}). Equal versions have equal fields.
   */
  public record PubVersion(
      String raw, List<BigInteger> numbers, List<Object> prerelease, List<Object> build)
      implements Version {
    public PubVersion {
      numbers = List.copyOf(numbers);
      prerelease = List.copyOf(prerelease);
      build = List.copyOf(build);
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof PubVersion other)) {
        throw new IllegalArgumentException("cannot compare pub version with " + o.scheme().name());
      }
      int c = NumericParts.compare(numbers, other.numbers);
      if (c != 0) {
        return c;
      }
      c = SemverIdentifiers.comparePrerelease(prerelease, other.prerelease);
      if (c != 0) {
        return c;
      }
      if (build.isEmpty() || other.build.isEmpty()) {
        return Boolean.compare(!build.isEmpty(), !other.build.isEmpty());
      }
      return SemverIdentifiers.compare(build, other.build);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PubVersion other
          && numbers.equals(other.numbers)
          && prerelease.equals(other.prerelease)
          && build.equals(other.build);
    }

    @Override
    public int hashCode() {
      return (numbers.hashCode() * 31 + prerelease.hashCode()) * 31 + build.hashCode();
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
