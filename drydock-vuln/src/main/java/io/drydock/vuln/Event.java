package io.drydock.vuln;

import java.util.Objects;

/**
 * One event of a range's timeline: {@code {"introduced": "1.2.0"}} and so on. {@code version} is
 * the string as written in the record (never null or empty); {@code introduced "0"} means "before
 * every version" and a {@code limit} containing {@code *} means "infinity".
 */
public record Event(Kind kind, String version) {
  /** The four event kinds of OSV 1.6. */
  public enum Kind {
    INTRODUCED("introduced"),
    FIXED("fixed"),
    LAST_AFFECTED("last_affected"),
    LIMIT("limit");

    private final String field;

    Kind(String field) {
      this.field = field;
    }

    /** The JSON field name. */
    public String field() {
      return field;
    }

    /** The kind whose field is {@code field}, or null. */
    static Kind byField(String field) {
      for (Kind k : values()) {
        if (k.field.equals(field)) {
          return k;
        }
      }
      return null;
    }
  }

  public Event {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
  }

  public static Event introduced(String v) {
    return new Event(Kind.INTRODUCED, v);
  }

  public static Event fixed(String v) {
    return new Event(Kind.FIXED, v);
  }

  public static Event lastAffected(String v) {
    return new Event(Kind.LAST_AFFECTED, v);
  }

  public static Event limit(String v) {
    return new Event(Kind.LIMIT, v);
  }

  /** {@code introduced "0"}: sorts before every version. */
  public boolean isIntroducedZero() {
    return kind == Kind.INTRODUCED && version.equals("0");
  }

  /** A {@code limit} of infinity ({@code *}). */
  public boolean isInfiniteLimit() {
    return kind == Kind.LIMIT && version.contains("*");
  }

  @Override
  public String toString() {
    return kind.field + " " + version;
  }
}
