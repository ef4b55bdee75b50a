package io.drydock.server.inventory;

import io.drydock.oci.Digest;
import io.drydock.oci.Json;
import io.drydock.oci.OciFormatException;
import io.drydock.refresh.loop.RefreshReport;
import io.drydock.server.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The history of base refreshes: each {@link RefreshReport} (its {@link RefreshReport#toJson()}
 * form) is a row of {@code refreshes} plus a {@code refresh} row in {@code events}; listed newest
 * first. Thread-safe.
 */
public final class RefreshHistory {
  /** Largest report accepted from the API: 2 MiB. */
  public static final int MAX_REPORT_BYTES = 2 << 20;

  /** Most entries one {@link #list} call returns. */
  public static final int MAX_PAGE = 1000;

  private final Database db;
  private final Clock clock;

  public RefreshHistory(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A stored refresh.
   *
   * @param id the row id (increasing)
   * @param at when the base update was detected (epoch millis; the time of recording when the
   *     report has no {@code detectedAt})
   * @param base the watched base tag
   * @param oldDigest the base's previous digest, or null
   * @param newDigest the base's new digest
   * @param source what noticed the update, or null
   * @param report the report as recorded ({@link RefreshReport#toJson()} form)
   */
  public record Entry(
      long id,
      long at,
      String base,
      String oldDigest,
      String newDigest,
      String source,
      JsonNode report) {
    /** {@code {"id", "at" (ISO-8601), "base", "oldDigest", "newDigest", "source", "report"}}. */
    public ObjectNode toJson() {
      ObjectNode o = Responses.MAPPER.createObjectNode();
      o.put("id", id);
      o.put("at", Instant.ofEpochMilli(at).toString());
      o.put("base", base);
      o.put("oldDigest", oldDigest);
      o.put("newDigest", newDigest);
      o.put("source", source);
      o.set("report", report);
      return o;
    }
  }

  /** Records a report from the refresh loop; returns its id. */
  public long record(RefreshReport report) {
    return record(report.toJson());
  }

  /**
   * Records a report in {@link RefreshReport#toJson()} form.
   *
   * @throws IllegalArgumentException when it lacks {@code base} or a valid {@code newDigest}, or a
   *     field has the wrong type; one line naming the field
   */
  public long record(JsonNode report) {
    ObjectNode r = validate(report);
    String base = r.get("base").asString();
    String newDigest = r.get("newDigest").asString();
    String oldDigest = text(r, "oldDigest");
    String source = text(r, "source");
    String detected = text(r, "detectedAt");
    long at = detected == null ? clock.millis() : Instant.parse(detected).toEpochMilli();
    String doc = Responses.MAPPER.writeValueAsString(r);
    ObjectNode detail = Responses.MAPPER.createObjectNode();
    detail.put("base", base);
    detail.put("oldDigest", oldDigest);
    detail.put("newDigest", newDigest);
    detail.put("apps", r.has("apps") ? r.get("apps").size() : 0);
    return db.jdbi()
        .inTransaction(
            h -> {
              long id =
                  h.createQuery(
                          "INSERT INTO refreshes (at, base, old_digest, new_digest, source, report)"
                              + " VALUES (:at, :base, :old, :new, :source, :report) RETURNING id")
                      .bind("at", at)
                      .bind("base", base)
                      .bind("old", oldDigest)
                      .bind("new", newDigest)
                      .bind("source", source)
                      .bind("report", doc)
                      .mapTo(Long.class)
                      .one();
              detail.put("refresh", id);
              h.createUpdate(
                      "INSERT INTO events (at, kind, digest, detail) VALUES (:at, 'refresh',"
                          + " :digest, :detail)")
                  .bind("at", at)
                  .bind("digest", newDigest)
                  .bind("detail", detail.toString())
                  .execute();
              return id;
            });
  }

  /**
   * Reads and checks a report sent to the API.
   *
   * @throws IllegalArgumentException one line naming the problem
   */
  public static ObjectNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new IllegalArgumentException("refresh report: the body is empty");
    }
    JsonNode n;
    try {
      n = Json.readObject(body, "refresh report");
    } catch (OciFormatException e) {
      throw new IllegalArgumentException(e.getMessage());
    } catch (RuntimeException e) {
      // Jackson's stream constraints (nesting depth) surface as unchecked exceptions
      throw new IllegalArgumentException(
          "refresh report: not readable JSON: "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    return validate(n);
  }

  private static ObjectNode validate(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("refresh report: not a JSON object");
    }
    String base = text(n, "base");
    if (base == null || base.isBlank()) {
      throw new IllegalArgumentException("refresh report: \"base\" is missing or not a string");
    }
    if (base.length() > 1024) {
      throw new IllegalArgumentException("refresh report: \"base\" is longer than 1024 characters");
    }
    digest(n, "newDigest", true);
    digest(n, "oldDigest", false);
    String detected = text(n, "detectedAt");
    if (detected != null) {
      try {
        Instant.parse(detected);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "refresh report: \"detectedAt\" is not an ISO-8601 instant: \""
                + clip(detected)
                + "\"");
      }
    }
    for (String f : List.of("source", "detectedAt", "oldDigest")) {
      JsonNode v = n.get(f);
      if (v != null && !v.isNull() && !v.isString()) {
        throw new IllegalArgumentException("refresh report: \"" + f + "\" is not a string");
      }
    }
    JsonNode apps = n.get("apps");
    if (apps != null && !apps.isNull()) {
      if (!apps.isArray()) {
        throw new IllegalArgumentException("refresh report: \"apps\" is not an array");
      }
      for (int i = 0; i < apps.size(); i++) {
        if (!apps.get(i).isObject()) {
          throw new IllegalArgumentException("refresh report: apps[" + i + "] is not an object");
        }
      }
    }
    return (ObjectNode) n;
  }

  private static void digest(JsonNode n, String field, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("refresh report: \"" + field + "\" is missing");
      }
      return;
    }
    if (!v.isString()) {
      throw new IllegalArgumentException("refresh report: \"" + field + "\" is not a string");
    }
    try {
      Digest.parse(v.asString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "refresh report: \"" + field + "\" is not a digest: \"" + clip(v.asString()) + "\"");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || !v.isString() ? null : v.asString();
  }

  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  /**
   * Entries newest first ({@code at}, then id), skipping {@code offset}; at most {@link #MAX_PAGE}.
   */
  public List<Entry> list(int limit, int offset) {
    int n = Math.max(1, Math.min(MAX_PAGE, limit));
    int skip = Math.max(0, offset);
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT id, at, base, old_digest, new_digest, source, report FROM"
                            + " refreshes ORDER BY at DESC, id DESC LIMIT :n OFFSET :skip")
                    .bind("n", n)
                    .bind("skip", skip)
                    .map(
                        (rs, c) ->
                            new Entry(
                                rs.getLong("id"),
                                rs.getLong("at"),
                                rs.getString("base"),
                                rs.getString("old_digest"),
                                rs.getString("new_digest"),
                                rs.getString("source"),
                                report(rs.getString("report"))))
                    .list());
  }

  /** How many refreshes are recorded. */
  public long count() {
    return db.jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM refreshes").mapTo(Long.class).one());
  }

  private static JsonNode report(String doc) {
    if (doc == null) {
      return Responses.MAPPER.nullNode();
    }
    try {
      return Responses.MAPPER.readTree(doc);
    } catch (RuntimeException e) {
      // a row written by hand or by another version: show it as text rather than fail the page
      return Responses.MAPPER.getNodeFactory().stringNode(doc);
    }
  }
}
