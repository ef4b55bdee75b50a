package io.drydock.vuln.store;

import io.drydock.vuln.Advisory;
import io.drydock.vuln.Affected;
import io.drydock.vuln.Ecosystem;
import io.drydock.vuln.OsvFormatException;
import io.drydock.vuln.OsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Imports OSV records from JSON files, directories (recursively, {@code *.json}, symbolic links not
 * followed) and zip files (entries {@code *.json}) into the store file {@code dbFile}.
 *
 * <p>Atomic: a new file {@code <dbFile>.tmp-<random>} is written beside the target (starting from a
 * copy of the existing store, if any), synced, and moved over the target with {@code ATOMIC_MOVE}.
 * When anything fails the temporary file is deleted and the previous store is left as it was;
 * readers never see a partial file. Importers of the same directory are serialised by a lock file
 * ({@code .import.lock}); temporary files left by a killed importer are removed by the next one.
 *
 * <p>Invalid records are counted and reported, not fatal. When an id repeats, the record with the
 * later {@code modified} wins (on a tie the stored one stays). A zip whose entry names escape
 * ({@code ..}, absolute), that has too many entries, or whose entries decompress to more than the
 * total limit is refused and fails the import; a single entry over {@link Limits#maxEntryBytes()}
 * is an invalid record. Not thread-safe; use one instance per import.
 */
public final class AdvisoryImporter {
  /** How many invalid records are described in {@link ImportResult#invalidExamples()}. */
  public static final int INVALID_EXAMPLES = 5;

  /**
   * Bounds on zip input.
   *
   * @param maxEntries most entries a zip may list
   * @param maxEntryBytes largest record (decompressed bytes) accepted from an entry
   * @param maxTotalBytes most decompressed bytes read from one zip
   */
  public record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes) {
    /** 2 million entries, 4 MiB per entry, 8 GiB in total (OSV's largest all.zip is far below). */
    public static final Limits DEFAULT =
        new Limits(2_000_000, OsvParser.MAX_RECORD_BYTES, 8L * 1024 * 1024 * 1024);
  }

  /** Called after each valid record is staged; an exception thrown here fails the import. */
  @FunctionalInterface
  public interface Progress {
    void recordRead(String source, long recordsSoFar) throws IOException;
  }

  private final Path dbFile;
  private final Limits limits;
  private final Progress progress;
  private final Clock clock;

  private Connection db;
  private PreparedStatement selectModified;
  private PreparedStatement upsertAdvisory;
  private PreparedStatement deleteAffected;
  private PreparedStatement insertAffected;
  private long read;
  private long added;
  private long replaced;
  private long unchanged;
  private long invalid;
  private final List<String> examples = new ArrayList<>();
  private final List<Pending> pending = new ArrayList<>();
  private long pendingBytes;

  private static final int BATCH_RECORDS = 1024;
  private static final long BATCH_BYTES = 32L * 1024 * 1024;

  /** An importer into {@code dbFile} (created with its directory when absent). */
  public AdvisoryImporter(Path dbFile) {
    this(dbFile, Limits.DEFAULT, (s, n) -> {}, Clock.systemUTC());
  }

  public AdvisoryImporter(Path dbFile, Limits limits, Progress progress, Clock clock) {
    this.dbFile = dbFile.toAbsolutePath().normalize();
    this.limits = Objects.requireNonNull(limits, "limits");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Imports every path in {@code inputs} in one atomic step. Throws {@link NoSuchFileException}
   * before writing anything when an input does not exist; any other failure leaves the previous
   * store unchanged.
   */
  public ImportResult importPaths(List<Path> inputs) throws IOException {
    List<Input> list = new ArrayList<>();
    for (Path p : inputs) {
      Path abs = p.toAbsolutePath().normalize();
      list.add(new Input(abs, abs.toString()));
    }
    return importInputs(list, Map.of());
  }

  /**
   * One input: a file, directory or zip at {@code path}, recorded in the store's sources as {@code
   * location} (a URL when {@code path} is a downloaded copy).
   */
  public record Input(Path path, String location) {
    public Input {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(location, "location");
    }
  }

  /**
   * As {@link #importPaths}, recording each input under its location and writing {@code metadata}
   * (key/value pairs in the store's metadata table) in the same atomic step.
   */
  public ImportResult importInputs(List<Input> inputs, Map<String, String> metadata)
      throws IOException {
    List<Input> paths = List.copyOf(inputs);
    for (Input in : paths) {
      if (!Files.exists(in.path())) {
        throw new NoSuchFileException(in.path().toString());
      }
    }
    Map<String, String> meta = Map.copyOf(metadata);
    Path dir = dbFile.getParent();
    Files.createDirectories(dir);
    Path lockFile = dir.resolve(".import.lock");
    try (FileChannel lockChannel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(lockChannel)) {
      removeStaleTemporaries(dir);
      Path tmp = dir.resolve(dbFile.getFileName() + ".tmp-" + random());
      try {
        ImportResult result = build(tmp, paths, meta);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(tmp, dbFile, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
        return result;
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private FileLock tryLock(FileChannel channel) throws IOException {
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException(dbFile.getParent() + ": another import is running (lock held)");
      }
      return lock;
    } catch (OverlappingFileLockException e) {
      throw new IOException(dbFile.getParent() + ": another import is running (lock held)", e);
    }
  }

  private void removeStaleTemporaries(Path dir) throws IOException {
    try (DirectoryStream<Path> ds =
        Files.newDirectoryStream(dir, dbFile.getFileName() + ".tmp-*")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
      }
    }
  }

  private ImportResult build(Path tmp, List<Input> paths, Map<String, String> meta)
      throws IOException {
    boolean existing = Files.exists(dbFile);
    if (existing) {
      // Refuse a corrupt or foreign store instead of silently replacing it.
      try (AdvisoryStore old = AdvisoryStore.open(dbFile)) {
        old.status();
      }
      Files.copy(dbFile, tmp);
    }
    try {
      db = StoreSchema.openPrivateWritable(tmp);
    } catch (SQLException e) {
      throw StoreSchema.corrupt(tmp, e);
    }
    try {
      if (existing) {
        StoreSchema.check(db, dbFile);
      } else {
        StoreSchema.create(db);
      }
      prepare();
      for (Input in : paths) {
        long readBefore = read;
        long invalidBefore = invalid;
        importPath(in.path());
        flush();
        recordSource(in.location(), read - readBefore, invalid - invalidBefore);
      }
      for (Map.Entry<String, String> m : meta.entrySet()) {
        StoreSchema.setMeta(db, m.getKey(), m.getValue());
      }
      StoreSchema.setMeta(db, "last_update", clock.instant().toString());
      long total;
      try (PreparedStatement ps = db.prepareStatement("SELECT count(*) FROM advisory");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        total = rs.getLong(1);
      }
      db.commit();
      return new ImportResult(read, added, replaced, unchanged, invalid, examples, total);
    } catch (SQLException e) {
      throw StoreSchema.corrupt(tmp, e);
    } finally {
      try {
        db.close();
      } catch (SQLException e) {
        // The file is discarded on failure; on success commit() has already returned.
      }
      db = null;
    }
  }

  private void prepare() throws SQLException {
    selectModified = db.prepareStatement("SELECT modified_ns FROM advisory WHERE id = ?");
    upsertAdvisory =
        db.prepareStatement(
            "INSERT OR REPLACE INTO advisory (id, modified_ns, source, json) VALUES (?, ?, ?, ?)");
    deleteAffected = db.prepareStatement("DELETE FROM affected WHERE advisory_id = ?");
    insertAffected =
        db.prepareStatement(
            "INSERT OR IGNORE INTO affected (ecosystem, name, advisory_id) VALUES (?, ?, ?)");
  }

  private void importPath(Path p) throws IOException {
    // The named input may be a link to a directory; links inside it are not followed.
    if (Files.isDirectory(p)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(p.toRealPath())) {
        files =
            walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                .sorted()
                .toList();
      }
      for (Path f : files) {
        importFile(f);
      }
    } else if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      importZip(p);
    } else {
      importFile(p);
    }
  }

  private void importFile(Path f) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(f)) {
      bytes = in.readNBytes(OsvParser.MAX_RECORD_BYTES + 1);
    }
    accept(bytes, f.toString());
  }

  private void importZip(Path zip) throws IOException {
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      if (zf.size() > limits.maxEntries()) {
        throw new IOException(
            zip
                + ": zip lists "
                + zf.size()
                + " entries, more than the limit of "
                + limits.maxEntries()
                + "; refused");
      }
      List<ZipEntry> entries = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      Enumeration<? extends ZipEntry> en = zf.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        String name = e.getName();
        if (unsafe(name)) {
          throw new IOException(
              zip
                  + ": zip entry "
                  + quote(name)
                  + " escapes the archive (.. or absolute); refused");
        }
        if (!e.isDirectory() && name.toLowerCase(Locale.ROOT).endsWith(".json") && seen.add(name)) {
          entries.add(e);
        }
      }
      long total = 0;
      for (ZipEntry e : entries) {
        String source = zip + "!" + e.getName();
        byte[] bytes;
        try (InputStream in = zf.getInputStream(e)) {
          long allowed = Math.min(limits.maxEntryBytes(), limits.maxTotalBytes() - total);
          bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, allowed + 1));
        } catch (ZipException ze) {
          throw new IOException(source + ": unreadable zip entry (" + ze.getMessage() + ")", ze);
        }
        total += bytes.length;
        if (total > limits.maxTotalBytes()) {
          throw new IOException(
              zip
                  + ": zip decompresses to more than "
                  + limits.maxTotalBytes()
                  + " bytes; refused");
        }
        if (bytes.length > limits.maxEntryBytes()) {
          flush();
          invalid(source + ": entry is larger than " + limits.maxEntryBytes() + " bytes, skipped");
          continue;
        }
        accept(bytes, source);
      }
    } catch (ZipException e) {
      throw new IOException(zip + ": not a readable zip file (" + e.getMessage() + ")", e);
    }
  }

  static boolean unsafe(String name) {
    String n = name.replace('\\', '/');
    if (n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0) {
      return true;
    }
    for (String part : n.split("/", -1)) {
      if (part.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Queues one record; records are parsed in parallel a batch at a time and stored in input order,
   * so results do not depend on thread timing.
   */
  private void accept(byte[] bytes, String source) throws IOException {
    pending.add(new Pending(bytes, source));
    pendingBytes += bytes.length;
    if (pending.size() >= BATCH_RECORDS || pendingBytes >= BATCH_BYTES) {
      flush();
    }
  }

  private void flush() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    List<Pending> batch = List.copyOf(pending);
    pending.clear();
    pendingBytes = 0;
    List<Object> parsed =
        batch.parallelStream()
            .map(
                p -> {
                  try {
                    return (Object) OsvParser.parse(p.bytes(), p.source());
                  } catch (OsvFormatException e) {
                    return e;
                  }
                })
            .toList();
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      if (parsed.get(i) instanceof OsvFormatException e) {
        invalid(e.getMessage());
        continue;
      }
      try {
        store((Advisory) parsed.get(i), p.bytes(), p.source());
      } catch (SQLException e) {
        throw StoreSchema.corrupt(dbFile, e);
      }
      read++;
      progress.recordRead(p.source(), read);
    }
  }

  private record Pending(byte[] bytes, String source) {}

  private void invalid(String message) {
    invalid++;
    if (examples.size() < INVALID_EXAMPLES) {
      String m = message.replace('\n', ' ').replace('\r', ' ');
      examples.add(m);
    }
  }

  private void store(Advisory a, byte[] json, String source) throws SQLException {
    long modified = nanos(a.modified());
    selectModified.setString(1, a.id());
    boolean exists;
    try (ResultSet rs = selectModified.executeQuery()) {
      exists = rs.next();
      if (exists && rs.getLong(1) >= modified) {
        unchanged++;
        return;
      }
    }
    if (exists) {
      replaced++;
      deleteAffected.setString(1, a.id());
      deleteAffected.executeUpdate();
    } else {
      added++;
    }
    upsertAdvisory.setString(1, a.id());
    upsertAdvisory.setLong(2, modified);
    upsertAdvisory.setString(3, source);
    upsertAdvisory.setBytes(4, json);
    upsertAdvisory.executeUpdate();
    for (Affected af : a.affected()) {
      String eco = af.pkg().ecosystem();
      if (eco.isEmpty()) {
        continue;
      }
      Ecosystem e = Ecosystem.parse(eco);
      insertAffected.setString(1, e.name());
      insertAffected.setString(2, e.normalizeName(af.pkg().name()));
      insertAffected.setString(3, a.id());
      insertAffected.addBatch();
    }
    insertAffected.executeBatch();
  }

  private void recordSource(String location, long records, long invalidRecords)
      throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT OR REPLACE INTO source (location, records, invalid, imported)"
                + " VALUES (?, ?, ?, ?)")) {
      ps.setString(1, location);
      ps.setLong(2, records);
      ps.setLong(3, invalidRecords);
      ps.setString(4, clock.instant().toString());
      ps.executeUpdate();
    }
  }

  /** Nanoseconds since the epoch, saturated outside 1677..2262 (order is all that matters). */
  static long nanos(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (ArithmeticException e) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not every platform can open a directory for syncing; the rename itself is atomic.
    }
  }

  private static String random() {
    byte[] b = new byte[8];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String quote(String s) {
    return "\"" + s.replaceAll("\\p{Cntrl}", "?") + "\"";
  }
}
