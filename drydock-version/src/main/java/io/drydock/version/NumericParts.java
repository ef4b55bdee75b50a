package io.drydock.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Versions that are lists of non-negative integers, compared part by part (Hackage, CRAN). */
final class NumericParts {
  private NumericParts() {}

  /**
   * The numbers of {@code s} split at every character {@code separators} holds, or {@code null}
   * when a part is empty or holds anything but ASCII digits. Numbers may have any size and leading
   * zeros ({@code 01} is 1).
   */
  static List<BigInteger> split(String s, String separators) {
    List<BigInteger> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || separators.indexOf(s.charAt(i)) >= 0) {
        if (i == start) {
          return null;
        }
        parts.add(new BigInteger(s.substring(start, i)));
        start = i + 1;
      } else if (!GoVersionScheme.isDigit(s.charAt(i))) {
        return null;
      }
    }
    return List.copyOf(parts);
  }

  /** Part by part numerically; when one list is a prefix of the other, the shorter comes first. */
  static int compare(List<BigInteger> a, List<BigInteger> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /**
   * A version of {@code scheme} that is its numbers, in order (Hackage, CRAN): equal numbers, equal
   * versions; only versions of the same scheme compare.
   */
  record NumericVersion(VersionScheme scheme, String raw, List<BigInteger> parts)
      implements Version {
    NumericVersion {
      parts = List.copyOf(parts);
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof NumericVersion other) || other.scheme != scheme) {
        throw new IllegalArgumentException(
            "cannot compare " + scheme.name() + " version with " + o.scheme().name());
      }
      return compare(parts, other.parts);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof NumericVersion other
          && other.scheme == scheme
          && parts.equals(other.parts);
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
