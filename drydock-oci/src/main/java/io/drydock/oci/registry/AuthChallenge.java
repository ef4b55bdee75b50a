package io.drydock.oci.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235): a scheme ({@code basic} or {@code bearer},
 * lower-cased) and its parameters ({@code realm}, {@code service}, {@code scope}, {@code error}),
 * keys lower-cased, quoted values unquoted (they may contain commas and {@code \"} escapes).
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

  public AuthChallenge {
    params = Map.copyOf(params);
  }

  public boolean isBearer() {
    return "bearer".equals(scheme);
  }

  public boolean isBasic() {
    return "basic".equals(scheme);
  }

  /** A parameter, or {@code null}. */
  public String param(String name) {
    return params.get(name);
  }

  /**
   * Parses the first challenge of a header value; returns {@code null} for a blank or unparsable
   * header. Only the first challenge is kept: registries send one.
   */
  public static AuthChallenge parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String s = header.trim();
    int i = 0;
    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    String scheme = s.substring(0, i).toLowerCase(Locale.ROOT);
    Map<String, String> params = new LinkedHashMap<>();
    int n = s.length();
    while (i < n) {
      while (i < n && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ',')) {
        i++;
      }
      int keyStart = i;
      while (i < n
          && s.charAt(i) != '='
          && s.charAt(i) != ','
          && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      String key = s.substring(keyStart, i).toLowerCase(Locale.ROOT);
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= n || s.charAt(i) != '=') {
        if (!key.isEmpty() && i < n && s.charAt(i) != ',') {
          break; // a second challenge starts: keep the first only
        }
        continue;
      }
      i++; // '='
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      StringBuilder value = new StringBuilder();
      if (i < n && s.charAt(i) == '"') {
        i++;
        while (i < n && s.charAt(i) != '"') {
          char c = s.charAt(i);
          if (c == '\\' && i + 1 < n) {
            i++;
            c = s.charAt(i);
          }
          value.append(c);
          i++;
        }
        i++; // closing quote
      } else {
        while (i < n && s.charAt(i) != ',') {
          value.append(s.charAt(i));
          i++;
        }
      }
      if (!key.isEmpty()) {
        params.put(key, value.toString().trim());
      }
    }
    return scheme.isEmpty() ? null : new AuthChallenge(scheme, params);
  }
}
