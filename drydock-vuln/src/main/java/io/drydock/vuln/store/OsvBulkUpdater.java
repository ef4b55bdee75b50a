package io.drydock.vuln.store;

import io.drydock.vuln.OsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Updates the store from the OSV bulk layout ({@code <ecosystem>/all.zip}, {@code
 * <ecosystem>/modified_id.csv}, {@code <ecosystem>/<id>.json}, {@code ecosystems.txt}) served over
 * HTTP(S) or kept in a local directory (an air-gapped mirror).
 *
 * <p>Per ecosystem: the first update downloads {@code all.zip}; when the source also has {@code
 * modified_id.csv} (read before the zip), its newest timestamp is kept as the ecosystem's
 * watermark, and later updates fetch only the records modified after it, one {@code <id>.json}
 * each. Without {@code modified_id.csv} every update downloads {@code all.zip} again. Everything
 * downloaded is staged in {@code <db dir>/update-<random>/} and imported in one atomic step with
 * {@link AdvisoryImporter}, so a failed or interrupted update leaves the previous store. Not
 * thread-safe.
 */
public final class OsvBulkUpdater {
  /** OSV.dev's public export. */
  public static final String DEFAULT_SOURCE = "https://osv-vulnerabilities.storage.googleapis.com";

  /** Largest {@code all.zip} downloaded. */
  static final long MAX_ZIP_BYTES = 4L * 1024 * 1024 * 1024;

  /** Largest {@code modified_id.csv} or {@code ecosystems.txt} read. */
  static final long MAX_LIST_BYTES = 256L * 1024 * 1024;

  /**
   * What happened for one ecosystem.
   *
   * @param ecosystem as named in the bulk layout
   * @param mode {@code full} (all.zip), {@code incremental} (records after the watermark) or {@code
   *     current} (nothing newer)
   * @param files files fetched
   */
  public record EcosystemUpdate(String ecosystem, String mode, int files) {}

  /** The per-ecosystem actions and the import they fed. */
  public record Result(List<EcosystemUpdate> ecosystems, ImportResult imported) {
    public Result {
      ecosystems = List.copyOf(ecosystems);
    }
  }

  private final Path dbFile;
  private final String source;
  private final HttpClient http;

  /**
   * @param source an {@code http(s)://} base URL or a local directory holding the bulk layout
   * @param http used for HTTP sources; may be null for a directory
   */
  public OsvBulkUpdater(Path dbFile, String source, HttpClient http) {
    this.dbFile = dbFile.toAbsolutePath().normalize();
    this.source = stripSlash(Objects.requireNonNull(source, "source"));
    this.http = http;
  }

  private boolean remote() {
    return source.startsWith("http://") || source.startsWith("https://");
  }

  /**
   * Updates {@code ecosystems} (names as in the bulk layout, e.g. {@code PyPI}, {@code Debian:12}),
   * or every ecosystem listed in the source's {@code ecosystems.txt} when empty.
   */
  public Result update(List<String> ecosystems) throws IOException {
    List<String> names = ecosystems.isEmpty() ? listEcosystems() : List.copyOf(ecosystems);
    Files.createDirectories(dbFile.getParent());
    Path staging = dbFile.resolveSibling("update-" + random());
    Files.createDirectory(staging);
    try {
      Map<String, Instant> watermarks = watermarks(names);
      List<AdvisoryImporter.Input> inputs = new ArrayList<>();
      Map<String, String> meta = new LinkedHashMap<>();
      List<EcosystemUpdate> done = new ArrayList<>();
      int n = 0;
      for (String eco : names) {
        Path ecoDir = staging.resolve(String.valueOf(n++));
        Files.createDirectory(ecoDir);
        Optional<byte[]> csv = fetchOptional(eco + "/modified_id.csv", MAX_LIST_BYTES);
        List<Modified> modified = csv.isPresent() ? parseCsv(csv.get(), eco) : List.of();
        Instant newest =
            modified.stream().map(Modified::at).max(Comparator.naturalOrder()).orElse(null);
        Instant mark = watermarks.get(eco);
        if (csv.isPresent() && mark != null) {
          List<Modified> fresh = modified.stream().filter(m -> m.at().isAfter(mark)).toList();
          int i = 0;
          for (Modified m : fresh) {
            Path f = ecoDir.resolve(i++ + "-" + safeFileName(m.id()) + ".json");
            Files.write(f, fetch(eco + "/" + m.id() + ".json", OsvParser.MAX_RECORD_BYTES));
          }
          done.add(
              new EcosystemUpdate(eco, fresh.isEmpty() ? "current" : "incremental", fresh.size()));
          if (!fresh.isEmpty()) {
            inputs.add(new AdvisoryImporter.Input(ecoDir, url(eco + "/")));
          }
        } else {
          Path zip = ecoDir.resolve("all.zip");
          download(eco + "/all.zip", zip);
          inputs.add(new AdvisoryImporter.Input(zip, url(eco + "/all.zip")));
          done.add(new EcosystemUpdate(eco, "full", 1));
        }
        if (newest != null) {
          meta.put(watermarkKey(eco), newest.toString());
        }
      }
      ImportResult imported = new AdvisoryImporter(dbFile).importInputs(inputs, meta);
      return new Result(done, imported);
    } finally {
      deleteTree(staging);
    }
  }

  private Map<String, Instant> watermarks(List<String> names) throws IOException {
    Map<String, Instant> out = new LinkedHashMap<>();
    if (!Files.exists(dbFile)) {
      return out;
    }
    try (AdvisoryStore store = AdvisoryStore.open(dbFile)) {
      for (String eco : names) {
        Optional<String> v = store.metadata(watermarkKey(eco));
        if (v.isPresent()) {
          out.put(eco, Instant.parse(v.get()));
        }
      }
    }
    return out;
  }

  private String watermarkKey(String ecosystem) {
    return "osv-bulk-modified " + source + " " + ecosystem;
  }

  private List<String> listEcosystems() throws IOException {
    String text = new String(fetch("ecosystems.txt", MAX_LIST_BYTES), StandardCharsets.UTF_8);
    List<String> out = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (out.isEmpty()) {
      throw new IOException(url("ecosystems.txt") + ": lists no ecosystems");
    }
    return out;
  }

  private record Modified(Instant at, String id) {}

  private List<Modified> parseCsv(byte[] bytes, String eco) throws IOException {
    List<Modified> out = new ArrayList<>();
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      int comma = line.indexOf(',');
      try {
        if (comma < 0) {
          throw new DateTimeParseException("no comma", line, 0);
        }
        String id = line.substring(comma + 1).strip();
        // The id names a file in the layout: refuse anything that could leave the ecosystem folder.
        if (id.isEmpty() || id.contains("/") || id.contains("\\") || id.contains("..")) {
          throw new DateTimeParseException("bad id", line, comma + 1);
        }
        out.add(new Modified(Instant.parse(line.substring(0, comma).strip()), id));
      } catch (DateTimeParseException e) {
        throw new IOException(
            url(eco + "/modified_id.csv")
                + ": line "
                + (i + 1)
                + " is not 'timestamp,id': "
                + line.replaceAll("\\p{Cntrl}", "?"));
      }
    }
    return out;
  }

  private String url(String relative) {
    return source + "/" + relative;
  }

  private Optional<byte[]> fetchOptional(String relative, long max) throws IOException {
    try {
      return Optional.of(fetch(relative, max));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private byte[] fetch(String relative, long max) throws IOException {
    try (InputStream in = open(relative)) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (b.length > max) {
        throw new IOException(url(relative) + ": larger than " + max + " bytes, refused");
      }
      return b;
    }
  }

  private void download(String relative, Path to) throws IOException {
    try (InputStream in = open(relative);
        OutputStream out = Files.newOutputStream(to)) {
      byte[] buf = new byte[64 * 1024];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > MAX_ZIP_BYTES) {
          throw new IOException(
              url(relative) + ": larger than " + MAX_ZIP_BYTES + " bytes, refused");
        }
        out.write(buf, 0, n);
      }
    }
  }

  /** Opens {@code relative}; a missing file is a {@link java.nio.file.NoSuchFileException}. */
  private InputStream open(String relative) throws IOException {
    if (!remote()) {
      Path p = Path.of(source).resolve(relative);
      if (!Files.isRegularFile(p)) {
        throw new java.nio.file.NoSuchFileException(p.toString());
      }
      return Files.newInputStream(p);
    }
    if (http == null) {
      throw new IllegalStateException("no HTTP client for " + source);
    }
    URI uri = URI.create(source + "/" + encodePath(relative));
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build();
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(uri + ": interrupted", e);
    } catch (IOException e) {
      throw new IOException(
          uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    int code = resp.statusCode();
    if (code == 200) {
      return resp.body();
    }
    resp.body().close();
    if (code == 404) {
      throw new java.nio.file.NoSuchFileException(uri.toString());
    }
    throw new IOException(uri + ": HTTP " + code);
  }

  static String encodePath(String relative) {
    StringBuilder sb = new StringBuilder();
    for (String part : relative.split("/", -1)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }

  private static String safeFileName(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String random() {
    byte[] b = new byte[8];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
