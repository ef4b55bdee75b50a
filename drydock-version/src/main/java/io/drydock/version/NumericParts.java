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
}
