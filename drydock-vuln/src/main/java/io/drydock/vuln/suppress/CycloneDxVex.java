package io.drydock.vuln.suppress;

import static io.drydock.vuln.suppress.VexDocuments.text;

import com.github.packageurl.PackageURL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads the analysed vulnerabilities of a CycloneDX JSON document (see {@link VexDocuments}). */
final class CycloneDxVex {
  private CycloneDxVex() {}

  static List<VexStatement> read(JsonNode root, String source, List<String> warnings)
      throws GateFileException {
    if (!"CycloneDX".equals(text(root.get("bomFormat")))) {
      throw new GateFileException(
          source + ": bomFormat " + Messages.quote(root.get("bomFormat").toString()));
    }
    JsonNode vulns = root.get("vulnerabilities");
    if (vulns == null || vulns.isNull()) {
      warnings.add(source + ": no vulnerabilities; the document suppresses nothing");
      return List.of();
    }
    if (!vulns.isArray()) {
      throw new GateFileException(source + ": vulnerabilities: expected an array");
    }
    Map<String, String> purlByRef = new HashMap<>();
    collect(root.path("metadata").get("component"), purlByRef);
    collectAll(root.get("components"), purlByRef);
    Instant documentTime =
        OpenVex.time(root.path("metadata").get("timestamp"), source + ": metadata", warnings);
    List<VexStatement> out = new ArrayList<>();
    int analysed = 0;
    for (int i = 0; i < vulns.size(); i++) {
      String where = source + "#vulnerabilities[" + i + "]";
      JsonNode v = vulns.get(i);
      JsonNode analysis = v.get("analysis");
      if (analysis == null || !analysis.has("state")) {
        continue; // a finding, not a statement
      }
      analysed++;
      String id = text(v.get("id"));
      if (id.isBlank()) {
        warnings.add(where + ": no id; skipped");
        continue;
      }
      String state = text(analysis.get("state"));
      VexStatus status = VexStatus.ofCycloneDx(state);
      if (status == null) {
        warnings.add(where + ": unknown analysis.state " + Messages.quote(state) + " for " + id);
        continue;
      }
      List<String> ids = new ArrayList<>();
      ids.add(id.strip());
      for (JsonNode r : v.path("references")) {
        String other = text(r.get("id"));
        if (!other.isBlank()) {
          ids.add(other.strip());
        }
      }
      List<VexProduct> products = new ArrayList<>();
      List<String> unmatched = new ArrayList<>();
      for (JsonNode a : v.path("affects")) {
        String ref = text(a.get("ref"));
        PackageURL purl = resolve(ref, purlByRef);
        if (purl == null) {
          unmatched.add(Messages.quote(ref));
        } else {
          products.add(new VexProduct(purl, List.of()));
        }
      }
      if (products.isEmpty()) {
        warnings.add(
            where
                + ": no affected component with a package URL"
                + (unmatched.isEmpty() ? "" : " (ref " + String.join(", ", unmatched) + ")")
                + "; "
                + id
                + " skipped");
        continue;
      }
      for (String u : unmatched) {
        warnings.add(
            where + ": affects ref " + u + " names no component with a package URL; not matched");
      }
      String justification = text(analysis.get("justification"));
      if (justification.isEmpty() && state.equals("false_positive")) {
        justification = "false_positive";
      }
      if (justification.isEmpty()) {
        justification = text(analysis.get("detail"));
      }
      Instant time = OpenVex.time(analysis.get("lastUpdated"), where + ": lastUpdated", warnings);
      if (time == null) {
        time = OpenVex.time(v.get("updated"), where + ": updated", warnings);
      }
      if (time == null) {
        time = documentTime;
      }
      out.add(new VexStatement(ids, products, status, justification, time, where, out.size()));
    }
    if (analysed == 0) {
      warnings.add(source + ": no vulnerability has an analysis; the document suppresses nothing");
    }
    return out;
  }

  /**
   * The purl a ref stands for: a component of this document with that bom-ref, else the bom-ref
   * (the fragment of a BOM-Link) read as a purl.
   */
  private static PackageURL resolve(String ref, Map<String, String> purlByRef) {
    if (ref.isEmpty()) {
      return null;
    }
    String bomRef = ref;
    if (ref.startsWith("urn:cdx:") && ref.contains("#")) {
      bomRef = ref.substring(ref.indexOf('#') + 1);
      if (bomRef.contains("%")) {
        try {
          bomRef = URLDecoder.decode(bomRef.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          // keep it as written
        }
      }
    }
    String purl = purlByRef.get(bomRef);
    PackageURL p = PurlPatterns.parse(purl);
    return p != null ? p : PurlPatterns.parse(bomRef);
  }

  private static void collectAll(JsonNode components, Map<String, String> out) {
    if (components != null && components.isArray()) {
      for (JsonNode c : components) {
        collect(c, out);
      }
    }
  }

  private static void collect(JsonNode c, Map<String, String> out) {
    if (c == null || !c.isObject()) {
      return;
    }
    String ref = text(c.get("bom-ref"));
    String purl = text(c.get("purl"));
    if (!ref.isEmpty() && !purl.isEmpty()) {
      out.putIfAbsent(ref, purl);
    }
    collectAll(c.get("components"), out);
  }
}
