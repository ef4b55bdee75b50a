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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
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
  final AtomicBoolean noEtags = new AtomicBoolean();
  final Set<String> wrongMd5 = ConcurrentHashMap.newKeySet();
  final Set<String> closeEarly = ConcurrentHashMap.newKeySet();
  final Set<String> stall = ConcurrentHashMap.newKeySet();
  final java.util.concurrent.CountDownLatch unstall = new java.util.concurrent.CountDownLatch(1);

  /** "path status" per request answered. */
  final List<String> responses = Collections.synchronizedList(new ArrayList<>());

  /** "path header value" per conditional header received. */
  final List<String> conditional = Collections.synchronizedList(new ArrayList<>());

  final AtomicLong bytesSent = new AtomicLong();

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
    unstall.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  /**
   * Serves the mirror as GCS does: ETag (md5 of the content, unless {@link #noEtags}),
   * Last-Modified (the file's mtime), two x-goog-hash headers and Content-Length; answers {@code
   * If-None-Match} (which wins) and {@code If-Modified-Since} with 304.
   */
  String serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          requests.add(path);
          Path f = mirror.resolve(path.substring(1));
          int code;
          if (path.equals("/Maven/all.zip") && failMaven.get()) {
            code = 500;
            ex.sendResponseHeaders(code, -1);
          } else if (!Files.isRegularFile(f)) {
            code = 404;
            ex.sendResponseHeaders(code, -1);
          } else {
            byte[] body = Files.readAllBytes(f);
            String etag = "\"" + HexFormat.of().formatHex(md5(body)) + "\"";
            ZonedDateTime mtime =
                Files.getLastModifiedTime(f)
                    .toInstant()
                    .truncatedTo(ChronoUnit.SECONDS)
                    .atZone(ZoneOffset.UTC);
            String inm = ex.getRequestHeaders().getFirst("If-None-Match");
            String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
            if (inm != null) {
              conditional.add(path + " If-None-Match " + inm);
            }
            if (ims != null) {
              conditional.add(path + " If-Modified-Since " + ims);
            }
            boolean unchanged =
                inm != null
                    ? !noEtags.get() && inm.equals(etag)
                    : ims != null
                        && !mtime.isAfter(
                            ZonedDateTime.parse(ims, DateTimeFormatter.RFC_1123_DATE_TIME));
            if (!noEtags.get()) {
              ex.getResponseHeaders().add("ETag", etag);
            }
            ex.getResponseHeaders()
                .add("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(mtime));
            if (unchanged) {
              code = 304;
              ex.sendResponseHeaders(code, -1);
            } else {
              code = 200;
              byte[] md5 = md5(body);
              if (wrongMd5.contains(path)) {
                md5[0] ^= 1;
              }
              ex.getResponseHeaders().add("x-goog-hash", "crc32c=" + crc32c(body));
              ex.getResponseHeaders()
                  .add("x-goog-hash", "md5=" + Base64.getEncoder().encodeToString(md5));
              byte[] sent = body;
              if (path.equals("/Maven/all.zip") && truncateMaven.get()) {
                sent = java.util.Arrays.copyOf(body, body.length / 2);
              }
              ex.sendResponseHeaders(code, sent.length);
              OutputStream os = ex.getResponseBody();
              if (stall.contains(path)) {
                // Send half of the file, then nothing (the connection stays open) until the test
                // ends.
                os.write(sent, 0, sent.length / 2);
                os.flush();
                responses.add(path + " " + code + " stalled");
                try {
                  unstall.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                throw new IOException("stalled");
              } else if (closeEarly.contains(path)) {
                // Promise the whole file, send half of it, then drop the connection: the
                // server closes it when a handler throws.
                os.write(sent, 0, sent.length / 2);
                os.flush();
                bytesSent.addAndGet(sent.length / 2);
                responses.add(path + " " + code + " closed early");
                throw new IOException("closing early");
              } else {
                os.write(sent);
                os.close();
                bytesSent.addAndGet(sent.length);
              }
            }
          }
          responses.add(path + " " + code);
          ex.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  static byte[] md5(byte[] b) {
    try {
      return MessageDigest.getInstance("MD5").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String crc32c(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
  }

  @Test
  void fullThenIncrementalFromADirectoryMirror() throws IOException {
    OsvBulkUpdater.Result first = new OsvBulkUpdater(db, mirror.toString(), null).update(List.of());
    assertThat(first.ecosystems())
        .containsExactly(
            new OsvBulkUpdater.EcosystemUpdate("Maven", "full", 1),
            new OsvBulkUpdater.EcosystemUpdate("PyPI", "full", 1));
    assertThat(first.imported().total()).isEqualTo(38 + 49);

    // Same size and mtime: modified_id.csv is not read again.
    OsvBulkUpdater.Result second =
        new OsvBulkUpdater(db, mirror.toString(), null).update(List.of("PyPI", "Maven"));
    assertThat(second.ecosystems())
        .containsExactly(
            new OsvBulkUpdater.EcosystemUpdate("PyPI", "current", 0, true),
            new OsvBulkUpdater.EcosystemUpdate("Maven", "current", 0, true));
    // A new mtime alone: the list is read again, nothing in it is newer.
    Path csv = mirror.resolve("PyPI/modified_id.csv");
    Files.setLastModifiedTime(
        csv, FileTime.from(Files.getLastModifiedTime(csv).toInstant().plusSeconds(60)));
    assertThat(new OsvBulkUpdater(db, mirror.toString(), null).update(List.of("PyPI")).ecosystems())
        .containsExactly(new OsvBulkUpdater.EcosystemUpdate("PyPI", "current", 0, false));

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

  @Test
  void unchangedFilesAreAnswered304AndNotDownloaded() throws IOException {
    String url = serve();
    HttpClient http = HttpClient.newHttpClient();
    new OsvBulkUpdater(db, url, http).update(List.of());
    StoreStatus before;
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      before = store.status();
    }
    assertThat(conditional).isEmpty();

    responses.clear();
    bytesSent.set(0);
    OsvBulkUpdater.Result second = new OsvBulkUpdater(db, url, http).update(List.of());
    assertThat(second.ecosystems())
        .containsExactly(
            new OsvBulkUpdater.EcosystemUpdate("Maven", "current", 0, true),
            new OsvBulkUpdater.EcosystemUpdate("PyPI", "current", 0, true));
    assertThat(responses)
        .containsExactly(
            "/ecosystems.txt 200",
            "/Maven/modified_id.csv 404",
            "/Maven/all.zip 304",
            "/PyPI/modified_id.csv 304");
    assertThat(bytesSent.get()).isEqualTo(Files.size(mirror.resolve("ecosystems.txt")));
    assertThat(conditional)
        .anyMatch(c -> c.startsWith("/Maven/all.zip If-None-Match \""))
        .anyMatch(c -> c.startsWith("/PyPI/modified_id.csv If-Modified-Since "));
    assertThat(second.imported().read()).isZero();
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      StoreStatus after = store.status();
      assertThat(after.total()).isEqualTo(before.total()).isEqualTo(38 + 49);
      assertThat(after.perEcosystem()).isEqualTo(before.perEcosystem());
      assertThat(after.sources()).isEqualTo(before.sources());
    }

    // The server's files change: they are downloaded again, and only they.
    responses.clear();
    addMavenRecord("GHSA-dryd-ock0-0001");
    addPypiRecord("PYSEC-9999-1", "2099-01-01T00:00:00Z");
    OsvBulkUpdater.Result third =
        new OsvBulkUpdater(db, url, http).update(List.of("Maven", "PyPI"));
    assertThat(third.ecosystems())
        .containsExactly(
            new OsvBulkUpdater.EcosystemUpdate("Maven", "full", 1, false),
            new OsvBulkUpdater.EcosystemUpdate("PyPI", "incremental", 1, false));
    assertThat(responses)
        .containsExactly(
            "/Maven/modified_id.csv 404",
            "/Maven/all.zip 200",
            "/PyPI/modified_id.csv 200",
            "/PyPI/PYSEC-9999-1.json 200");
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.get("GHSA-dryd-ock0-0001")).isPresent();
      assertThat(store.get("PYSEC-9999-1")).isPresent();
      assertThat(store.status().total()).isEqualTo(38 + 49 + 2);
    }

    // And after that, unchanged again.
    responses.clear();
    new OsvBulkUpdater(db, url, http).update(List.of("Maven", "PyPI"));
    assertThat(responses)
        .containsExactly(
            "/Maven/modified_id.csv 404", "/Maven/all.zip 304", "/PyPI/modified_id.csv 304");
  }

  @Test
  void lastModifiedAloneMakesTheRequestConditional() throws IOException {
    noEtags.set(true);
    String url = serve();
    HttpClient http = HttpClient.newHttpClient();
    Path zip = mirror.resolve("Maven/all.zip");
    Instant old = Instant.parse("2024-01-01T00:00:00Z");
    Files.setLastModifiedTime(zip, FileTime.from(old));
    new OsvBulkUpdater(db, url, http).update(List.of("Maven"));

    responses.clear();
    assertThat(new OsvBulkUpdater(db, url, http).update(List.of("Maven")).ecosystems())
        .containsExactly(new OsvBulkUpdater.EcosystemUpdate("Maven", "current", 0, true));
    assertThat(responses).containsExactly("/Maven/modified_id.csv 404", "/Maven/all.zip 304");
    assertThat(conditional)
        .containsExactly("/Maven/all.zip If-Modified-Since Mon, 1 Jan 2024 00:00:00 GMT");

    responses.clear();
    addMavenRecord("GHSA-dryd-ock0-0001");
    Files.setLastModifiedTime(zip, FileTime.from(old.plusSeconds(1)));
    assertThat(new OsvBulkUpdater(db, url, http).update(List.of("Maven")).ecosystems())
        .containsExactly(new OsvBulkUpdater.EcosystemUpdate("Maven", "full", 1, false));
    assertThat(responses).containsExactly("/Maven/modified_id.csv 404", "/Maven/all.zip 200");
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.get("GHSA-dryd-ock0-0001")).isPresent();
    }
  }

  @Test
  void aWrongMd5FailsTheUpdateAndKeepsThePreviousStore() throws IOException {
    String url = serve();
    HttpClient http = HttpClient.newHttpClient();
    new OsvBulkUpdater(db, url, http).update(List.of("PyPI"));
    byte[] before = Files.readAllBytes(db);

    wrongMd5.add("/Maven/all.zip");
    assertThatThrownBy(() -> new OsvBulkUpdater(db, url, http).update(List.of("PyPI", "Maven")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(url + "Maven/all.zip: md5 mismatch: x-goog-hash says ")
        .hasMessageContaining(
            ", received "
                + Base64.getEncoder()
                    .encodeToString(md5(Files.readAllBytes(mirror.resolve("Maven/all.zip")))))
        .hasMessageNotContaining("\n");

    // The same for one record fetched incrementally.
    addPypiRecord("PYSEC-9999-1", "2099-01-01T00:00:00Z");
    wrongMd5.add("/PyPI/PYSEC-9999-1.json");
    assertThatThrownBy(() -> new OsvBulkUpdater(db, url, http).update(List.of("PyPI")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(url + "PyPI/PYSEC-9999-1.json: md5 mismatch");

    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.status().total()).isEqualTo(49);
      assertThat(store.get("PYSEC-9999-1")).isEmpty();
    }
    assertThat(leftovers()).isEmpty();

    wrongMd5.clear();
    assertThat(new OsvBulkUpdater(db, url, http).update(List.of("PyPI", "Maven")).ecosystems())
        .containsExactly(
            new OsvBulkUpdater.EcosystemUpdate("PyPI", "incremental", 1),
            new OsvBulkUpdater.EcosystemUpdate("Maven", "full", 1));
  }

  @Test
  void aBodyShorterThanItsContentLengthFailsAndKeepsThePreviousStore() throws IOException {
    String url = serve();
    HttpClient http = HttpClient.newHttpClient();
    new OsvBulkUpdater(db, url, http).update(List.of("PyPI"));
    byte[] before = Files.readAllBytes(db);

    closeEarly.add("/Maven/all.zip");
    assertThatThrownBy(() -> new OsvBulkUpdater(db, url, http).update(List.of("PyPI", "Maven")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(url + "Maven/all.zip: download failed after ")
        .hasMessageNotContaining("\n");
    assertThat(responses).contains("/Maven/all.zip 200 closed early");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    try (AdvisoryStore store = AdvisoryStore.open(db)) {
      assertThat(store.status().total()).isEqualTo(49);
      assertThat(store.status().perEcosystem()).doesNotContainKey("Maven");
    }
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aDownloadThatStallsIsGivenUpAndThePreviousStoreKept() throws IOException {
    String url = serve();
    HttpClient http = HttpClient.newHttpClient();
    new OsvBulkUpdater(db, url, http).update(List.of("PyPI"));
    byte[] before = Files.readAllBytes(db);

    stall.add("/Maven/all.zip");
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                new OsvBulkUpdater(db, url, http, java.time.Duration.ofMillis(500))
                    .update(List.of("PyPI", "Maven")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(url + "Maven/all.zip: download failed after ")
        .hasMessageContaining("no data for 1 s, gave up")
        .hasMessageNotContaining("\n");
    assertThat(System.nanoTime() - start).as("gave up, did not hang").isLessThan(30_000_000_000L);
    assertThat(responses).contains("/Maven/all.zip 200 stalled");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aFailedImportStoresNoValidators() throws IOException {
    String url = serve();
    HttpClient http = HttpClient.newHttpClient();
    new OsvBulkUpdater(db, url, http).update(List.of("PyPI"));
    addPypiRecord("PYSEC-9999-1", "2099-01-01T00:00:00Z");

    // Every download succeeds; the import cannot take the lock and fails.
    responses.clear();
    try (FileChannel ch =
            FileChannel.open(
                db.resolveSibling(".import.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      assertThatThrownBy(() -> new OsvBulkUpdater(db, url, http).update(List.of("PyPI", "Maven")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another import is running");
    }
    assertThat(responses)
        .containsExactly(
            "/PyPI/modified_id.csv 200",
            "/PyPI/PYSEC-9999-1.json 200",
            "/Maven/modified_id.csv 404",
            "/Maven/all.zip 200");

    // Nothing was remembered: the same files are downloaded again, not answered 304.
    responses.clear();
    OsvBulkUpdater.Result ok = new OsvBulkUpdater(db, url, http).update(List.of("PyPI", "Maven"));
    assertThat(responses)
        .containsExactly(
            "/PyPI/modified_id.csv 200",
            "/PyPI/PYSEC-9999-1.json 200",
            "/Maven/modified_id.csv 404",
            "/Maven/all.zip 200");
    assertThat(ok.ecosystems())
        .containsExactly(
            new OsvBulkUpdater.EcosystemUpdate("PyPI", "incremental", 1),
            new OsvBulkUpdater.EcosystemUpdate("Maven", "full", 1));
    assertThat(ok.imported().total()).isEqualTo(38 + 49 + 1);
  }

  /** Rewrites Maven/all.zip with one more record. */
  void addMavenRecord(String id) throws IOException {
    Path extra = tmp.resolve("extra");
    Files.createDirectories(extra);
    for (Path f : list(AdvisoryStoreTest.advisories().resolve("ghsa"))) {
      Files.copy(f, extra.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(
        extra.resolve(id + ".json"),
        """
        {"id": "%s", "modified": "2099-01-01T00:00:00Z", "affected": [{"package":
         {"ecosystem": "Maven", "name": "io.drydock:test"}, "versions": ["1.0"]}]}
        """
            .formatted(id));
    zipDir(extra, mirror.resolve("Maven/all.zip"));
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
