package io.drydock.vuln.suppress;

import static io.drydock.vuln.suppress.VexDocuments.text;

import com.github.packageurl.PackageURL;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the statements of an OpenVEX document (see {@link VexDocuments}). */
final class OpenVex {
  private OpenVex() {}

  static List<VexStatement> read(JsonNode root, String source, List<String> warnings)
      throws GateFileException {
    JsonNode statements = root.get("statements");
    if (statements == null || !statements.isArray()) {
      throw new GateFileException(source + ": statements: expected an array");
    }
    Instant documentTime = time(root.get("timestamp"), source + ": timestamp", warnings);
    List<VexStatement> out = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      String where = source + "#statements[" + i + "]";
      JsonNode st = statements.get(i);
      if (!st.isObject()) {
        warnings.add(where + ": not an object; skipped");
        continue;
      }
      List<String> ids = vulnerabilityIds(st.get("vulnerability"));
      if (ids.isEmpty()) {
        warnings.add(where + ": no vulnerability name; skipped");
        continue;
      }
      String statusText = text(st.get("status"));
      VexStatus status = VexStatus.ofOpenVex(statusText);
      if (status == null) {
        warnings.add(
            where + ": unknown status " + Messages.quote(statusText) + " for " + ids.get(0));
        continue;
      }
      List<String> unmatched = new ArrayList<>();
      List<PackageURL> shared = components(st.get("subcomponents"), unmatched);
      List<VexProduct> products = new ArrayList<>();
      JsonNode ps = st.get("products");
      if (ps != null && ps.isArray()) {
        for (JsonNode p : ps) {
          PackageURL purl = purl(p, unmatched);
          if (purl != null) {
            List<PackageURL> subs = new ArrayList<>(shared);
            subs.addAll(components(p.get("subcomponents"), unmatched));
            products.add(new VexProduct(purl, subs));
          }
        }
      }
      if (products.isEmpty()) {
        warnings.add(
            where
                + ": no product with a package URL"
                + (unmatched.isEmpty() ? "" : " (" + String.join(", ", unmatched) + ")")
                + "; "
                + ids.get(0)
                + " skipped");
        continue;
      }
      for (String u : unmatched) {
        warnings.add(where + ": " + u + " is not a package URL; it cannot be matched");
      }
      JsonNode own = st.get("timestamp");
      Instant time = own == null ? documentTime : time(own, where + ": timestamp", warnings);
      String justification = text(st.get("justification"));
      if (justification.isEmpty()) {
        justification = text(st.get("impact_statement"));
      }
      out.add(new VexStatement(ids, products, status, justification, time, where, out.size()));
    }
    return out;
  }

  /** {@code vulnerability}: an object with name and aliases (0.2.0) or a string (0.0.x). */
  private static List<String> vulnerabilityIds(JsonNode v) {
    List<String> ids = new ArrayList<>();
    if (v == null) {
      return ids;
    }
    if (v.isString()) {
      if (!v.asString().isBlank()) {
        ids.add(v.asString().strip());
      }
      return ids;
    }
    String name = text(v.get("name"));
    if (name.isBlank()) {
      return ids;
    }
    ids.add(name.strip());
    JsonNode aliases = v.get("aliases");
    if (aliases != null && aliases.isArray()) {
      for (JsonNode a : aliases) {
        if (a.isString() && !a.asString().isBlank()) {
          ids.add(a.asString().strip());
        }
      }
    }
    return ids;
  }

  private static List<PackageURL> components(JsonNode list, List<String> unmatched) {
    List<PackageURL> out = new ArrayList<>();
    if (list != null && list.isArray()) {
      for (JsonNode c : list) {
        PackageURL p = purl(c, unmatched);
        if (p != null) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /**
   * A component's purl: {@code identifiers.purl}, else {@code @id}; a string is its own id. When
   * there is none, the quoted id is added to {@code unmatched}.
   */
  private static PackageURL purl(JsonNode c, List<String> unmatched) {
    String id = c.isString() ? c.asString() : text(c.get("@id"));
    String fromIdentifiers = c.isObject() ? text(c.path("identifiers").get("purl")) : "";
    PackageURL p = PurlPatterns.parse(fromIdentifiers.isEmpty() ? id : fromIdentifiers);
    if (p == null && !fromIdentifiers.isEmpty()) {
      p = PurlPatterns.parse(id);
    }
    if (p == null) {
      unmatched.add(Messages.quote(id.isEmpty() ? fromIdentifiers : id));
    }
    return p;
  }

  static Instant time(JsonNode n, String where, List<String> warnings) {
    if (n == null || n.isNull()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text(n)).toInstant();
    } catch (DateTimeParseException e) {
      warnings.add(where + ": cannot read " + Messages.quote(n.toString()) + " as a date-time");
      return null;
    }
  }
}
