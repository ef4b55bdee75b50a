package io.drydock.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Databases for tests: a fresh SQLite file, or a fresh database on one embedded PostgreSQL server
 * (a real PostgreSQL from Maven Central) started once per test JVM and stopped at its exit.
 */
public final class TestDatabases {
  private static EmbeddedPostgres postgres;
  private static final AtomicInteger NEXT = new AtomicInteger();

  private TestDatabases() {}

  /** A JDBC URL of a new, empty SQLite database in {@code dir}. */
  public static String sqliteUrl(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("server-" + NEXT.incrementAndGet() + ".db");
  }

  /** The shared embedded PostgreSQL, started on first use. */
  public static synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
      EmbeddedPostgres pg = postgres;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      pg.close();
                    } catch (IOException e) {
                      // the JVM is ending
                    }
                  }));
    }
    return postgres;
  }

  /** A JDBC URL (user and password in it) of a new, empty database on the embedded PostgreSQL. */
  public static String postgresUrl() {
    EmbeddedPostgres pg = postgres();
    String name = "drydock_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  /** A new database of {@code vendor}. */
  public static String url(Vendor vendor, Path dir) {
    return vendor == Vendor.SQLITE ? sqliteUrl(dir) : postgresUrl();
  }
}
