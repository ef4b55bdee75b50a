package io.drydock.sbom.rpm;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.FileInputs;
import io.drydock.sbom.Limits;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed rpm database fixtures (src/test/resources/rpm, made by
 * src/test/fixtures-src/rpm/make-fixtures.sh) and helpers to run the extractor on them.
 */
final class RpmFixtures {
  private RpmFixtures() {}

  /** A committed fixture file, e.g. {@code "sqlite/rpmdb.sqlite"}. */
  static Path resource(String name) {
    try {
      return Path.of(RpmFixtures.class.getResource("/rpm/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource rpm/" + name, e);
    }
  }

  /** Copies a fixture into {@code dir} under {@code fileName}, so tests may change or share it. */
  static Path copy(String name, Path dir, String fileName) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(fileName);
    Files.copy(resource(name), target);
    return target;
  }

  static ExtractResult extract(String imagePath, Path file, Path temp) throws IOException {
    return extract(imagePath, file, temp, Limits.defaults());
  }

  static ExtractResult extract(String imagePath, Path file, Path temp, Limits limits)
      throws IOException {
    return new RpmExtractor()
        .extract(FileInputs.ofFile(imagePath, file), new ExtractContext(limits, temp, "test"));
  }

  /** The header blobs of the committed sqlite fixture, by ascending header number. */
  static List<byte[]> sqliteBlobs() throws SQLException {
    String url = "jdbc:sqlite:" + resource("sqlite/rpmdb.sqlite").toUri() + "?immutable=1";
    List<byte[]> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT blob FROM Packages ORDER BY hnum")) {
      while (rs.next()) {
        out.add(rs.getBytes(1));
      }
    }
    return out;
  }

  /** Writes a fresh sqlite rpm database (rpm's Packages table) holding {@code blobs}. */
  static Path sqliteDb(Path file, List<byte[]> blobs) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO Packages (blob) VALUES (?)")) {
        for (byte[] b : blobs) {
          ps.setBytes(1, b);
          ps.executeUpdate();
        }
      }
    }
    return file;
  }

  /** Index of the 16-byte index entry of {@code tag} in a header blob, or -1. */
  static int entryOffset(byte[] blob, int tag) {
    int il = java.nio.ByteBuffer.wrap(blob).getInt(0);
    for (int i = 0; i < il; i++) {
      int at = 8 + 16 * i;
      if (java.nio.ByteBuffer.wrap(blob).getInt(at) == tag) {
        return at;
      }
    }
    return -1;
  }
}
