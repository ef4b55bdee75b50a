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
  public Version parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    List<BigInteger> parts = NumericParts.split(raw, ".");
    if (parts == null) {
      throw new InvalidVersionException(
          this, raw, "not a list of numbers separated by \".\" (PVP)");
    }
    return new NumericParts.NumericVersion(INSTANCE, raw, parts);
  }
}
