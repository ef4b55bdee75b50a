package io.drydock.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The server's database: a connection pool, the schema migrated by Flyway, and Jdbi on top.
 *
 * <p>SQLite (the default) runs in WAL mode with every transaction {@code BEGIN IMMEDIATE}, so
 * writers queue on the file lock instead of failing on a read-to-write upgrade, and readers never
 * wait. That also makes the job queue's claim safe across several processes on one file. PostgreSQL
 * is the database for several replicas.
 */
public final class Database implements AutoCloseable {
  private final Vendor vendor;
  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final AtomicLong imageWrites = new AtomicLong();

  private Database(Vendor vendor, HikariDataSource pool) {
    this.vendor = vendor;
    this.pool = pool;
    this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
  }

  /**
   * Opens the database at {@code jdbcUrl} and migrates its schema.
   *
   * @param user the PostgreSQL user, or {@code null} (from the URL)
   * @param password the PostgreSQL password, or {@code null}
   * @throws IOException when the database cannot be reached or migrated, naming the URL
   */
  public static Database open(String jdbcUrl, String user, String password, int poolSize)
      throws IOException {
    Vendor vendor = Vendor.of(jdbcUrl);
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    cfg.setPoolName("drydock-db");
    cfg.setMaximumPoolSize(Math.max(1, poolSize));
    cfg.setConnectionTimeout(10_000);
    cfg.setInitializationFailTimeout(10_000);
    if (vendor == Vendor.SQLITE) {
      Path file = sqliteFile(jdbcUrl);
      if (file != null && file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      cfg.addDataSourceProperty("journal_mode", "WAL");
      cfg.addDataSourceProperty("synchronous", "NORMAL");
      cfg.addDataSourceProperty("foreign_keys", "true");
      cfg.addDataSourceProperty("busy_timeout", "10000");
      cfg.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    } else {
      if (user != null) {
        cfg.setUsername(user);
      }
      if (password != null) {
        cfg.setPassword(password);
      }
      cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      throw new IOException(
          "database " + Vendor.redact(jdbcUrl) + ": cannot connect: " + rootMessage(e), e);
    }
    try {
      migrate(pool, vendor);
    } catch (FlywayException e) {
      pool.close();
      throw new IOException(
          "database " + Vendor.redact(jdbcUrl) + ": schema migration failed: " + rootMessage(e), e);
    }
    return new Database(vendor, pool);
  }

  /** Opens the SQLite database in {@code file} (created with its directory when missing). */
  public static Database sqlite(Path file) throws IOException {
    return open("jdbc:sqlite:" + file.toAbsolutePath(), null, null, 4);
  }

  private static void migrate(DataSource ds, Vendor vendor) {
    // Flyway's {vendor} placeholder is Spring Boot's, not core's: name both folders
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/common", vendor.migrations())
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  private static Path sqliteFile(String url) {
    String rest = url.substring("jdbc:sqlite:".length());
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (rest.isEmpty() || rest.equals(":memory:") || rest.startsWith("file:")) {
      return null;
    }
    return Path.of(rest);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  /** Which database this is. */
  public Vendor vendor() {
    return vendor;
  }

  /** Jdbi over the pool. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Notes that this process has just committed a change to {@code images} or {@code findings}.
   * Readers that cache what those tables add up to (the API's fleet risk) compare {@link
   * #imageWrites()} to see this replica's own writes at once, and poll the database only for other
   * replicas' writes.
   */
  public void imagesWritten() {
    imageWrites.incrementAndGet();
  }

  /**
   * How many changes to images or findings this process has committed; see {@link #imagesWritten}.
   */
  public long imageWrites() {
    return imageWrites.get();
  }

  /** A raw connection for the few hot paths written in plain JDBC; the caller closes it. */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void close() {
    pool.close();
  }
}
