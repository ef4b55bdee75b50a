package io.drydock.server.scan;

import io.drydock.sbom.Sbom;
import io.drydock.vuln.enrich.EpssScores;
import io.drydock.vuln.enrich.KevCatalog;
import io.drydock.vuln.match.AdvisoryIndex;
import io.drydock.vuln.match.CachedAdvisoryIndex;
import io.drydock.vuln.match.Matcher;
import io.drydock.vuln.match.ScanOptions;
import io.drydock.vuln.match.ScanResult;
import io.drydock.vuln.match.VulnerabilityScanner;
import io.drydock.vuln.store.AdvisoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The advisory database the server matches against: {@code advisories.db} in the server's advisory
 * directory (what {@code drydock db update} writes), with the EPSS scores and KEV catalogue kept
 * beside it when present (the same files {@code drydock scan} reads). Thread-safe.
 */
public final class Advisories {
  static final String[] EPSS_FILES = {"epss_scores-current.csv.gz", "epss_scores-current.csv"};
  static final String KEV_FILE = "known_exploited_vulnerabilities.json";

  private final Path dir;
  private Enrichment enrichment;

  public Advisories(Path dir) {
    this.dir = dir;
  }

  /** The store file. */
  public Path file() {
    return dir.resolve(AdvisoryStore.FILE_NAME);
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /**
   * When the store was last built (its {@code last_update}), or empty when there is no store yet.
   */
  public Optional<Instant> built() throws IOException {
    if (!Files.isRegularFile(file())) {
      return Optional.empty();
    }
    try (AdvisoryStore store = AdvisoryStore.open(file())) {
      return store.metadata("last_update").map(Instant::parse);
    }
  }

  /**
   * Opens a matching session on the store as it is now: one store, one advisory cache for every
   * SBOM matched in it (the file a session opened does not change under it, an update replaces the
   * file), one scanner with EPSS and KEV.
   *
   * @throws NoSuchFileException naming the file when there is no store yet
   */
  public Session open() throws IOException {
    if (!Files.isRegularFile(file())) {
      throw new NoSuchFileException(
          file().toString(), null, "no advisory database yet (the advisory-update job builds it)");
    }
    AdvisoryStore store = AdvisoryStore.open(file());
    try {
      String built = store.metadata("last_update").orElse("unknown");
      return new Session(store, built, scanner());
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private synchronized VulnerabilityScanner scanner() throws IOException {
    Path epss = first(EPSS_FILES);
    Path kev = first(KEV_FILE);
    FileTime epssTime = epss == null ? null : Files.getLastModifiedTime(epss);
    FileTime kevTime = kev == null ? null : Files.getLastModifiedTime(kev);
    Enrichment e = enrichment;
    if (e == null
        || !java.util.Objects.equals(e.epss, epss)
        || !java.util.Objects.equals(e.kev, kev)
        || !java.util.Objects.equals(e.epssTime, epssTime)
        || !java.util.Objects.equals(e.kevTime, kevTime)) {
      // EPSS is a quarter of a million rows: read it once per file version, not per job
      e =
          new Enrichment(
              epss,
              epssTime,
              kev,
              kevTime,
              new VulnerabilityScanner(
                  epss == null ? null : EpssScores.read(epss),
                  kev == null ? null : KevCatalog.read(kev)));
      enrichment = e;
    }
    return e.scanner;
  }

  private Path first(String... names) {
    for (String n : names) {
      Path p = dir.resolve(n);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private record Enrichment(
      Path epss, FileTime epssTime, Path kev, FileTime kevTime, VulnerabilityScanner scanner) {}

  /** One pass of matching against one version of the store. Thread-safe; close it once. */
  public static final class Session implements AutoCloseable {
    private final AdvisoryStore store;
    private final String built;
    private final VulnerabilityScanner scanner;
    private final AdvisoryIndex index;
    private final String description;
    private final ScanOptions options;
    private final Map<String, String> purls = new ConcurrentHashMap<>();

    Session(AdvisoryStore store, String built, VulnerabilityScanner scanner) {
      this.store = store;
      this.built = built;
      this.scanner = scanner;
      this.index = new CachedAdvisoryIndex(AdvisoryIndex.of(store));
      this.description = store.file().getFileName() + " updated " + built;
      Map<MemoMatcher.Key, MemoMatcher.Answer> memo = new ConcurrentHashMap<>();
      List<Matcher> matchers = new ArrayList<>();
      for (Matcher m : ScanOptions.defaults().matchers()) {
        matchers.add(new MemoMatcher(m, memo));
      }
      this.options = new ScanOptions(matchers, ScanOptions.defaults().borrowSeverity());
    }

    /** The store's build ({@code last_update}, ISO instant), or {@code unknown}. */
    public String built() {
      return built;
    }

    /**
     * Matches {@code sbom}; every call shares the session's advisory cache and remembered matcher
     * answers ({@link MemoMatcher}).
     */
    public ScanResult scan(Sbom sbom) throws IOException {
      Instant at;
      try {
        at = Instant.parse(built);
      } catch (RuntimeException e) {
        at = null;
      }
      return scanner.scan(sbom, index, options, description, at);
    }

    /** The finding rows of {@code sbom}. */
    public List<FindingRow> rows(Sbom sbom) throws IOException {
      return FindingRow.of(scan(sbom), purls);
    }

    @Override
    public void close() throws IOException {
      store.close();
    }
  }
}
