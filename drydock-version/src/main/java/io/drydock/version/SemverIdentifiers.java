package io.drydock.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Dot-separated SemVer 2.0 identifiers ({@code alpha.1}) as values: an all-digit identifier is a
 * {@link BigInteger}, any other a {@link String}. Shared by the schemes that order prerelease (and
 * for Pub, build) identifiers by SemVer's rule 11.
 */
final class SemverIdentifiers {
  private SemverIdentifiers() {}

  /**
   * The identifiers of {@code dotted} ({@code null}: none), upper-cased when {@code upperCase} (for
   * schemes that compare them case-insensitively), or {@code null} when an identifier is empty or
   * holds a character outside {@code [0-9A-Za-z-]}.
   */
  static List<Object> parse(String dotted, boolean upperCase) {
    if (dotted == null) {
      return List.of();
    }
    List<Object> out = new ArrayList<>();
    for (String id : dotted.split("\\.", -1)) {
      if (id.isEmpty()) {
        return null;
      }
      for (int i = 0; i < id.length(); i++) {
        char c = id.charAt(i);
        if (!GoVersionScheme.isDigit(c) && !GoVersionScheme.isLetter(c) && c != '-') {
          return null;
        }
      }
      if (GoVersionScheme.isNumeric(id)) {
        out.add(new BigInteger(id));
      } else {
        out.add(upperCase ? id.toUpperCase(Locale.ROOT) : id);
      }
    }
    return List.copyOf(out);
  }

  /**
   * SemVer 2.0 rule 11 for two prerelease lists, either of which may be empty: a release (no
   * identifiers) sorts after every prerelease of the same version, else {@link #compare}.
   */
  static int comparePrerelease(List<Object> a, List<Object> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    return compare(a, b);
  }

  /**
   * SemVer 2.0 rule 11 for two non-empty identifier lists: numbers numerically and before
   * alphanumerics, alphanumerics by code unit, then the shorter list first.
   */
  static int compare(List<Object> a, List<Object> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      int c;
      if (x instanceof BigInteger xn && y instanceof BigInteger yn) {
        c = xn.compareTo(yn);
      } else if (x instanceof String xs && y instanceof String ys) {
        c = xs.compareTo(ys);
      } else {
        c = x instanceof BigInteger ? -1 : 1;
      }
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
