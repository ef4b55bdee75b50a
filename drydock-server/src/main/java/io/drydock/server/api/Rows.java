package io.drydock.server.api;

import java.sql.ResultSet;
import java.sql.SQLException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Result-set columns into JSON fields, with SQL NULL as JSON null (same on SQLite and PostgreSQL).
 */
final class Rows {
  private Rows() {}

  /**
   * The aggregate columns {@code n_critical … n_unknown, n_kev, n_fixable, risk} of {@link
   * ApiPart#AGG}.
   */
  static final String AGG_COLUMNS =
      "COALESCE(a.n_critical, 0) AS n_critical, COALESCE(a.n_high, 0) AS n_high,"
          + " COALESCE(a.n_medium, 0) AS n_medium, COALESCE(a.n_low, 0) AS n_low,"
          + " COALESCE(a.n_unknown, 0) AS n_unknown, COALESCE(a.n_kev, 0) AS n_kev,"
          + " COALESCE(a.n_fixable, 0) AS n_fixable, COALESCE(a.risk, 0) AS risk";

  /**
   * Per-digest counts of open findings and their summed risk; {@code extraWhere} narrows the
   * findings (e.g. to one digest) so a single image does not aggregate the whole table.
   */
  static String agg(String extraWhere) {
    return "SELECT f.digest,"
        + " SUM(CASE WHEN f.severity = 'CRITICAL' THEN 1 ELSE 0 END) AS n_critical,"
        + " SUM(CASE WHEN f.severity = 'HIGH' THEN 1 ELSE 0 END) AS n_high,"
        + " SUM(CASE WHEN f.severity = 'MEDIUM' THEN 1 ELSE 0 END) AS n_medium,"
        + " SUM(CASE WHEN f.severity = 'LOW' THEN 1 ELSE 0 END) AS n_low,"
        + " SUM(CASE WHEN f.severity NOT IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW') THEN 1 ELSE 0"
        + " END) AS n_unknown,"
        + " SUM(CASE WHEN f.kev THEN 1 ELSE 0 END) AS n_kev,"
        + " SUM(CASE WHEN f.fixed_version IS NOT NULL THEN 1 ELSE 0 END) AS n_fixable,"
        + " SUM("
        + Risk.sql("f")
        + ") AS risk FROM findings f WHERE f.resolved_at IS NULL"
        + (extraWhere == null ? "" : " AND " + extraWhere)
        + " GROUP BY f.digest";
  }

  /** The aggregate columns of {@link #AGG_COLUMNS}. */
  static FleetRisk.Agg aggOf(ResultSet rs) throws SQLException {
    return new FleetRisk.Agg(
        rs.getLong("n_critical"),
        rs.getLong("n_high"),
        rs.getLong("n_medium"),
        rs.getLong("n_low"),
        rs.getLong("n_unknown"),
        rs.getLong("n_kev"),
        rs.getLong("n_fixable"),
        rs.getDouble("risk"));
  }

  static ObjectNode severities(FleetRisk.Agg a) {
    ObjectNode n = Json.object();
    for (String s : Risk.SEVERITIES) {
      n.put(s, a.bySeverity(s));
    }
    return n;
  }

  static void putLong(ObjectNode n, String field, ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    if (rs.wasNull()) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  static void putDouble(ObjectNode n, String field, ResultSet rs, String column)
      throws SQLException {
    double v = rs.getDouble(column);
    if (rs.wasNull()) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  static void putInt(ObjectNode n, String field, ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    if (rs.wasNull()) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  /** The {@code Image} object of the contract from {@link #IMAGE_COLUMNS}. */
  static ObjectNode image(ResultSet rs, FleetRisk.Agg a, long workloads) throws SQLException {
    ObjectNode n = Json.object();
    n.put("digest", rs.getString("digest"));
    n.put("repository", rs.getString("repository"));
    n.set("references", Json.array());
    putLong(n, "firstSeen", rs, "first_seen");
    putLong(n, "lastSeen", rs, "last_seen");
    putLong(n, "scannedAt", rs, "scanned_at");
    putLong(n, "evaluatedAt", rs, "evaluated_at");
    n.put("os", rs.getString("os"));
    String baseDigest = rs.getString("base_digest");
    String baseName = rs.getString("base_name");
    if (baseDigest == null && baseName == null) {
      n.putNull("base");
    } else {
      ObjectNode b = n.putObject("base");
      b.put("name", baseName);
      b.put("digest", baseDigest);
      b.put("rule", rs.getString("base_rule"));
    }
    n.put("packages", rs.getInt("packages"));
    n.set("findings", severities(a));
    n.put("kev", a.kev());
    n.put("fixable", a.fixable());
    n.put("workloads", workloads);
    n.put("risk", Risk.round(a.risk()));
    n.put("scanError", rs.getString("scan_error"));
    return n;
  }

  /** The {@code Workload} object of the contract. */
  static ObjectNode workload(ResultSet rs, FleetRisk.Agg a) throws SQLException {
    ObjectNode n = Json.object();
    n.put("namespace", rs.getString("namespace"));
    n.put("kind", rs.getString("kind"));
    n.put("name", rs.getString("name"));
    n.put("container", rs.getString("container"));
    n.put("image", rs.getString("image"));
    n.put("digest", rs.getString("digest"));
    n.put("pods", rs.getInt("pods"));
    n.set("findings", severities(a));
    n.put("risk", Risk.round(a.risk()));
    return n;
  }

  /** The {@code Finding} object of the contract. */
  static ObjectNode finding(ResultSet rs) throws SQLException {
    ObjectNode n = Json.object();
    n.put("id", rs.getString("vuln_id"));
    ArrayNode aliases = n.putArray("aliases");
    String a = rs.getString("aliases");
    if (a != null) {
      for (String s : a.split(",")) {
        if (!s.isBlank()) {
          aliases.add(s.strip());
        }
      }
    }
    n.put("package", rs.getString("package"));
    n.put("version", rs.getString("version"));
    n.put("ecosystem", rs.getString("ecosystem"));
    n.put("purl", rs.getString("purl"));
    n.put("severity", rs.getString("severity"));
    putDouble(n, "score", rs, "score");
    n.put("fixedVersion", rs.getString("fixed_version"));
    n.put("kev", rs.getBoolean("kev"));
    putDouble(n, "epss", rs, "epss");
    n.put("origin", rs.getString("origin"));
    putInt(n, "layerIndex", rs, "layer_index");
    n.put("path", rs.getString("path"));
    n.put("advice", rs.getString("advice"));
    n.put("title", rs.getString("title"));
    putLong(n, "firstSeen", rs, "first_seen");
    putLong(n, "resolvedAt", rs, "resolved_at");
    return n;
  }

  static final String FINDING_COLUMNS =
      "f.digest, f.vuln_id, f.aliases, f.package, f.version, f.ecosystem, f.purl, f.severity,"
          + " f.score, f.fixed_version, f.kev, f.epss, f.origin, f.layer_index, f.path, f.advice,"
          + " f.title, f.first_seen, f.resolved_at";

  static final String IMAGE_COLUMNS =
      "i.digest, i.repository, i.first_seen, i.last_seen, i.scanned_at, i.evaluated_at, i.os,"
          + " i.base_name, i.base_digest, i.base_rule, i.packages, i.scan_error";
}
