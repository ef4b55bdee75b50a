package io.drydock.sbom.rpm;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * rpm's sqlite backend ({@code rpmdb.sqlite}, rpm ≥ 4.16: RHEL 9, Fedora 33+, Amazon Linux 2023):
 * table {@code Packages(hnum INTEGER PRIMARY KEY, blob BLOB)}, one header blob per row.
 *
 * <p>Opened read-only as an immutable URI ({@code ?immutable=1}): SQLite then neither locks nor
 * creates {@code -wal}/{@code -shm}/journal files next to the (spooled) copy, and ignores a {@code
 * -wal} file, so packages still only in an image's uncheckpointed WAL are not seen (rpm checkpoints
 * when it closes the database).
 */
final class RpmSqliteReader implements RpmDatabaseReader {
  @Override
  public void read(Path file, int maxBlobBytes, RpmBlobSink sink) throws IOException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setOpenMode(SQLiteOpenMode.READONLY);
    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
    String url = "jdbc:sqlite:" + file.toAbsolutePath().toUri().toASCIIString() + "?immutable=1";
    try (Connection c = DriverManager.getConnection(url, config.toProperties());
        PreparedStatement st =
            c.prepareStatement(
                "SELECT hnum, length(blob), CASE WHEN length(blob) <= ? THEN blob END"
                    + " FROM Packages ORDER BY hnum")) {
      st.setInt(1, maxBlobBytes);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String record = "header " + rs.getLong(1);
          long length = rs.getLong(2);
          byte[] blob = rs.getBytes(3);
          if (blob == null) {
            sink.problem(
                record
                    + (rs.wasNull() && length > maxBlobBytes
                        ? " of " + length + " bytes exceeds the limit of " + maxBlobBytes
                        : " has no blob"));
            continue;
          }
          sink.blob(record, blob);
        }
      }
    } catch (SQLException e) {
      throw new IOException("not a readable rpm sqlite database: " + oneLine(e), e);
    }
  }

  private static String oneLine(SQLException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
