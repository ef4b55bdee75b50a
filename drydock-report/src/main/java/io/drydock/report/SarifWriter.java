package io.drydock.report;

import io.drydock.oci.Target;
import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.format.Purls;
import io.drydock.vuln.Severity.Rating;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import io.drydock.vuln.match.Suppression;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run whose {@code tool.driver} is {@code
 * drydock} with one rule per vulnerability id, one result per finding.
 *
 * <ul>
 *   <li>Rule: {@code id} = the vulnerability id; {@code name} {@code OsPackageVulnerability} or
 *       {@code LanguageSpecificPackageVulnerability}; {@code shortDescription} the id (and
 *       summary); {@code fullDescription} the summary; {@code helpUri} the id's page (NVD for CVEs,
 *       GitHub for GHSAs, osv.dev otherwise); {@code defaultConfiguration.level}; {@code
 *       properties.security-severity} the highest CVSS score of its findings as a string with one
 *       decimal ({@code "10.0"}), or for findings without a score a value inside the rating's
 *       GitHub band (critical 9.5, high 8.0, medium 5.5, low 2.0, else 0.0); {@code tags} {@code
 *       security}, {@code vulnerability} and the rating.
 *   <li>Result: {@code ruleId}, {@code ruleIndex}, {@code level} ({@code error} for critical and
 *       high, {@code warning} for medium, {@code note} for low, none and unknown), a multi-line
 *       {@code message}, one location.
 *   <li>Location, following Trivy: language packages point at their location in the image ({@code
 *       app/app.jar!/BOOT-INF/lib/x.jar}); OS packages, which have no file of their own, at the
 *       image's repository path ({@code shop/api} for {@code registry.example.com/shop/api:1.4.2};
 *       the file name for local transports). Region line 1, column 1; the location's message is
 *       {@code <uri>: <name>@<version>}.
 *   <li>Suppressed findings are results too, with {@code suppressions[]}: {@code kind} {@code
 *       external}, {@code status} {@code accepted} and the reason as {@code justification}, so
 *       dashboards show them as dismissed.
 *   <li>{@code properties} on results: purl, layer index and diffId, origin, fixed versions, EPSS
 *       and KEV; on the run: image reference, digest, platform, base image, partial.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class SarifWriter {
  static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SarifWriter() {}

  static void write(ScanResult result, OutputStream out, ReportOptions options) throws IOException {
    try {
      out.write(MAPPER.writeValueAsBytes(toLog(result, options)));
      out.write('\n');
      out.flush();
    } catch (JacksonException e) {
      throw new IOException("writing SARIF for " + result.sbom().subject().reference(), e);
    }
  }

  static ObjectNode toLog(ScanResult result, ReportOptions options) {
    Sbom sbom = result.sbom();
    ObjectNode log = NODES.objectNode();
    log.put("$schema", SCHEMA_URI);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "drydock");
    driver.put("fullName", "Drydock container image scanner");
    driver.put("version", options.format().toolVersion());

    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    Map<String, ObjectNode> rules = new LinkedHashMap<>();
    ArrayNode results = NODES.arrayNode();
    for (Finding f : result.findings()) {
      Integer index = ruleIndex.get(f.id());
      if (index == null) {
        index = ruleIndex.size();
        ruleIndex.put(f.id(), index);
        rules.put(f.id(), rule(f));
      } else {
        raise(rules.get(f.id()), f);
      }
      results.add(result(sbom, f, index));
    }
    ArrayNode ruleArray = driver.putArray("rules");
    rules.values().forEach(ruleArray::add);
    run.set("results", results);
    run.put("columnKind", "utf16CodeUnits");
    run.set("properties", runProperties(sbom));
    return log;
  }

  private static ObjectNode rule(Finding f) {
    ObjectNode r = NODES.objectNode();
    r.put("id", f.id());
    r.put(
        "name",
        Targets.OS_TYPES.contains(f.component().pkg().type())
            ? "OsPackageVulnerability"
            : "LanguageSpecificPackageVulnerability");
    r.putObject("shortDescription")
        .put("text", f.summary().isEmpty() ? f.id() : f.id() + ": " + f.summary());
    r.putObject("fullDescription").put("text", f.summary().isEmpty() ? f.id() : f.summary());
    String url = Advisories.source(f.id()).url();
    r.put("helpUri", url);
    r.putObject("help")
        .put(
            "text",
            "Vulnerability "
                + f.id()
                + (f.aliases().isEmpty() ? "" : " (" + String.join(", ", f.aliases()) + ")")
                + "\n"
                + url);
    r.putObject("defaultConfiguration").put("level", level(f.severity().rating()));
    ObjectNode props = r.putObject("properties");
    props.put("security-severity", securitySeverity(f));
    props.put("precision", "very-high");
    ArrayNode tags = props.putArray("tags");
    tags.add("security");
    tags.add("vulnerability");
    tags.add(f.severity().rating().name());
    return r;
  }

  /** Raises the rule's level and score when another finding of the same id is more severe. */
  private static void raise(ObjectNode rule, Finding f) {
    ObjectNode props = (ObjectNode) rule.get("properties");
    double current = Double.parseDouble(props.get("security-severity").asString());
    String candidate = securitySeverity(f);
    if (Double.parseDouble(candidate) > current) {
      props.put("security-severity", candidate);
      ((ObjectNode) rule.get("defaultConfiguration")).put("level", level(f.severity().rating()));
      ArrayNode tags = (ArrayNode) props.get("tags");
      tags.set(2, NODES.stringNode(f.severity().rating().name()));
    }
  }

  private static ObjectNode result(Sbom sbom, Finding f, int ruleIndex) {
    Component c = f.component();
    ObjectNode r = NODES.objectNode();
    r.put("ruleId", f.id());
    r.put("ruleIndex", ruleIndex);
    r.put("level", level(f.severity().rating()));
    String installed = f.installedVersion() != null ? f.installedVersion() : c.pkg().version();
    String fixed = f.fixAvailable() ? String.join(", ", f.fixedVersions()) : "no fix yet";
    LayerInfo layer = Layers.of(sbom, c);
    StringBuilder msg = new StringBuilder();
    msg.append("Package: ").append(c.pkg().name()).append('\n');
    msg.append("Installed Version: ").append(installed).append('\n');
    msg.append("Vulnerability: ").append(f.id()).append('\n');
    msg.append("Severity: ").append(f.severity().rating().name()).append('\n');
    msg.append("Fixed Version: ").append(fixed).append('\n');
    if (layer != null) {
      msg.append("Layer: ")
          .append(layer.index())
          .append(" (")
          .append(Layers.origin(layer))
          .append(") ")
          .append(layer.diffId())
          .append('\n');
    }
    msg.append("Link: ").append(Advisories.source(f.id()).url());
    r.putObject("message").put("text", msg.toString());

    String uri = uri(sbom, c);
    ObjectNode location = r.putArray("locations").addObject();
    ObjectNode physical = location.putObject("physicalLocation");
    physical.putObject("artifactLocation").put("uri", uri);
    ObjectNode region = physical.putObject("region");
    region.put("startLine", 1);
    region.put("startColumn", 1);
    region.put("endLine", 1);
    region.put("endColumn", 1);
    location.putObject("message").put("text", uri + ": " + c.pkg().name() + "@" + installed);

    Suppression s = f.suppression();
    if (s != null) {
      ObjectNode sup = r.putArray("suppressions").addObject();
      sup.put("kind", "external");
      sup.put("status", "accepted");
      sup.put("justification", justification(s));
    }

    ObjectNode props = r.putObject("properties");
    String purl = Purls.toString(c.pkg(), sbom.os());
    if (purl != null) {
      props.put("purl", purl);
    }
    props.put("installedVersion", installed);
    ArrayNode fixedVersions = props.putArray("fixedVersions");
    f.fixedVersions().forEach(fixedVersions::add);
    if (layer != null) {
      props.put("layerIndex", layer.index());
      props.put("layerDiffId", layer.diffId());
      props.put("origin", Layers.origin(layer));
    }
    if (f.severity().score() != null) {
      props.put("cvssScore", f.severity().score());
    }
    if (!f.severity().vector().isEmpty()) {
      props.put("cvssVector", f.severity().vector());
    }
    if (f.epss() != null) {
      props.put("epss", f.epss());
    }
    if (f.epssPercentile() != null) {
      props.put("epssPercentile", f.epssPercentile());
    }
    props.put("kev", f.kev());
    return r;
  }

  /** One line: {@code <source> <reference> (<status>): <justification>}. */
  static String justification(Suppression s) {
    StringBuilder b = new StringBuilder();
    b.append(s.source().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    if (s.reference() != null && !s.reference().isEmpty()) {
      b.append(' ').append(s.reference());
    }
    if (s.status() != null && !s.status().isEmpty()) {
      b.append(" (").append(s.status()).append(')');
    }
    if (s.justification() != null && !s.justification().isEmpty()) {
      b.append(": ").append(s.justification());
    }
    return b.toString();
  }

  private static ObjectNode runProperties(Sbom sbom) {
    ObjectNode p = NODES.objectNode();
    p.put("imageName", sbom.subject().reference());
    if (sbom.subject().digest() != null) {
      p.put("imageDigest", sbom.subject().digest());
    }
    if (sbom.base() != null && sbom.base().name() != null) {
      p.put("baseImage", sbom.base().name());
    }
    p.put("partial", sbom.partial());
    return p;
  }

  static String level(Rating rating) {
    return switch (rating) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, NONE, UNKNOWN -> "note";
    };
  }

  static String securitySeverity(Finding f) {
    Double score = f.severity().score();
    if (score != null) {
      return String.format(Locale.ROOT, "%.1f", score);
    }
    return switch (f.severity().rating()) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "2.0";
      case NONE, UNKNOWN -> "0.0";
    };
  }

  /** The artifact URI of a component (see the class comment), percent-encoded where needed. */
  static String uri(Sbom sbom, Component c) {
    String path;
    if (Targets.OS_TYPES.contains(c.pkg().type())) {
      path = imagePath(sbom.subject().reference());
    } else {
      path = c.pkg().location();
    }
    try {
      // the single-argument constructors quote illegal characters (spaces, %) but keep '/' and '!'
      return new URI(null, null, path, null).toASCIIString();
    } catch (URISyntaxException e) {
      return path;
    }
  }

  /** The repository path for registry references, else the local path without leading '/'. */
  private static String imagePath(String reference) {
    String path;
    try {
      Target t = Target.parse(reference);
      if (t instanceof Target.Registry r) {
        path = r.ref().repository();
      } else if (t instanceof Target.OciLayout l) {
        path = l.dir().toString();
      } else if (t instanceof Target.OciArchive a) {
        path = a.file().toString();
      } else if (t instanceof Target.DockerArchive d) {
        path = d.file().toString();
      } else if (t instanceof Target.Rootfs d) {
        path = d.dir().toString();
      } else if (t instanceof Target.Sbom f) {
        path = f.file().toString();
      } else {
        path = reference;
      }
    } catch (IllegalArgumentException e) {
      path = reference;
    }
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    return path.isEmpty() ? "image" : path;
  }
}
