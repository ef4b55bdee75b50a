package io.drydock.vuln.store;

import io.drydock.vuln.Advisory;
import io.drydock.vuln.Ecosystem;
import io.drydock.vuln.KnownEcosystem;
import io.drydock.vuln.OsvParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of an advisory database file. Opening never creates or changes the file; any
 * number of stores (in this or other processes) may have the same file open while an importer
 * replaces it (they keep reading the file they opened).
 *
 * <p>Records are kept as their original JSON and parsed again with {@link OsvParser} on each
 * lookup. Thread-safe: calls on one instance are serialised. The caller closes it.
 */
public final class AdvisoryStore implements AutoCloseable {
  /** The database file name inside the DB directory. */
  public static final String FILE_NAME = "advisories.db";

  private final Path file;
  private final Connection connection;
  private final PreparedStatement lookup;
  private final PreparedStatement get;

  private AdvisoryStore(Path file, Connection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.lookup =
        connection.prepareStatement(
            // ordered by the affected key's own column, so SQLite walks the primary key in order
            // instead of sorting the rows in a temporary B-tree
            "SELECT a.id, a.json FROM affected f JOIN advisory a ON a.id = f.advisory_id"
                + " WHERE f.ecosystem = ? AND f.name = ? ORDER BY f.advisory_id");
    this.get = connection.prepareStatement("SELECT json FROM advisory WHERE id = ?");
  }

  /**
   * Opens {@code dbFile} read-only. Throws {@link NoSuchFileException} when it does not exist, and
   * an {@link IOException} with a one-line message naming the file when it is not a SQLite
   * database, not a Drydock store, or of a schema version this code does not read.
   */
  public static AdvisoryStore open(Path dbFile) throws IOException {
    if (!Files.exists(dbFile)) {
      throw new NoSuchFileException(dbFile.toString());
    }
    if (!Files.isRegularFile(dbFile)) {
      throw new IOException(dbFile + ": not a regular file");
    }
    Connection c;
    try {
      c = StoreSchema.openReadOnly(dbFile);
    } catch (SQLException e) {
      throw StoreSchema.corrupt(dbFile, e);
    }
    try {
      StoreSchema.check(c, dbFile);
      return new AdvisoryStore(dbFile, c);
    } catch (SQLException e) {
      closeQuietly(c, e);
      throw StoreSchema.corrupt(dbFile, e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(c, e);
      throw e;
    }
  }

  private static void closeQuietly(Connection c, Exception failure) {
    try {
      c.close();
    } catch (SQLException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  /** The file this store reads. */
  public Path file() {
    return file;
  }

  /**
   * The advisories with an {@code affected[]} entry for package {@code name} in the ecosystem named
   * by {@code ecosystem} ({@code Maven}, {@code Debian:12}; the release is ignored here, so callers
   * still check {@link Advisory#affects}). The name is normalised for the ecosystem ({@link
   * KnownEcosystem#normalizeName}). Sorted by id; withdrawn records are included.
   */
  public List<Advisory> lookup(String ecosystem, String name) throws IOException {
    Ecosystem e = Ecosystem.parse(ecosystem);
    return lookupNormalised(e.name(), e.normalizeName(name));
  }

  /** As {@link #lookup(String, String)} for a known ecosystem family. */
  public List<Advisory> lookup(KnownEcosystem ecosystem, String name) throws IOException {
    return lookupNormalised(ecosystem.osvName(), ecosystem.normalizeName(name));
  }

  private synchronized List<Advisory> lookupNormalised(String ecosystemName, String name)
      throws IOException {
    List<Advisory> out = new ArrayList<>();
    try {
      lookup.setString(1, ecosystemName);
      lookup.setString(2, name);
      try (ResultSet rs = lookup.executeQuery()) {
        while (rs.next()) {
          out.add(parse(rs.getString(1), rs.getBytes(2)));
        }
      }
    } catch (SQLException e) {
      throw StoreSchema.corrupt(file, e);
    }
    return out;
  }

  /** The advisory with {@code id}, if stored. */
  public synchronized Optional<Advisory> get(String id) throws IOException {
    try {
      get.setString(1, id);
      try (ResultSet rs = get.executeQuery()) {
        return rs.next() ? Optional.of(parse(id, rs.getBytes(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw StoreSchema.corrupt(file, e);
    }
  }

  /** The metadata value stored under {@code key}, if any. */
  public synchronized Optional<String> metadata(String key) throws IOException {
    try {
      return Optional.ofNullable(StoreSchema.meta(connection, key));
    } catch (SQLException e) {
      throw StoreSchema.corrupt(file, e);
    }
  }

  /** Counts, sources and metadata. */
  public synchronized StoreStatus status() throws IOException {
    try {
      return status(connection);
    } catch (SQLException e) {
      throw StoreSchema.corrupt(file, e);
    }
  }

  static StoreStatus status(Connection c) throws SQLException {
    long total;
    long invalid;
    Map<String, Long> per = new LinkedHashMap<>();
    List<StoreStatus.Source> sources = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM advisory")) {
        rs.next();
        total = rs.getLong(1);
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT ecosystem, count(DISTINCT advisory_id) FROM affected GROUP BY ecosystem")) {
        while (rs.next()) {
          per.put(rs.getString(1), rs.getLong(2));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT location, records, invalid, imported FROM source ORDER BY location")) {
        while (rs.next()) {
          sources.add(
              new StoreStatus.Source(
                  rs.getString(1), rs.getLong(2), rs.getLong(3), Instant.parse(rs.getString(4))));
        }
      }
    }
    invalid = sources.stream().mapToLong(StoreStatus.Source::invalid).sum();
    String updated = StoreSchema.meta(c, "last_update");
    return new StoreStatus(
        Integer.parseInt(StoreSchema.meta(c, "schema_version")),
        total,
        per,
        invalid,
        sources,
        updated == null ? null : Instant.parse(updated));
  }

  private Advisory parse(String id, byte[] json) throws IOException {
    return OsvParser.parse(json, file.getFileName() + "!" + id);
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      lookup.close();
      get.close();
      connection.close();
    } catch (SQLException e) {
      throw StoreSchema.corrupt(file, e);
    }
  }
}
