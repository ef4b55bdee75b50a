package io.drydock.vuln.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.drydock.vuln.Advisory;
import io.drydock.vuln.OsvParser;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror in the OSV bulk layout built from the real records: Maven/all.zip (ghsa, no
 * modified_id.csv) and PyPI/all.zip + PyPI/modified_id.csv + PyPI/<id>.json (pypa).
 */
class OsvBulkUpdaterTest {
  @TempDir Path tmp;
  Path mirror;
  Path db;
  HttpServer server;
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final AtomicBoolean failMaven = new AtomicBoolean();
  final AtomicBoolean truncateMaven = new AtomicBoolean();

  @BeforeEach
  void mirror() throws IOException {
    mirror = tmp.resolve("mirror");
    db = tmp.resolve("db").resolve(AdvisoryStore.FILE_NAME);
    Files.createDirectories(mirror.resolve("Maven"));
    Files.createDirectories(mirror.resolve("PyPI"));
    Files.writeString(mirror.resolve("ecosystems.txt"), "Maven\nPyPI\n");
    zipDir(AdvisoryStoreTest.advisories().resolve("ghsa"), mirror.resolve("Maven/all.zip"));
    zipDir(AdvisoryStoreTest.advisories().resolve("pypa"), mirror.resolve("PyPI/all.zip"));
    StringBuilder csv = new StringBuilder();
    for (Path f : list(AdvisoryStoreTest.advisories().resolve("pypa"))) {
      Advisory a = OsvParser.parse(Files.readAllBytes(f), f.toString());
      Files.copy(f, mirror.resolve("PyPI/" + a.id() + ".json"));
      csv.append(a.modified()).append(',').append(a.id()).append('\n');
    }
    Files.writeString(mirror.resolve("PyPI/modified_id.csv"), csv);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  String serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          requests.add(path);
          Path f = mirror.resolve(path.substring(1));
          if (path.equals("/Maven/all.zip") && failMaven.get()) {
            ex.sendResponseHeaders(500, -1);
          } else if (!Files.isRegularFile(f)) {
            ex.sendResponseHeaders(404, -1);
          } else {
            byte[] body = Files.readAllBytes(f);
            if (path.equals("/Maven/all.zip") && truncateMaven.get()) {
              body = java.util.Arrays.copyOf(body, body.length / 2);
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
              os.write(body);
            }
          }
          ex.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @Test
  void fullThenIncrementalFromADirectoryMirror() throws IOException {
    OsvBulkUpdater.Result first = new OsvBulkUpdater(db, mirror.toString(), null).update(List.of());
    assertThat(first.ecosystems())
        .containsExactly(
            new OsvBulkUpdater.EcosystemUpdate("Maven", "full", 1),
            new OsvBulkUpdater.EcosystemUpdate("PyPI", "full", 1));
    assertThat(first.imported().total()).isEqualTo(38 + 49);

    OsvBulkUpdater.Result second =
        new OsvBulkUpdater(db, mirror.toString(), null).update(List.of("PyPI"));
    assertThat(second.ecosystems())
        .containsExactly(new OsvBulkUpdater.EcosystemUpdate("PyPI", "current", 0));

    addPypiRecord("PYSEC-9999-1", "2099-01-01T00:00:00Z");
    OsvBulkUpdater.Result third =
        new OsvBulkUpdater(db, mirror.toString(), null).update(List.of("PyPI"));
    assertThat(third.ecosystems())
        .containsExactly(new OsvBulkUpdater.EcosystemUpdate("PyPI", "incremental", 1));
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.lookup("PyPI", "Drydock_Test"))
          .extracting(Advisory::id)
          .containsExactly("PYSEC-9999-1");
      assertThat(store.status().total()).isEqualTo(38 + 49 + 1);
    }
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void overHttpIncrementalFetchesOnlyNewRecords() throws IOException {
    String url = serve();
    HttpClient http = HttpClient.newHttpClient();
    new OsvBulkUpdater(db, url, http).update(List.of());
    assertThat(requests)
        .contains("/ecosystems.txt", "/Maven/all.zip", "/PyPI/modified_id.csv", "/PyPI/all.zip");

    requests.clear();
    addPypiRecord("PYSEC-9999-1", "2099-01-01T00:00:00Z");
    OsvBulkUpdater.Result r = new OsvBulkUpdater(db, url, http).update(List.of("PyPI"));
    assertThat(r.ecosystems())
        .extracting(OsvBulkUpdater.EcosystemUpdate::mode)
        .containsExactly("incremental");
    assertThat(requests).containsExactly("/PyPI/modified_id.csv", "/PyPI/PYSEC-9999-1.json");
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.get("PYSEC-9999-1")).isPresent();
      assertThat(store.status().sources())
          .extracting(StoreStatus.Source::location)
          .contains(url + "Maven/all.zip", url + "PyPI/");
    }
  }

  @Test
  void failedOrTruncatedDownloadLeavesThePreviousStore() throws IOException {
    String url = serve();
    HttpClient http = HttpClient.newHttpClient();
    new OsvBulkUpdater(db, url, http).update(List.of("PyPI"));
    byte[] before = Files.readAllBytes(db);

    failMaven.set(true);
    assertThatThrownBy(() -> new OsvBulkUpdater(db, url, http).update(List.of("PyPI", "Maven")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Maven/all.zip")
        .hasMessageContaining("HTTP 500");
    failMaven.set(false);
    truncateMaven.set(true);
    addPypiRecord("PYSEC-9999-1", "2099-01-01T00:00:00Z");
    assertThatThrownBy(() -> new OsvBulkUpdater(db, url, http).update(List.of("PyPI", "Maven")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("all.zip");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    assertThat(leftovers()).isEmpty();

    // The watermark did not move: the next good update still fetches the new record.
    truncateMaven.set(false);
    OsvBulkUpdater.Result ok = new OsvBulkUpdater(db, url, http).update(List.of("PyPI", "Maven"));
    assertThat(ok.ecosystems())
        .containsExactly(
            new OsvBulkUpdater.EcosystemUpdate("PyPI", "incremental", 1),
            new OsvBulkUpdater.EcosystemUpdate("Maven", "full", 1));
    assertThat(ok.imported().total()).isEqualTo(38 + 49 + 1);
  }

  @Test
  void missingEcosystemAndBadCsvAreOneLineErrors() throws IOException {
    assertThatThrownBy(() -> new OsvBulkUpdater(db, mirror.toString(), null).update(List.of("npm")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining("npm");
    Files.writeString(
        mirror.resolve("PyPI/modified_id.csv"), "2024-01-01T00:00:00Z,../../etc/passwd\n");
    assertThatThrownBy(
            () -> new OsvBulkUpdater(db, mirror.toString(), null).update(List.of("PyPI")))
        .hasMessageContaining("modified_id.csv")
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("\n");
    assertThat(db).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  void addPypiRecord(String id, String modified) throws IOException {
    Files.writeString(
        mirror.resolve("PyPI/" + id + ".json"),
        """
        {"id": "%s", "modified": "%s", "affected": [{"package": {"ecosystem": "PyPI",
         "name": "drydock-test"}, "versions": ["1.0"]}]}
        """
            .formatted(id, modified));
    Files.writeString(
        mirror.resolve("PyPI/modified_id.csv"),
        modified + "," + id + "\n" + Files.readString(mirror.resolve("PyPI/modified_id.csv")));
  }

  List<Path> leftovers() throws IOException {
    if (!Files.isDirectory(db.getParent())) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(db.getParent())) {
      return s.filter(
              p ->
                  p.getFileName().toString().startsWith("update-")
                      || p.getFileName().toString().contains(".tmp-"))
          .toList();
    }
  }

  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  static void zipDir(Path dir, Path zip) throws IOException {
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (Path f : list(dir)) {
        z.putNextEntry(new ZipEntry(f.getFileName().toString()));
        z.write(Files.readAllBytes(f));
        z.closeEntry();
      }
    }
  }
}
