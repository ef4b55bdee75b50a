package io.drydock.version;

import java.math.BigInteger;
import java.util.List;

/**
 * CRAN (R) package versions as R's {@code package_version} reads them: at least two non-negative
 * integers separated by {@code .} or {@code -} ({@code 1.0-3}), compared part by part numerically,
 * a version that is a prefix of another coming first ({@code 0.3.2 < 0.3.2.0}). Leading zeros are
 * read as R reads them ({@code 0.01.0 == 0.1-0}). A single number is refused, as {@code
 * package_version("1")} refuses it.
 *
 * <p>Hand-written: no Java library implements R's version order; it follows R's {@code
 * numeric_version} documentation and {@code compareVersion}.
 */
public final class CranVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;
  private static final CranVersionScheme INSTANCE = new CranVersionScheme();

  @Override
  public String name() {
    return "cran";
  }

  @Override
  public Version parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    List<BigInteger> parts = NumericParts.split(raw, ".-");
    if (parts == null || parts.size() < 2) {
      throw new InvalidVersionException(
          this, raw, "not two or more numbers separated by \".\" or \"-\"");
    }
    return new NumericParts.NumericVersion(INSTANCE, raw, parts);
  }
}
