package io.drydock.vuln.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.OSInfo;

class SqliteNativeTest {
  @Test
  void extractsTheDriversLibraryOnceAndCompletely(@TempDir Path dbDir) throws Exception {
    Path lib = SqliteNative.extract(dbDir).orElseThrow();
    assertThat(lib).isRegularFile().startsWith(dbDir.resolve(".lib"));
    String resource =
        "/org/sqlite/native/"
            + OSInfo.getNativeLibFolderPathForCurrentOS()
            + "/"
            + System.mapLibraryName("sqlitejdbc");
    try (InputStream in = SqliteNative.class.getResourceAsStream(resource)) {
      assertThat(Files.readAllBytes(lib)).isEqualTo(in.readAllBytes());
    }
    long modified = Files.getLastModifiedTime(lib).toMillis();
    assertThat(SqliteNative.extract(dbDir)).contains(lib); // reused, not rewritten
    assertThat(Files.getLastModifiedTime(lib).toMillis()).isEqualTo(modified);
    try (var files = Files.list(lib.getParent())) {
      assertThat(files).containsExactly(lib); // no temp files left
    }
  }

  @Test
  void aDirectoryThatCannotHoldItLeavesTheDriverAlone(@TempDir Path tmp) throws Exception {
    Path notADir = Files.writeString(tmp.resolve("file"), "x");
    assertThat(SqliteNative.extract(notADir)).isEmpty();
  }
}
