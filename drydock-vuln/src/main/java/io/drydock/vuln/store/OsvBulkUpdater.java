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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Updates the store from the OSV bulk layout ({@code <ecosystem>/all.zip}, {@code
 * <ecosystem>/modified_id.csv}, {@code <ecosystem>/<id>.json}, {@code ecosystems.txt}) served over
 * HTTP(S) or kept in a local directory (an air-gapped mirror).
 *
 * <p>Per ecosystem: the first update downloads {@code all.zip}; when the source also has {@code
 * modified_id.csv} (read before the zip), its newest timestamp is kept as the ecosystem's
 * watermark, and later updates fetch only the records modified after it, one {@code <id>.json}
 * each. Without {@code modified_id.csv} every update asks for {@code all.zip} again. Both files are
 * requested conditionally ({@code If-None-Match}, {@code If-Modified-Since}; size and modification
 * time in a directory), so an unchanged ecosystem costs one 304 and no download; the validators are
 * stored in the store's metadata with the import that used the file. Every HTTP body is checked
 * against its {@code Content-Length} and Cloud Storage's {@code x-goog-hash} ({@link
 * DownloadCheck}) before it is used. Everything downloaded is staged in {@code <db
 * dir>/update-<random>/} and imported in one atomic step with {@link AdvisoryImporter}, so a failed
 * or interrupted update leaves the previous store. Not thread-safe.
 */
public final class OsvBulkUpdater {
  /** OSV.dev's public export. */
  public static final String DEFAULT_SOURCE = "https://osv-vulnerabilities.storage.googleapis.com";

  /** A download that receives nothing for this long is given up ({@link StallGuard}). */
  static final Duration STALL_AFTER = Duration.ofSeconds(60);

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
   * @param notModified the source said the file deciding the mode ({@code modified_id.csv}, or
   *     {@code all.zip} without one) is unchanged since the last successful update (HTTP 304, or
   *     the same size and modification time in a directory), so it was not read again
   */
  public record EcosystemUpdate(String ecosystem, String mode, int files, boolean notModified) {
    public EcosystemUpdate(String ecosystem, String mode, int files) {
      this(ecosystem, mode, files, false);
    }
  }

  /** The per-ecosystem actions and the import they fed. */
  public record Result(List<EcosystemUpdate> ecosystems, ImportResult imported) {
    public Result {
      ecosystems = List.copyOf(ecosystems);
    }
  }

  private final Path dbFile;
  private final String source;
  private final HttpClient http;
  private final Duration stallAfter;
  private Consumer<String> progress = text -> {};

  /**
   * @param source an {@code http(s)://} base URL or a local directory holding the bulk layout
   * @param http used for HTTP sources; may be null for a directory
   */
  public OsvBulkUpdater(Path dbFile, String source, HttpClient http) {
    this(dbFile, source, http, STALL_AFTER);
  }

  /**
   * @param stallAfter how long a download may go without receiving a byte before it is given up
   */
  OsvBulkUpdater(Path dbFile, String source, HttpClient http, Duration stallAfter) {
    this.dbFile = dbFile.toAbsolutePath().normalize();
    this.source = stripSlash(Objects.requireNonNull(source, "source"));
    this.http = http;
    this.stallAfter = stallAfter;
  }

  /**
   * Tells {@code progress} what the update is doing (ecosystem, file, bytes, records), for a
   * progress line; called often, so it must be cheap. Returns this updater.
   */
  public OsvBulkUpdater progress(Consumer<String> progress) {
    this.progress = Objects.requireNonNull(progress, "progress");
    return this;
  }

  private boolean remote() {
    return source.startsWith("http://") || source.startsWith("https://");
  }

  /**
   * Updates {@code ecosystems} (names as in the bulk layout, e.g. {@code PyPI}, {@code Debian:12}),
   * or every ecosystem listed in the source's {@code ecosystems.txt} when empty.
   *
   * <p>{@code modified_id.csv} and {@code all.zip} are requested conditionally with the validators
   * of the copy the last successful update imported ({@code If-None-Match} with its {@code ETag},
   * {@code If-Modified-Since} with its {@code Last-Modified}; size and modification time for a
   * directory); an unchanged file is neither downloaded nor imported. Validators are written with
   * the import, so a failed update does not make the next one skip anything. Every HTTP body is
   * checked against its {@code Content-Length} and {@code x-goog-hash} before it is used.
   */
  public Result update(List<String> ecosystems) throws IOException {
    List<String> names = ecosystems.isEmpty() ? listEcosystems() : List.copyOf(ecosystems);
    Files.createDirectories(dbFile.getParent());
    Path staging = dbFile.resolveSibling("update-" + random());
    Files.createDirectory(staging);
    try {
      Map<String, String> previous = previousMetadata(names);
      List<AdvisoryImporter.Input> inputs = new ArrayList<>();
      Map<String, String> meta = new LinkedHashMap<>();
      List<EcosystemUpdate> done = new ArrayList<>();
      int n = 0;
      for (String eco : names) {
        String step = "updating " + eco + " (" + (n + 1) + "/" + names.size() + ")";
        progress.accept(step + ": modified_id.csv");
        Path ecoDir = staging.resolve(String.valueOf(n++));
        Files.createDirectory(ecoDir);
        String csvName = eco + "/modified_id.csv";
        Optional<Fetched> csv = fetchOptional(csvName, MAX_LIST_BYTES, previous);
        String markText = previous.get(watermarkKey(eco));
        Instant mark = markText == null ? null : Instant.parse(markText);
        if (csv.isPresent() && csv.get().notModified() && mark != null) {
          // The list the last update worked through is unchanged: so is every record it names.
          done.add(new EcosystemUpdate(eco, "current", 0, true));
          continue;
        }
        byte[] csvBytes = csv.map(Fetched::bytes).orElse(null);
        List<Modified> modified = csvBytes != null ? parseCsv(csvBytes, eco) : List.of();
        Instant newest =
            modified.stream().map(Modified::at).max(Comparator.naturalOrder()).orElse(null);
        if (csvBytes != null && mark != null) {
          List<Modified> fresh = modified.stream().filter(m -> m.at().isAfter(mark)).toList();
          int i = 0;
          for (Modified m : fresh) {
            progress.accept(step + ": record " + (i + 1) + "/" + fresh.size());
            Path f = ecoDir.resolve(i++ + "-" + safeFileName(m.id()) + ".json");
            Files.write(
                f, fetch(eco + "/" + m.id() + ".json", OsvParser.MAX_RECORD_BYTES, null).bytes());
          }
          done.add(
              new EcosystemUpdate(eco, fresh.isEmpty() ? "current" : "incremental", fresh.size()));
          if (!fresh.isEmpty()) {
            inputs.add(new AdvisoryImporter.Input(ecoDir, url(eco + "/")));
          }
        } else {
          String zipName = eco + "/all.zip";
          Path zip = ecoDir.resolve("all.zip");
          Fetched got = download(zipName, zip, previous, step);
          if (got.notModified()) {
            done.add(new EcosystemUpdate(eco, "current", 0, true));
          } else {
            inputs.add(new AdvisoryImporter.Input(zip, url(zipName)));
            done.add(new EcosystemUpdate(eco, "full", 1));
            meta.put(validatorKey(zipName), got.validator());
          }
        }
        if (csv.isPresent() && !csv.get().notModified()) {
          meta.put(validatorKey(csvName), csv.get().validator());
        }
        if (newest != null) {
          meta.put(watermarkKey(eco), newest.toString());
        }
      }
      ImportResult imported =
          new AdvisoryImporter(
                  dbFile,
                  AdvisoryImporter.Limits.DEFAULT,
                  (from, records) -> progress.accept("importing: " + records + " records read"),
                  java.time.Clock.systemUTC())
              .importInputs(inputs, meta);
      return new Result(done, imported);
    } finally {
      deleteTree(staging);
    }
  }

  /** The watermarks and validators the store holds for {@code names} from this source. */
  private Map<String, String> previousMetadata(List<String> names) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.exists(dbFile)) {
      return out;
    }
    try (AdvisoryStore store = AdvisoryStore.open(dbFile)) {
      for (String eco : names) {
        for (String key :
            List.of(
                watermarkKey(eco),
                validatorKey(eco + "/modified_id.csv"),
                validatorKey(eco + "/all.zip"))) {
          store.metadata(key).ifPresent(v -> out.put(key, v));
        }
      }
    }
    return out;
  }

  private String watermarkKey(String ecosystem) {
    return "osv-bulk-modified " + source + " " + ecosystem;
  }

  /**
   * The metadata key of the validators of {@code relative}: for HTTP, lines {@code etag=<ETag>} and
   * {@code last-modified=<Last-Modified>} as the server sent them; for a directory, {@code
   * size=<bytes> mtime=<instant>}; empty when there are none.
   */
  private String validatorKey(String relative) {
    return "osv-bulk-validators " + url(relative);
  }

  private List<String> listEcosystems() throws IOException {
    String text =
        new String(fetch("ecosystems.txt", MAX_LIST_BYTES, null).bytes(), StandardCharsets.UTF_8);
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

  /**
   * A file read from the source, or nothing when a conditional request found it unchanged.
   *
   * @param bytes the content ({@link #fetch}) or null ({@link #download}, or not modified)
   * @param validator to store once the content is imported; empty when there is none
   */
  private record Fetched(boolean notModified, byte[] bytes, String validator) {}

  private Optional<Fetched> fetchOptional(String relative, long max, Map<String, String> previous)
      throws IOException {
    try {
      return Optional.of(fetch(relative, max, previous));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads {@code relative} whole; conditionally when {@code previous} (may be null) holds its
   * validators.
   */
  private Fetched fetch(String relative, long max, Map<String, String> previous)
      throws IOException {
    Opened o = open(relative, previous == null ? null : previous.get(validatorKey(relative)));
    if (o.body() == null) {
      return new Fetched(true, null, o.validator());
    }
    try (InputStream in = o.body()) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (b.length > max) {
        throw new IOException(url(relative) + ": larger than " + max + " bytes, refused");
      }
      finish(in);
      return new Fetched(false, b, o.validator());
    }
  }

  /** Copies {@code relative} to {@code to} unless a conditional request finds it unchanged. */
  private Fetched download(String relative, Path to, Map<String, String> previous, String step)
      throws IOException {
    Opened o = open(relative, previous.get(validatorKey(relative)));
    if (o.body() == null) {
      return new Fetched(true, null, o.validator());
    }
    try (InputStream in = o.body();
        OutputStream out = Files.newOutputStream(to)) {
      byte[] buf = new byte[64 * 1024];
      long total = 0;
      long shown = 0;
      for (int n; (n = in.read(buf)) >= 0; ) {
        total += n;
        if (total - shown >= 1 << 20) { // about every MiB, not every buffer
          shown = total;
          progress.accept(step + ": all.zip " + String.format(Locale.ROOT, "%.1f MB", total / 1e6));
        }
        if (total > MAX_ZIP_BYTES) {
          throw new IOException(
              url(relative) + ": larger than " + MAX_ZIP_BYTES + " bytes, refused");
        }
        out.write(buf, 0, n);
      }
      finish(in);
    }
    return new Fetched(false, null, o.validator());
  }

  private static void finish(InputStream in) throws IOException {
    if (in instanceof DownloadCheck check) {
      check.finish();
    }
  }

  /**
   * An opened file: {@code body} null when the source says it has not changed since {@code
   * validator} (the one sent), else the validator that describes this body.
   */
  private record Opened(InputStream body, String validator) {}

  /**
   * Opens {@code relative}, conditionally when {@code validator} is not null or empty; a missing
   * file is a {@link java.nio.file.NoSuchFileException}. HTTP bodies are {@link DownloadCheck}ed.
   */
  private Opened open(String relative, String validator) throws IOException {
    boolean conditional = validator != null && !validator.isEmpty();
    if (!remote()) {
      Path p = Path.of(source).resolve(relative);
      if (!Files.isRegularFile(p)) {
        throw new java.nio.file.NoSuchFileException(p.toString());
      }
      // Taken before reading: a file replaced while it is read is read again next time.
      String now = "size=" + Files.size(p) + " mtime=" + Files.getLastModifiedTime(p).toInstant();
      if (conditional && now.equals(validator)) {
        return new Opened(null, validator);
      }
      return new Opened(Files.newInputStream(p), now);
    }
    if (http == null) {
      throw new IllegalStateException("no HTTP client for " + source);
    }
    URI uri = URI.create(source + "/" + encodePath(relative));
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET();
    if (conditional) {
      Map<String, String> sent = parseValidator(validator);
      if (sent.containsKey("etag")) {
        req.header("If-None-Match", sent.get("etag"));
      }
      if (sent.containsKey("last-modified")) {
        req.header("If-Modified-Since", sent.get("last-modified"));
      }
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(uri + ": interrupted", e);
    } catch (IOException e) {
      throw new IOException(
          uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    int code = resp.statusCode();
    if (code == 200) {
      StringBuilder v = new StringBuilder();
      for (String h : List.of("etag", "last-modified")) {
        Optional<String> value = resp.headers().firstValue(h).map(String::strip);
        if (value.isPresent() && !value.get().isEmpty() && !value.get().contains("\n")) {
          v.append(v.length() == 0 ? "" : "\n").append(h).append('=').append(value.get());
        }
      }
      return new Opened(
          DownloadCheck.of(
              new StallGuard(resp.body(), uri.toString(), stallAfter),
              uri.toString(),
              resp.headers()),
          v.toString());
    }
    resp.body().close();
    if (code == 304 && conditional) {
      return new Opened(null, validator);
    }
    if (code == 404) {
      throw new java.nio.file.NoSuchFileException(uri.toString());
    }
    throw new IOException(uri + ": HTTP " + code);
  }

  private static Map<String, String> parseValidator(String validator) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : validator.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
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
