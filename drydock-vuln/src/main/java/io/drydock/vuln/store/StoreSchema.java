package io.drydock.vuln.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/** The one schema of the store, its version, and how connections are opened. */
final class StoreSchema {
  /** The schema version this code reads and writes (metadata key {@code schema_version}). */
  static final int VERSION = 1;

  /** How much of a store a read-only connection maps into memory (address space, not heap). */
  static final long MMAP_BYTES = 1L << 30;

  static final List<String> DDL =
      List.of(
          "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
          "CREATE TABLE advisory (id TEXT PRIMARY KEY, modified_ns INTEGER NOT NULL,"
              + " source TEXT NOT NULL, json BLOB NOT NULL)",
          "CREATE TABLE affected (ecosystem TEXT NOT NULL, name TEXT NOT NULL,"
              + " advisory_id TEXT NOT NULL, PRIMARY KEY (ecosystem, name, advisory_id))"
              + " WITHOUT ROWID",
          "CREATE INDEX affected_by_advisory ON affected (advisory_id)",
          "CREATE TABLE source (location TEXT PRIMARY KEY, records INTEGER NOT NULL,"
              + " invalid INTEGER NOT NULL, imported TEXT NOT NULL)");

  private StoreSchema() {}

  /** A read-only connection to an existing file; nothing is created. */
  static Connection openReadOnly(Path file) throws SQLException {
    SqliteNative.useCachedLibrary(file.toAbsolutePath().getParent());
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5000);
    Properties p = config.toProperties();
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA query_only = true");
      // Memory-mapped reads: a lookup touches a few pages of a large file, and mapping them saves
      // a read() and a copy for each (about a quarter of a lookup's SQLite time in JMH). Safe for
      // this file: nothing writes it in place (imports write a new file and rename it over, and
      // a reader keeps the file it opened).
      s.execute("PRAGMA mmap_size = " + MMAP_BYTES);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * A writable connection to a private file nobody else opens (the importer's temporary file): no
   * journal, no syncs; durability comes from the fsync and atomic move at the end.
   */
  static Connection openPrivateWritable(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.OFF);
    config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
    config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    Connection c =
        DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    c.setAutoCommit(false);
    return c;
  }

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String ddl : DDL) {
        s.execute(ddl);
      }
    }
    setMeta(c, "schema_version", String.valueOf(VERSION));
  }

  static void setMeta(Connection c, String key, String value) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
      ps.setString(1, key);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  static String meta(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * Checks that {@code c} is a store of {@link #VERSION}; the exception's one-line message names
   * {@code file} and the problem.
   */
  static void check(Connection c, Path file) throws IOException {
    String version;
    try {
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'")) {
        if (!rs.next() || rs.getInt(1) == 0) {
          throw new IOException(file + ": not a Drydock advisory database (no metadata table)");
        }
      }
      version = meta(c, "schema_version");
    } catch (SQLException e) {
      throw corrupt(file, e);
    }
    if (version == null) {
      throw new IOException(file + ": not a Drydock advisory database (no schema version)");
    }
    if (!version.equals(String.valueOf(VERSION))) {
      throw new IOException(
          file
              + ": advisory database schema version "
              + version
              + " is not supported (this Drydock reads version "
              + VERSION
              + "); import into a new --db-dir or use a matching Drydock");
    }
  }

  /** An {@link IOException} with one line naming {@code file} for a failed SQLite call. */
  static IOException corrupt(Path file, SQLException e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl);
    }
    return new IOException(file + ": unreadable advisory database (" + msg.strip() + ")", e);
  }

  static boolean isRegularFile(Path file) {
    return Files.isRegularFile(file);
  }
}
