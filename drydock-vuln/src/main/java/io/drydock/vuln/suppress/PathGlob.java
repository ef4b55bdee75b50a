package io.drydock.vuln.suppress;

import java.util.Objects;

/**
 * A path pattern of an ignore entry, matched against a package's image-relative location ({@code
 * usr/lib/python3.11/site-packages/setuptools-65.5.0.dist-info/METADATA}, {@code
 * app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar}). Syntax as Trivy's (doublestar): <code>**&#47;
 * </code> matches zero or more whole path segments, another {@code **} any run of characters,
 * {@code *} any run of characters within one segment, {@code ?} one character other than {@code /};
 * everything else is literal. A leading {@code /} or {@code ./} is ignored on both sides, so {@code
 * /usr/lib/**} and {@code usr/lib/**} mean the same.
 *
 * <p>Matching is dynamic programming over pattern × path, without backtracking, so a pattern such
 * as {@code **a**a**a**b} costs no more than its length times the path's.
 *
 * @param pattern the glob as written, at most {@link #MAX_LENGTH} characters
 */
public record PathGlob(String pattern) {
  /** Longest pattern accepted. */
  public static final int MAX_LENGTH = 1024;

  private static final char LITERAL = 'L';
  private static final char ONE = '?';
  private static final char STAR = '*';
  private static final char ANY = 'A';
  private static final char SEGMENTS = 'S';

  public PathGlob {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isEmpty() || pattern.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a path pattern has 1 to " + MAX_LENGTH + " characters");
    }
  }

  /** Whether {@code path} (image-relative, {@code /}-separated) matches. */
  public boolean matches(String path) {
    if (path == null) {
      return false;
    }
    String p = normalise(pattern);
    String s = normalise(path);
    // tokenise: kinds[i] with literal chars[i]
    char[] kinds = new char[p.length()];
    char[] chars = new char[p.length()];
    int m = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
        if (i + 2 < p.length() && p.charAt(i + 2) == '/') {
          kinds[m++] = SEGMENTS;
          i += 2;
        } else {
          kinds[m++] = ANY;
          i += 1;
        }
      } else if (c == '*') {
        kinds[m++] = STAR;
      } else if (c == '?') {
        kinds[m++] = ONE;
      } else {
        kinds[m] = LITERAL;
        chars[m++] = c;
      }
    }
    int n = s.length();
    // next[j]: pattern tokens t+1.. match s[j..]; cur[j]: tokens t.. match s[j..]
    boolean[] next = new boolean[n + 1];
    next[n] = true; // the empty pattern matches the empty rest
    for (int t = m - 1; t >= 0; t--) {
      boolean[] cur = new boolean[n + 1];
      boolean slashAhead = false; // for SEGMENTS: some k >= j with s[k] == '/' and next[k + 1]
      for (int j = n; j >= 0; j--) {
        boolean here = j < n;
        switch (kinds[t]) {
          case LITERAL -> cur[j] = here && s.charAt(j) == chars[t] && next[j + 1];
          case ONE -> cur[j] = here && s.charAt(j) != '/' && next[j + 1];
          case STAR -> cur[j] = next[j] || (here && s.charAt(j) != '/' && cur[j + 1]);
          case ANY -> cur[j] = next[j] || (here && cur[j + 1]);
          default -> {
            if (here && s.charAt(j) == '/' && next[j + 1]) {
              slashAhead = true;
            }
            cur[j] = next[j] || slashAhead;
          }
        }
      }
      next = cur;
    }
    return next[0];
  }

  private static String normalise(String s) {
    String out = s;
    while (out.startsWith("./")) {
      out = out.substring(2);
    }
    while (out.startsWith("/")) {
      out = out.substring(1);
    }
    return out;
  }
}
