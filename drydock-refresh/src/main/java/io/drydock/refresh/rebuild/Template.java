package io.drydock.refresh.rebuild;

import io.drydock.oci.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A string with {@code ${name}} placeholders: one of {@link RebuildContext#PLACEHOLDERS}, or
 * {@code ${env:NAME}} (an environment variable, read when rendered). {@code $${} is a literal
 * {@code ${}. Parsing validates every placeholder, so a typo fails when the configuration is read,
 * not at the first rebuild. Immutable.
 */
record Template(String source, List<Part> parts) {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  sealed interface Part {}

  record Literal(String text) implements Part {}

  record Var(String name) implements Part {}

  record Env(String name) implements Part {}

  Template {
    parts = List.copyOf(parts);
  }

  /**
   * Parses {@code source}; {@code field} names it in errors ({@code "body"}, {@code
   * "headers.Authorization"}).
   */
  static Template parse(String source, String field) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      if (source.startsWith("$${", i)) {
        literal.append("${");
        i += 3;
      } else if (source.startsWith("${", i)) {
        int end = source.indexOf('}', i + 2);
        if (end < 0) {
          throw new IllegalArgumentException(
              "field \"" + field + "\": unclosed placeholder at \"" + excerpt(source, i) + "\"");
        }
        String name = source.substring(i + 2, end).trim();
        Part part;
        if (name.startsWith("env:")) {
          String env = name.substring(4).trim();
          if (!ENV_NAME.matcher(env).matches()) {
            throw new IllegalArgumentException(
                "field \""
                    + field
                    + "\": \"${"
                    + name
                    + "}\" does not name an environment variable (letters, digits, _)");
          }
          part = new Env(env);
        } else if (RebuildContext.PLACEHOLDERS.contains(name)) {
          part = new Var(name);
        } else {
          throw new IllegalArgumentException(
              "field \""
                  + field
                  + "\": unknown placeholder \"${"
                  + name
                  + "}\" (known: "
                  + String.join(", ", RebuildContext.PLACEHOLDERS)
                  + ", env:NAME; write $${ for a literal ${)");
        }
        if (!literal.isEmpty()) {
          parts.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(part);
        i = end + 1;
      } else {
        literal.append(source.charAt(i));
        i++;
      }
    }
    if (!literal.isEmpty()) {
      parts.add(new Literal(literal.toString()));
    }
    return new Template(source, parts);
  }

  private static String excerpt(String s, int from) {
    String rest = s.substring(from);
    return rest.length() > 20 ? rest.substring(0, 20) + "…" : rest;
  }

  /** Whether the template reads the environment. */
  boolean usesEnv() {
    return parts.stream().anyMatch(p -> p instanceof Env);
  }

  /**
   * Substitutes the placeholders, passing every substituted value (not the literal text) through
   * {@code escape}. Environment values are added to {@code secrets} (they are treated as secrets
   * whatever they hold).
   *
   * @throws RebuildException when an environment variable is unset or empty; the message names the
   *     variable and {@code what} (the trigger and field)
   */
  String render(
      Map<String, String> vars,
      Function<String, String> env,
      UnaryOperator<String> escape,
      Set<String> secrets,
      String what)
      throws RebuildException {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Literal l) {
        out.append(l.text());
      } else if (p instanceof Var v) {
        out.append(escape.apply(vars.get(v.name())));
      } else if (p instanceof Env e) {
        String value = Secrets.require(env, e.name(), what);
        secrets.add(value);
        out.append(escape.apply(value));
      }
    }
    return out.toString();
  }

  /** The value as the contents of a JSON string (no surrounding quotes). */
  static String jsonEscape(String value) {
    String quoted = Json.MAPPER.writeValueAsString(value);
    return quoted.substring(1, quoted.length() - 1);
  }

  /**
   * RFC 3986 percent-encoding of everything but unreserved characters ({@code A-Z a-z 0-9 - . _
   * ~}), for a path segment or a query component.
   */
  static String urlEncode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
