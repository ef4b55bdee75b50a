package io.drydock.vuln.suppress;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A path pattern of an ignore entry, matched against a package's image-relative location ({@code
 * usr/lib/python3.11/site-packages/setuptools-65.5.0.dist-info/METADATA}, {@code
 * app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar}). Syntax as Trivy's (doublestar): {@code **}
 * matches any number of path segments, {@code *} any run of characters within one segment, {@code
 * ?} one character other than {@code /}; everything else is literal. A leading {@code /} or {@code
 * ./} is ignored on both sides, so {@code /usr/lib/**} and {@code usr/lib/**} mean the same.
 *
 * @param pattern the glob as written
 */
public record PathGlob(String pattern) {
  public PathGlob {
    Objects.requireNonNull(pattern, "pattern");
  }

  /** Whether {@code path} (image-relative, {@code /}-separated) matches. */
  public boolean matches(String path) {
    return path != null && regex().matcher(normalise(path)).matches();
  }

  private Pattern regex() {
    String p = normalise(pattern);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
        boolean slashAfter = i + 2 < p.length() && p.charAt(i + 2) == '/';
        if (slashAfter) {
          re.append("(?:.*/)?"); // "**/" : zero or more whole segments
          i += 2;
        } else {
          re.append(".*");
          i += 1;
        }
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
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
