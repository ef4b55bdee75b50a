package io.drydock.server.db;

import java.util.Locale;

/** The two databases the server runs on. */
public enum Vendor {
  /** Embedded, one file, the default: one writer at a time. */
  SQLITE,
  /** Several replicas on one server: row locks and {@code SKIP LOCKED}. */
  POSTGRESQL;

  /** The vendor of a JDBC URL, or an exception naming the URL. */
  public static Vendor of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "--db-url "
            + redact(jdbcUrl)
            + ": not a jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB URL");
  }

  /** The Flyway location of this vendor's migrations. */
  String migrations() {
    return "classpath:db/migration/" + name().toLowerCase(Locale.ROOT);
  }

  /** The URL without a password, for messages. */
  public static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
