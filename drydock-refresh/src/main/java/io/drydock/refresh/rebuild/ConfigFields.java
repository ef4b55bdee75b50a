package io.drydock.refresh.rebuild;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of one trigger's configuration map (as a YAML or JSON parser gives it), with errors
 * that name the field. Remembers which fields were read so that {@link #rejectUnknown()} can name
 * the rest (a misspelt optional field must not be silently ignored). Not thread-safe.
 */
final class ConfigFields {
  private final Map<String, ?> map;
  private final String what;
  private final Set<String> known = new TreeSet<>();

  ConfigFields(Map<String, ?> map, String what) {
    this.map = map;
    this.what = what;
  }

  IllegalArgumentException error(String field, String problem) {
    return new IllegalArgumentException(what + ": field \"" + field + "\" " + problem);
  }

  /** A required, non-blank scalar, as a string (numbers and booleans are accepted as written). */
  String string(String field) {
    String s = optString(field, null);
    if (s == null) {
      throw error(field, "is required");
    }
    return s;
  }

  /** An optional non-blank scalar; {@code dflt} when absent or {@code null}. */
  String optString(String field, String dflt) {
    known.add(field);
    Object v = map.get(field);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
      throw error(field, "must be a string, not " + describe(v));
    }
    String s = v.toString();
    if (s.isBlank()) {
      throw error(field, "must not be empty");
    }
    return s;
  }

  boolean optBoolean(String field, boolean dflt) {
    known.add(field);
    Object v = map.get(field);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw error(field, "must be true or false, not " + describe(v));
  }

  /** A positive integer (a number, or a string of digits). */
  long positiveLong(String field) {
    String s = string(field);
    try {
      long n = Long.parseLong(s);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error(field, "must be a positive integer, not \"" + s + "\"");
  }

  /**
   * An optional map of names to scalars (as strings), in the map's order; empty when absent. Names
   * must be non-blank; values may be empty strings.
   */
  Map<String, String> stringMap(String field) {
    known.add(field);
    Object v = map.get(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw error(field, "must be a map of names to strings, not " + describe(v));
    }
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.isBlank()) {
        throw error(field, "has an empty name");
      }
      Object value = e.getValue();
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw error(
            field + "." + key,
            "must be a string, not " + (value == null ? "null" : describe(value)));
      }
      out.put(key, value.toString());
    }
    return out;
  }

  /** Fails naming the fields that were present but never read. */
  void rejectUnknown() {
    List<String> unknown =
        map.keySet().stream()
            .map(String::valueOf)
            .filter(k -> !known.contains(k))
            .sorted()
            .toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          what
              + ": unknown field"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown.stream().map(k -> "\"" + k + "\"").toList())
              + " (known: "
              + String.join(", ", known)
              + ")");
    }
  }

  private static String describe(Object v) {
    if (v instanceof Map<?, ?>) {
      return "a map";
    }
    if (v instanceof List<?>) {
      return "a list";
    }
    return v.getClass().getSimpleName();
  }
}
