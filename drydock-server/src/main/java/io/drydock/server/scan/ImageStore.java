package io.drydock.server.scan;

import io.drydock.oci.Compression;
import io.drydock.oci.content.Decompression;
import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.format.DrydockJson;
import io.drydock.sbom.format.FormatOptions;
import io.drydock.sbom.format.SbomReader;
import io.drydock.server.db.Database;
import io.drydock.server.db.Vendor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server's images, their SBOMs (once per digest) and their findings.
 *
 * <p>SBOMs are kept as gzip of {@link DrydockJson} (format {@value #SBOM_FORMAT}), which reads back
 * losslessly. Findings are written as a diff against the stored ones ({@link #apply}), in plain
 * JDBC batches in one transaction per call: re-evaluating a thousand images is the hot path, and
 * per-row Jdbi statements cost a round trip each. Thread-safe (every call takes its own
 * connection).
 */
public final class ImageStore {
  /** The {@code sboms.format} of what this store writes. */
  public static final String SBOM_FORMAT = "drydock-json+gzip";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SbomReader.Bounds BOUNDS = SbomReader.Bounds.defaults();
  private static final String COLUMNS =
      "vuln_id, package, version, ecosystem, purl, aliases, severity, score, fixed_version, kev,"
          + " epss, origin, layer_index, path, advice, title";

  private final Database db;
  private final Jdbi jdbi;
  private final Clock clock;

  public ImageStore(Database db, Clock clock) {
    this.db = db;
    this.jdbi = db.jdbi();
    this.clock = clock;
  }

  /**
   * Records that the image {@code digest} was seen under {@code reference} from {@code source}
   * ({@code api}, {@code kubernetes}, {@code registry}, {@code ci}): upserts its {@code images} row
   * (the repository of the first reference stays) and its {@code image_refs} row.
   */
  public void seen(String digest, String repository, String reference, String source) {
    long now = clock.millis();
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO images (digest, repository, first_seen, last_seen) VALUES (:d, :r,"
                      + " :now, :now) ON CONFLICT (digest) DO UPDATE SET last_seen ="
                      + " excluded.last_seen")
              .bind("d", digest)
              .bind("r", repository)
              .bind("now", now)
              .execute();
          h.createUpdate(
                  "INSERT INTO image_refs (reference, digest, source, seen_at) VALUES (:ref, :d,"
                      + " :src, :now) ON CONFLICT (reference, digest) DO UPDATE SET source ="
                      + " excluded.source, seen_at = excluded.seen_at")
              .bind("ref", reference)
              .bind("d", digest)
              .bind("src", source)
              .bind("now", now)
              .execute();
        });
    db.imagesWritten();
  }

  /** Whether an SBOM is stored for {@code digest}. */
  public boolean hasSbom(String digest) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM sboms WHERE digest = :d")
                    .bind("d", digest)
                    .mapTo(Integer.class)
                    .one()
                > 0);
  }

  /**
   * Stores the SBOM of {@code digest} unless one is stored already (SBOM once per digest; a
   * concurrent writer's copy wins) and fills the image's facts from it (OS, base, layers,
   * packages), clearing its scan error. The image must have been {@link #seen}.
   *
   * @return whether this call stored it
   */
  public boolean storeSbom(String digest, Sbom sbom) throws IOException {
    byte[] doc = encode(sbom);
    byte[] matchDoc = encode(withoutFiles(sbom));
    long now = clock.millis();
    BaseImage base = sbom.base() == null ? BaseImage.none() : sbom.base();
    ArrayNode diffIds = JSON.createArrayNode();
    for (LayerInfo l : sbom.layers()) {
      diffIds.add(l.diffId());
    }
    String os =
        sbom.os() == null
            ? null
            : sbom.os().id() + (sbom.os().versionId() == null ? "" : " " + sbom.os().versionId());
    boolean stored =
        jdbi.inTransaction(
            h -> {
              int inserted =
                  h.createUpdate(
                          "INSERT INTO sboms (digest, format, doc, match_doc, created_at) VALUES (:d,"
                              + " :f, :doc, :match, :now) ON CONFLICT (digest) DO NOTHING")
                      .bind("d", digest)
                      .bind("f", SBOM_FORMAT)
                      .bind("doc", doc)
                      .bind("match", matchDoc)
                      .bind("now", now)
                      .execute();
              if (inserted == 1) {
                h.createUpdate(
                        "UPDATE images SET scanned_at = :now, os = :os, base_name = :bn, base_digest ="
                            + " :bd, base_rule = :br, diff_ids = :ids, packages = :n, scan_error ="
                            + " NULL WHERE digest = :d")
                    .bind("now", now)
                    .bind("os", os)
                    .bind("bn", base.name())
                    .bind("bd", base.digest())
                    .bind("br", base.rule().name().toLowerCase(java.util.Locale.ROOT))
                    .bind("ids", diffIds.toString())
                    .bind("n", sbom.components().size())
                    .bind("d", digest)
                    .execute();
              }
              return inserted == 1;
            });
    db.imagesWritten();
    return stored;
  }

  /** Deletes the stored SBOM of {@code digest} (an unreadable one, before building it again). */
  public void deleteSbom(String digest) {
    jdbi.useHandle(
        h -> h.createUpdate("DELETE FROM sboms WHERE digest = :d").bind("d", digest).execute());
  }

  /**
   * The stored SBOM of {@code digest}, if any.
   *
   * @throws IOException when it is stored but unreadable, naming the digest
   */
  public Optional<Sbom> sbom(String digest) throws IOException {
    Optional<StoredSbom> s =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT digest, format, doc FROM sboms WHERE digest = :d")
                    .bind("d", digest)
                    .map(
                        (rs, ctx) ->
                            new StoredSbom(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                    .findOne());
    if (s.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(s.get().decode());
  }

  /** A stored SBOM as bytes, decoded on demand (on a worker thread). */
  public record StoredSbom(String digest, String format, byte[] doc) {
    /** The SBOM; an {@link IOException} naming the digest when it cannot be read. */
    public Sbom decode() throws IOException {
      if (!SBOM_FORMAT.equals(format)) {
        throw new IOException(
            "stored SBOM of "
                + digest
                + ": unknown format "
                + format
                + " (expected "
                + SBOM_FORMAT
                + ")");
      }
      return ImageStore.decode(doc, digest);
    }
  }

  /**
   * The SBOM without the packages' owned-file lists: what matching reads (no matcher looks at
   * files), and a fraction of the document to decode.
   */
  static Sbom withoutFiles(Sbom sbom) {
    List<Component> comps = new ArrayList<>(sbom.components().size());
    for (Component c : sbom.components()) {
      comps.add(
          c.pkg().files().isEmpty()
              ? c
              : new Component(c.pkg().withFiles(List.of()), c.extractor(), c.layer(), c.osOwned()));
    }
    return new Sbom(
        sbom.subject(), sbom.os(), sbom.base(), sbom.layers(), comps, sbom.diagnostics());
  }

  /** One stored SBOM by digest in the form matching reads ({@link #page}), if stored. */
  public List<StoredSbom> forMatching(String digest) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT digest, format, COALESCE(match_doc, doc) FROM sboms WHERE digest = :d")
                .bind("d", digest)
                .map((rs, ctx) -> new StoredSbom(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .list());
  }

  /**
   * Up to {@code limit} stored SBOMs, in the form matching reads (without owned-file lists when
   * stored so), with digests after {@code after} ({@code ""}: from the start), in digest order:
   * keyset pages, so a run over every SBOM holds one page at a time and no transaction stays open
   * between pages.
   */
  public List<StoredSbom> page(String after, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT digest, format, COALESCE(match_doc, doc) FROM sboms WHERE digest >"
                        + " :after ORDER BY digest LIMIT :limit")
                .bind("after", after)
                .bind("limit", limit)
                .map((rs, ctx) -> new StoredSbom(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .list());
  }

  /** Records why scanning {@code digest} failed (one line), keeping its previous facts. */
  public void scanFailed(String digest, String error) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE images SET scan_error = :e WHERE digest = :d")
                .bind("e", error)
                .bind("d", digest)
                .execute());
    db.imagesWritten();
  }

  /** Gzip of the SBOM's Drydock JSON. */
  public static byte[] encode(Sbom sbom) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 64 * 1024)) {
      DrydockJson.write(sbom, FormatOptions.defaults(), gz);
    }
    return bytes.toByteArray();
  }

  /** Reads back what {@link #encode} wrote; one-line errors naming {@code digest}. */
  public static Sbom decode(byte[] doc, String digest) throws IOException {
    try {
      return SbomReader.readDrydockJson(
          Decompression.open(
              new ByteArrayInputStream(doc),
              Compression.GZIP,
              BOUNDS.maxBytes(),
              "stored SBOM of " + digest),
          "stored-sbom-" + digest.replace(':', '-'),
          BOUNDS);
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IOException(
          "stored SBOM of " + digest + " is unreadable: " + m.lines().findFirst().orElse(m), e);
    }
  }

  /**
   * The outcome of matching one image: its findings now, or why it could not be evaluated.
   *
   * @param digest the image
   * @param rows the findings (empty when {@code error} is set)
   * @param hash the fingerprint of {@code rows} ({@link #fingerprint}), or {@code null} with an
   *     error
   * @param error one line, or {@code null}
   */
  public record Evaluated(
      String digest, List<FindingRow> rows, List<String> factHashes, String hash, String error) {
    /** A successful evaluation; computes the hashes here, on the caller's (worker) thread. */
    public static Evaluated ok(String digest, List<FindingRow> rows) {
      List<String> facts = new ArrayList<>(rows.size());
      for (FindingRow r : rows) {
        facts.add(factsHash(r));
      }
      return new Evaluated(
          digest, List.copyOf(rows), List.copyOf(facts), fingerprint(rows, facts), null);
    }

    public static Evaluated failed(String digest, String error) {
      return new Evaluated(digest, List.of(), List.of(), null, error);
    }
  }

  /**
   * SHA-256 over every row's key and facts hash, in key order: equal fingerprints mean the findings
   * a write would leave open are exactly the stored ones.
   */
  static String fingerprint(List<FindingRow> rows, List<String> factHashes) {
    List<String> lines = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      lines.add(rows.get(i).key() + '\u0000' + factHashes.get(i));
    }
    lines.sort(null);
    MessageDigest md = sha256();
    for (String l : lines) {
      md.update(l.getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The first 128 bits of SHA-256 over a row's non-key columns, hex. */
  static String factsHash(FindingRow r) {
    StringBuilder b = new StringBuilder(256);
    for (Object v :
        new Object[] {
          r.ecosystem(),
          r.purl(),
          r.aliases(),
          r.severity(),
          r.score(),
          r.fixedVersion(),
          r.kev(),
          r.epss(),
          r.origin(),
          r.layerIndex(),
          r.path(),
          r.advice(),
          r.title()
        }) {
      b.append(v == null ? "\u0001" : v.toString()).append('\u0000');
    }
    byte[] h = sha256().digest(b.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h, 0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes the findings of each image in {@code batch} as a diff against the stored ones, in one
   * transaction: new findings are inserted with {@code first_seen} now (a resolved one that comes
   * back is reopened), findings no longer reported get {@code resolved_at} now, open ones whose
   * facts changed are rewritten. Each new and resolved finding gets an {@code events} row ({@code
   * finding.new}, {@code finding.resolved}); each image its {@code evaluated_at} and {@code
   * advisories_built}. Images with an error keep their findings, get the error in {@code
   * scan_error} and an {@code evaluation.error} event.
   *
   * @return the diff of each image without an error, in batch order
   */
  public List<FindingDiff> apply(List<Evaluated> batch, String advisoriesBuilt) throws IOException {
    long now = clock.millis();
    boolean pg = db.vendor() == Vendor.POSTGRESQL;
    List<FindingDiff> diffs = new ArrayList<>();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement select =
              c.prepareStatement(
                  // open rows only: a resolved finding that comes back is reopened by the upsert
                  "SELECT vuln_id, package, version, severity, facts_hash FROM findings WHERE"
                      + " digest = ? AND resolved_at IS NULL");
          PreparedStatement upsert =
              c.prepareStatement(
                  "INSERT INTO findings (digest, "
                      + COLUMNS
                      + ", facts_hash, first_seen, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                      + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (digest, vuln_id,"
                      + " package, version)"
                      + " DO UPDATE SET ecosystem = excluded.ecosystem, purl = excluded.purl,"
                      + " aliases = excluded.aliases, severity = excluded.severity, score ="
                      + " excluded.score, fixed_version = excluded.fixed_version, kev ="
                      + " excluded.kev, epss = excluded.epss, origin = excluded.origin,"
                      + " layer_index = excluded.layer_index, path = excluded.path, advice ="
                      + " excluded.advice, title = excluded.title, facts_hash ="
                      + " excluded.facts_hash, resolved_at = NULL");
          PreparedStatement update =
              c.prepareStatement(
                  "UPDATE findings SET ecosystem = ?, purl = ?, aliases = ?, severity = ?, score"
                      + " = ?, fixed_version = ?, kev = ?, epss = ?, origin = ?, layer_index = ?,"
                      + " path = ?, advice = ?, title = ?, facts_hash = ? WHERE digest = ? AND"
                      + " vuln_id = ? AND package = ? AND version = ?");
          PreparedStatement resolve =
              c.prepareStatement(
                  "UPDATE findings SET resolved_at = ? WHERE digest = ? AND vuln_id = ? AND"
                      + " package = ? AND version = ? AND resolved_at IS NULL");
          PreparedStatement event =
              c.prepareStatement(
                  "INSERT INTO events (at, kind, digest, detail) VALUES (?, ?, ?, ?)");
          PreparedStatement evaluated =
              c.prepareStatement(
                  "UPDATE images SET evaluated_at = ?, advisories_built = ?, scan_error = NULL,"
                      + " findings_hash = ? WHERE digest = ?");
          PreparedStatement failed =
              c.prepareStatement("UPDATE images SET scan_error = ? WHERE digest = ?")) {
        Map<String, String> hashes = storedHashes(c, batch, pg);
        for (Evaluated e : batch) {
          if (e.error() != null) {
            failed.setString(1, e.error());
            failed.setString(2, e.digest());
            failed.addBatch();
            addEvent(event, now, "evaluation.error", e.digest(), errorDetail(e.error()));
            continue;
          }
          if (e.hash() != null && e.hash().equals(hashes.get(e.digest()))) {
            // the same findings as stored: nothing to read or diff (most images, most updates)
            diffs.add(new FindingDiff(e.digest(), List.of(), List.of(), 0, e.rows().size()));
          } else {
            diffs.add(diff(e, select, upsert, update, resolve, event, now));
          }
          evaluated.setLong(1, now);
          evaluated.setString(2, advisoriesBuilt);
          evaluated.setString(3, e.hash());
          evaluated.setString(4, e.digest());
          evaluated.addBatch();
        }
        upsert.executeBatch();
        update.executeBatch();
        resolve.executeBatch();
        event.executeBatch();
        evaluated.executeBatch();
        failed.executeBatch();
        c.commit();
        db.imagesWritten();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IOException("writing findings: " + e.getMessage(), e);
    }
    return diffs;
  }

  /**
   * The stored fingerprints of the batch's images. On PostgreSQL this also locks their rows, in
   * digest order (no deadlock between two writers of overlapping batches), so that two writers of
   * one image's findings take turns; SQLite's {@code BEGIN IMMEDIATE} already serialises writers.
   */
  private static Map<String, String> storedHashes(Connection c, List<Evaluated> batch, boolean pg)
      throws SQLException {
    Map<String, String> out = new HashMap<>();
    if (batch.isEmpty()) {
      return out;
    }
    StringBuilder sql =
        new StringBuilder("SELECT digest, findings_hash FROM images WHERE digest IN (");
    for (int i = 0; i < batch.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    sql.append(pg ? ") ORDER BY digest FOR UPDATE" : ")");
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < batch.size(); i++) {
        s.setString(i + 1, batch.get(i).digest());
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  private static FindingDiff diff(
      Evaluated e,
      PreparedStatement select,
      PreparedStatement upsert,
      PreparedStatement update,
      PreparedStatement resolve,
      PreparedStatement event,
      long now)
      throws SQLException {
    Map<String, Stored> open = new HashMap<>();
    select.setString(1, e.digest());
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        FindingRow r =
            new FindingRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                null,
                null,
                null,
                rs.getString(4),
                null,
                null,
                false,
                null,
                null,
                null,
                null,
                null,
                null);
        open.put(r.key(), new Stored(r, rs.getString(5)));
      }
    }
    List<FindingRow> added = new ArrayList<>();
    int updated = 0;
    int unchanged = 0;
    for (int i = 0; i < e.rows().size(); i++) {
      FindingRow r = e.rows().get(i);
      String facts = e.factHashes().get(i);
      Stored before = open.remove(r.key());
      if (before == null) {
        bindUpsert(upsert, e.digest(), r, facts, now);
        upsert.addBatch();
        addEvent(event, now, "finding.new", e.digest(), detail(r));
        added.add(r);
      } else if (!facts.equals(before.factsHash())) {
        bindUpdate(update, e.digest(), r, facts);
        update.addBatch();
        updated++;
      } else {
        unchanged++;
      }
    }
    List<FindingRow> resolved = new ArrayList<>();
    open.values().forEach(o -> resolved.add(o.row()));
    for (FindingRow r : resolved) {
      resolve.setLong(1, now);
      resolve.setString(2, e.digest());
      resolve.setString(3, r.vulnId());
      resolve.setString(4, r.pkg());
      resolve.setString(5, r.version());
      resolve.addBatch();
      addEvent(event, now, "finding.resolved", e.digest(), detail(r));
    }
    return new FindingDiff(e.digest(), added, resolved, updated, unchanged);
  }

  /** An open finding as stored: its key, severity and facts hash. */
  private record Stored(FindingRow row, String factsHash) {}

  private static void bindUpsert(
      PreparedStatement s, String digest, FindingRow r, String facts, long now)
      throws SQLException {
    s.setString(1, digest);
    s.setString(2, r.vulnId());
    s.setString(3, r.pkg());
    s.setString(4, r.version());
    bindFacts(s, 5, r);
    s.setString(18, facts);
    s.setLong(19, now);
  }

  private static void bindUpdate(PreparedStatement s, String digest, FindingRow r, String facts)
      throws SQLException {
    bindFacts(s, 1, r);
    s.setString(14, facts);
    s.setString(15, digest);
    s.setString(16, r.vulnId());
    s.setString(17, r.pkg());
    s.setString(18, r.version());
  }

  /** Binds the 13 non-key columns from {@code i}: ecosystem .. title, in {@link #COLUMNS} order. */
  private static void bindFacts(PreparedStatement s, int i, FindingRow r) throws SQLException {
    s.setString(i, r.ecosystem());
    s.setString(i + 1, r.purl());
    s.setString(i + 2, r.aliases());
    s.setString(i + 3, r.severity());
    setDouble(s, i + 4, r.score());
    s.setString(i + 5, r.fixedVersion());
    s.setBoolean(i + 6, r.kev());
    setDouble(s, i + 7, r.epss());
    s.setString(i + 8, r.origin());
    if (r.layerIndex() == null) {
      s.setNull(i + 9, Types.INTEGER);
    } else {
      s.setInt(i + 9, r.layerIndex());
    }
    s.setString(i + 10, r.path());
    s.setString(i + 11, r.advice());
    s.setString(i + 12, r.title());
  }

  private static void setDouble(PreparedStatement s, int i, Double v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.DOUBLE);
    } else {
      s.setDouble(i, v);
    }
  }

  private static void addEvent(
      PreparedStatement s, long now, String kind, String digest, String detail)
      throws SQLException {
    s.setLong(1, now);
    s.setString(2, kind);
    s.setString(3, digest);
    s.setString(4, detail);
    s.addBatch();
  }

  private static String detail(FindingRow r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", r.vulnId());
    o.put("package", r.pkg());
    o.put("version", r.version());
    o.put("severity", r.severity());
    if (r.fixedVersion() != null) {
      o.put("fixed", r.fixedVersion());
    }
    if (r.kev()) {
      o.put("kev", true);
    }
    if (r.epss() != null) {
      o.put("epss", r.epss());
    }
    o.put("origin", r.origin());
    return o.toString();
  }

  private static String errorDetail(String error) {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", error);
    return o.toString();
  }
}
