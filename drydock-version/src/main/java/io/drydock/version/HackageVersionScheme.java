package io.drydock.version;

import java.math.BigInteger;
import java.util.List;

/**
 * Haskell (Hackage) package versions as the Package Versioning Policy and Cabal's {@code Version}
 * define them: one or more non-negative integers separated by {@code .}, compared part by part
 * numerically, a version that is a prefix of another coming first ({@code 1.0 < 1.0.0 < 1.0.0.1}).
 * Leading zeros are read as Cabal reads them ({@code 01 == 1}); the long-deprecated version tags
 * ({@code 1.0-foo}) are refused, as Cabal 2 and later refuse them.
 *
 * <p>Hand-written: no Java library implements this order; it is small and follows Cabal's {@code
 * Distribution.Types.Version} (list comparison of the numbers).
 */
public final class HackageVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;
  private static final HackageVersionScheme INSTANCE = new HackageVersionScheme();

  @Override
  public String name() {
    return "hackage";
  }

  @Override
  public HackageVersion parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    List<BigInteger> parts = NumericParts.split(raw, ".");
    if (parts == null) {
      throw new InvalidVersionException(
          this, raw, "not a list of numbers separated by \".\" (PVP)");
    }
    return new HackageVersion(raw, parts);
  }

  /** A Hackage version: its numbers, in order. Equal versions have equal numbers. */
  public record HackageVersion(String raw, List<BigInteger> parts) implements Version {
    public HackageVersion {
      parts = List.copyOf(parts);
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof HackageVersion other)) {
        throw new IllegalArgumentException(
            "cannot compare hackage version with " + o.scheme().name());
      }
      return NumericParts.compare(parts, other.parts);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof HackageVersion other && parts.equals(other.parts);
    }

    @Override
    public int hashCode() {
      return parts.hashCode();
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
