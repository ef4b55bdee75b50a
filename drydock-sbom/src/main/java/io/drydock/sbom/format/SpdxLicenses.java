package io.drydock.sbom.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether a licence string is a valid SPDX licence expression, checked offline against the SPDX
 * licence and exception ids that cyclonedx-core-java bundles ({@code spdx.schema.json}, licence
 * list 3.27). Only ids from that list count: {@code LicenseRef-…} needs an extracted-licence
 * section, which the writers do not produce, so it is refused. Operators {@code AND}, {@code OR},
 * {@code WITH} must be upper case; {@code +} may follow an id; parentheses group. Thread-safe.
 */
final class SpdxLicenses {
  private static final Set<String> IDS = load();

  private SpdxLicenses() {}

  /** Whether {@code id} is an SPDX licence or exception id (exact case). */
  static boolean isId(String id) {
    return IDS.contains(id);
  }

  /** Whether {@code s} is a valid SPDX licence expression made of listed ids. */
  static boolean isValidExpression(String s) {
    if (s == null || s.isBlank()) {
      return false;
    }
    List<String> tokens = tokens(s);
    Parser p = new Parser(tokens);
    return p.expression() && p.pos == tokens.size();
  }

  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '(' || c == ')' || Character.isWhitespace(c)) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
        if (!Character.isWhitespace(c)) {
          out.add(String.valueOf(c));
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  /**
   * Recursive descent over: expr = and (OR and)*; and = with (AND with)*; with = atom [WITH id].
   */
  private static final class Parser {
    private final List<String> t;
    private int pos;

    Parser(List<String> tokens) {
      this.t = tokens;
    }

    boolean expression() {
      if (!and()) {
        return false;
      }
      while (accept("OR")) {
        if (!and()) {
          return false;
        }
      }
      return true;
    }

    private boolean and() {
      if (!with()) {
        return false;
      }
      while (accept("AND")) {
        if (!with()) {
          return false;
        }
      }
      return true;
    }

    private boolean with() {
      if (!atom()) {
        return false;
      }
      if (accept("WITH")) {
        return pos < t.size() && IDS.contains(t.get(pos++));
      }
      return true;
    }

    private boolean atom() {
      if (accept("(")) {
        return expression() && accept(")");
      }
      if (pos >= t.size()) {
        return false;
      }
      String id = t.get(pos++);
      if (id.endsWith("+")) {
        id = id.substring(0, id.length() - 1);
      }
      return IDS.contains(id);
    }

    private boolean accept(String token) {
      if (pos < t.size() && t.get(pos).equals(token)) {
        pos++;
        return true;
      }
      return false;
    }
  }

  private static Set<String> load() {
    try (InputStream in = org.cyclonedx.Version.class.getResourceAsStream("/spdx.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("spdx.schema.json missing from cyclonedx-core-java");
      }
      JsonNode root = JsonMapper.builder().build().readTree(in);
      Set<String> ids = new HashSet<>();
      for (JsonNode id : root.get("enum")) {
        ids.add(id.asString());
      }
      return Set.copyOf(ids);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the SPDX licence list from cyclonedx-core-java", e);
    }
  }
}
