package io.drydock.version;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * crates.io versions as Cargo's {@code semver} crate parses them and as SemVer 2.0 orders them:
 * {@code major.minor.patch} (each an unsigned 64-bit number without leading zeros), an optional
 * {@code -} prerelease (numeric identifiers without leading zeros) and an optional {@code +} build.
 * Precedence is SemVer 2.0's, which is what OSV's {@code crates.io} ranges mean: a prerelease sorts
 * before its release, numeric identifiers numerically and before alphanumeric ones, which compare
 * by ASCII, fewer identifiers first; build metadata takes no part ({@code 1.0.0+a == 1.0.0+b}; the
 * crate's own {@code Ord} breaks that tie by build only to sort deterministically).
 *
 * <p>Hand-written, following the {@code semver} crate's {@code parse.rs} and SemVer 2.0 §11. The
 * npm scheme could order these too, but its grammar is node-semver's (whitespace, a 2^53 limit),
 * not Cargo's. One documented widening, as OSV's SemVer comparator makes it: a leading {@code v} is
 * accepted. Bare numbers, two or four parts and numbers past 2^64-1 are refused, as Cargo refuses
 * them.
 */
public final class CargoVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;
  private static final CargoVersionScheme INSTANCE = new CargoVersionScheme();
  private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private static final String NUM = "(0|[1-9][0-9]*)";
  private static final Pattern SHAPE =
      Pattern.compile(
          "v?" + NUM + "\\." + NUM + "\\." + NUM + "(?:-([^+]*))?(?:\\+(.*))?", Pattern.DOTALL);

  @Override
  public String name() {
    return "cargo";
  }

  @Override
  public CargoVersion parse(String raw) {
    VersionText.requireBounded(this, raw, MAX_LENGTH);
    Matcher m = SHAPE.matcher(raw);
    if (!m.matches()) {
      throw new InvalidVersionException(
          this,
          raw,
          "not major.minor.patch (no leading zeros) with optional -prerelease and +build");
    }
    List<BigInteger> numbers =
        List.of(new BigInteger(m.group(1)), new BigInteger(m.group(2)), new BigInteger(m.group(3)));
    for (BigInteger n : numbers) {
      if (n.compareTo(MAX_U64) > 0) {
        throw new InvalidVersionException(this, raw, "number larger than 2^64-1");
      }
    }
    List<Object> pre = SemverIdentifiers.parse(m.group(4), false);
    if (pre == null || (m.group(4) != null && pre.isEmpty())) {
      throw new InvalidVersionException(this, raw, "bad prerelease");
    }
    for (String id : m.group(4) == null ? new String[0] : m.group(4).split("\\.")) {
      if (id.length() > 1 && id.charAt(0) == '0' && GoVersionScheme.isNumeric(id)) {
        throw new InvalidVersionException(this, raw, "leading zero in prerelease " + id);
      }
    }
    List<Object> build = SemverIdentifiers.parse(m.group(5), false);
    if (build == null || (m.group(5) != null && build.isEmpty())) {
      throw new InvalidVersionException(this, raw, "bad build metadata");
    }
    return new CargoVersion(raw, numbers, pre);
  }

  /**
   * A crates.io version: three numbers and the prerelease identifiers ({@link BigInteger} for
   * numeric ones, else {@link String}). Build metadata is dropped: equal versions have equal
   * fields.
   */
  public record CargoVersion(String raw, List<BigInteger> numbers, List<Object> prerelease)
      implements Version {
    public CargoVersion {
      numbers = List.copyOf(numbers);
      prerelease = List.copyOf(prerelease);
    }

    @Override
    public VersionScheme scheme() {
      return INSTANCE;
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof CargoVersion other)) {
        throw new IllegalArgumentException(
            "cannot compare cargo version with " + o.scheme().name());
      }
      int c = NumericParts.compare(numbers, other.numbers);
      if (c != 0) {
        return c;
      }
      return SemverIdentifiers.comparePrerelease(prerelease, other.prerelease);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CargoVersion other
          && numbers.equals(other.numbers)
          && prerelease.equals(other.prerelease);
    }

    @Override
    public int hashCode() {
      return numbers.hashCode() * 31 + prerelease.hashCode();
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
