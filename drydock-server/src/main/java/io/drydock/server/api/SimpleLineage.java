package io.drydock.server.api;

import io.drydock.server.db.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lineage graph from what the scan recorded: every image with a {@code base_digest} is an app
 * of that base. A stand-in until the inventory part's {@code LineageGraph} (layer-prefix matching
 * between stored images too) is merged; see {@link LineageSource}.
 */
public final class SimpleLineage implements LineageSource {
  private final Jdbi jdbi;

  public SimpleLineage(Database db) {
    this.jdbi = db.jdbi();
  }

  @Override
  public JsonNode lineage() {
    return jdbi.withHandle(
        h -> {
          Map<String, ObjectNode> bases = new LinkedHashMap<>();
          Map<String, List<ObjectNode>> appsByDigest = new LinkedHashMap<>();
          h.createQuery(
                  "SELECT i.base_digest, i.base_name, i.base_rule, i.digest, i.repository"
                      + " FROM images i WHERE i.base_digest IS NOT NULL"
                      + " ORDER BY i.base_name, i.base_digest, i.repository, i.digest")
              .map(
                  (rs, c) -> {
                    String baseDigest = rs.getString(1);
                    ObjectNode base =
                        bases.computeIfAbsent(
                            baseDigest,
                            d -> {
                              ObjectNode b = Json.object();
                              b.put("name", nameOr(rsString(rs, 2), d));
                              b.put("digest", d);
                              b.put("rule", rsString(rs, 3));
                              b.set("apps", Json.array());
                              return b;
                            });
                    ObjectNode app = ((ArrayNode) base.get("apps")).addObject();
                    app.put("digest", rs.getString(4));
                    app.put("repository", rs.getString(5));
                    app.set("references", Json.array());
                    app.put("rule", rs.getString(3));
                    app.set("workloads", Json.array());
                    appsByDigest.computeIfAbsent(rs.getString(4), k -> new ArrayList<>()).add(app);
                    return null;
                  })
              .list();
          if (!appsByDigest.isEmpty()) {
            List<String> digests = List.copyOf(appsByDigest.keySet());
            h.createQuery(
                    "SELECT digest, reference FROM image_refs WHERE digest IN (<d>)"
                        + " ORDER BY reference")
                .bindList("d", digests)
                .map(
                    (rs, c) -> {
                      for (ObjectNode app : appsByDigest.get(rs.getString(1))) {
                        ((ArrayNode) app.get("references")).add(rs.getString(2));
                      }
                      return null;
                    })
                .list();
            h.createQuery(
                    "SELECT digest, namespace, kind, name, container FROM workloads"
                        + " WHERE digest IN (<d>) ORDER BY namespace, kind, name, container")
                .bindList("d", digests)
                .map(
                    (rs, c) -> {
                      for (ObjectNode app : appsByDigest.get(rs.getString(1))) {
                        ObjectNode w = ((ArrayNode) app.get("workloads")).addObject();
                        w.put("namespace", rs.getString(2));
                        w.put("kind", rs.getString(3));
                        w.put("name", rs.getString(4));
                        w.put("container", rs.getString(5));
                      }
                      return null;
                    })
                .list();
          }
          ObjectNode out = Json.object();
          ArrayNode arr = out.putArray("bases");
          bases.values().forEach(arr::add);
          return out;
        });
  }

  private static String rsString(java.sql.ResultSet rs, int i) {
    try {
      return rs.getString(i);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String nameOr(String name, String digest) {
    return name == null || name.isBlank() ? digest : name;
  }
}
