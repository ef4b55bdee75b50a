package io.drydock.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NuGet package versions as NuGet.Versioning's {@code NuGetVersion} and {@code VersionComparer}
 * order them: one to four numeric parts ({@code major.minor.patch.revision}, missing parts are 0,
 * so {@code 1.0 == 1.0.0.0}), an optional {@code -} prerelease of dot-separated labels and an
 * optional {@code +} build metadata that takes no part in the order. A prerelease sorts before its
 * release; labels compare by SemVer 2.0's rule with letters case-insensitive ({@code 1.0.0-BETA ==
 * 1.0.0-beta}, numeric labels numerically and before alphanumeric ones, fewer labels first).
 * Leading zeros are accepted ({@code 1.0.01 == 1.0.1}), as NuGet's non-strict parser accepts them.
 *
 * <p>Hand-written: no Java library implements NuGet's order. It follows NuGet.Versioning ({@code
 * NuGetVersion.TryParse}, {@code VersionComparer.Compare}, {@code CompareReleaseLabels}) and OSV's
 * NuGet fixtures, with one documented widening: NuGet stores parts as 32-bit integers, Drydock
 * compares numbers of any size (as OSV does) instead of refusing larger ones. A leading {@code v},
 * whitespace and empty parts or labels are refused, as NuGet refuses them.
 */
public final class NuGetVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;
  private static final NuGetVersionScheme INSTANCE = new NuGetVersionScheme();

  private static final Pattern SHAPE =
      Pattern.compile("([0-9]+(?:\\.[0-9]+){0,3})(?:-([^+]*))?(?:\\+(.*))?", Pattern.DOTALL);

  @Override
  public String name() {
    return "nuget";
  }

  @Override
  public NuGetVersion parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    Matcher m = SHAPE.matcher(raw);
    if (!m.matches()) {
      throw new InvalidVersionException(
          this, raw, "not 1 to 4 numbers separated by \".\" with optional -prerelease and +build");
    }
    List<BigInteger> parts = new ArrayList<>(NumericParts.split(m.group(1), "."));
    while (parts.size() < 4) {
      parts.add(BigInteger.ZERO);
    }
    List<Object> labels = SemverIdentifiers.parse(m.group(2), true);
    if (labels == null || (m.group(2) != null && labels.isEmpty())) {
      throw new InvalidVersionException(this, raw, "bad prerelease label");
    }
    if (m.group(3) != null && SemverIdentifiers.parse(m.group(3), false) == null) {
      throw new InvalidVersionException(this, raw, "bad build metadata");
    }
    return new NuGetVersion(raw, parts, labels);
  }

  /**
   * A NuGet version: exactly four numbers and the prerelease labels (numbers as {@link BigInteger},
   * other labels upper-cased). Build metadata is dropped: equal versions have equal fields.
   */
  public record NuGetVersion(String raw, List<BigInteger> parts, List<Object> releaseLabels)
      implements Version {
    public NuGetVersion {
      parts = List.copyOf(parts);
      releaseLabels = List.copyOf(releaseLabels);
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    /** {@code true} when the version has prerelease labels. */
    public boolean prerelease() {
      return !releaseLabels.isEmpty();
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof NuGetVersion other)) {
        throw new IllegalArgumentException(
            "cannot compare nuget version with " + o.scheme().name());
      }
      int c = NumericParts.compare(parts, other.parts);
      if (c != 0) {
        return c;
      }
      return SemverIdentifiers.comparePrerelease(releaseLabels, other.releaseLabels);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof NuGetVersion other
          && parts.equals(other.parts)
          && releaseLabels.equals(other.releaseLabels);
    }

    @Override
    public int hashCode() {
      return parts.hashCode() * 31 + releaseLabels.hashCode();
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
