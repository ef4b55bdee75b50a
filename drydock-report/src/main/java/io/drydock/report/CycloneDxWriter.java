package io.drydock.report;

import io.drydock.sbom.Component;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.format.CycloneDx;
import io.drydock.sbom.format.Purls;
import io.drydock.vuln.Severity;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import io.drydock.vuln.match.Suppression;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.vulnerability.Vulnerability;

/**
 * CycloneDX 1.6 JSON: the SBOM exactly as {@link CycloneDx#toBom} writes it, plus {@code
 * vulnerabilities[]} (DESIGN.md §3), one entry per finding, in the result's order.
 *
 * <ul>
 *   <li>{@code id}: the finding's id (the CVE when there is one); {@code source}: its database
 *       (NVD, GitHub Advisory Database, OSV) with the id's page.
 *   <li>{@code references}: every alias with its database and page.
 *   <li>{@code ratings}: one, with {@code severity}, {@code score} and {@code vector} when known,
 *       {@code method} {@code CVSSv2}/{@code CVSSv3}/{@code CVSSv31}/{@code CVSSv4} from the
 *       severity type and vector prefix, else {@code other}; its {@code source} is the first
 *       matched advisory's database.
 *   <li>{@code description}: the summary; {@code advisories}: the advisory references (URLs).
 *   <li>{@code affects[0].ref}: the component's {@code bom-ref} ({@link CycloneDx#bomRefs}), with
 *       the installed version as {@code affected}.
 *   <li>{@code recommendation}: the advice and the fixed versions ({@code Upgrade to 2.15.0}), or
 *       {@code No fix yet} with the advice.
 *   <li>{@code analysis} for suppressed findings: VEX {@code not_affected} → state {@code
 *       not_affected}, VEX {@code fixed} → {@code resolved}; ignore-file and policy suppressions →
 *       {@code not_affected} (the user's assertion). OpenVEX justifications map to CycloneDX's
 *       ({@code vulnerable_code_not_in_execute_path} → {@code code_not_reachable}, …); {@code
 *       detail} says who suppressed it and why.
 *   <li>{@code properties}: {@code drydock:epss}, {@code drydock:epss:percentile}, {@code
 *       drydock:kev} ({@code true} or {@code false}), {@code drydock:origin}, {@code
 *       drydock:layer:index}, {@code drydock:ecosystem}.
 * </ul>
 */
final class CycloneDxWriter {
  private static final String NS = "drydock:";

  private CycloneDxWriter() {}

  static void write(ScanResult result, OutputStream out, ReportOptions options) throws IOException {
    String json;
    try {
      json =
          BomGeneratorFactory.createJson(Version.VERSION_16, toBom(result, options)).toJsonString();
    } catch (GeneratorException e) {
      throw new IOException("writing CycloneDX JSON for " + result.sbom().subject().reference(), e);
    }
    out.write((json.endsWith("\n") ? json : json + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  static Bom toBom(ScanResult result, ReportOptions options) {
    Sbom sbom = result.sbom();
    Bom bom = CycloneDx.toBom(sbom, options.format());
    List<String> refs = CycloneDx.bomRefs(sbom);
    Map<Component, String> byIdentity = new IdentityHashMap<>();
    Map<Component, String> byValue = new HashMap<>();
    for (int i = 0; i < refs.size(); i++) {
      byIdentity.put(sbom.components().get(i), refs.get(i));
      byValue.putIfAbsent(sbom.components().get(i), refs.get(i));
    }
    List<Vulnerability> vulns = new ArrayList<>();
    for (Finding f : result.findings()) {
      String ref = byIdentity.get(f.component());
      if (ref == null) {
        ref = byValue.get(f.component());
      }
      if (ref == null) {
        // not in the SBOM (should not happen): point at the package's purl
        ref = Purls.toString(f.component().pkg(), sbom.os());
      }
      vulns.add(vulnerability(sbom, f, ref));
    }
    if (!vulns.isEmpty()) {
      bom.setVulnerabilities(vulns);
    }
    return bom;
  }

  private static Vulnerability vulnerability(Sbom sbom, Finding f, String ref) {
    Vulnerability v = new Vulnerability();
    v.setId(f.id());
    v.setSource(source(f.id()));
    if (!f.aliases().isEmpty()) {
      List<Vulnerability.Reference> refs = new ArrayList<>();
      for (String alias : f.aliases()) {
        Vulnerability.Reference r = new Vulnerability.Reference();
        r.setId(alias);
        r.setSource(source(alias));
        refs.add(r);
      }
      v.setReferences(refs);
    }
    v.setRatings(List.of(rating(f)));
    if (!f.summary().isEmpty()) {
      v.setDescription(f.summary());
    }
    if (!f.references().isEmpty()) {
      List<Vulnerability.Advisory> advisories = new ArrayList<>();
      for (String url : f.references()) {
        Vulnerability.Advisory a = new Vulnerability.Advisory();
        a.setUrl(url);
        advisories.add(a);
      }
      v.setAdvisories(advisories);
    }
    v.setRecommendation(recommendation(f));
    Vulnerability.Affect affect = new Vulnerability.Affect();
    if (ref != null) {
      affect.setRef(ref);
    }
    String installed =
        f.installedVersion() != null ? f.installedVersion() : f.component().pkg().version();
    if (installed != null) {
      Vulnerability.Version version = new Vulnerability.Version();
      version.setVersion(installed);
      version.setStatus(Vulnerability.Version.Status.AFFECTED);
      affect.setVersions(List.of(version));
    }
    v.setAffects(List.of(affect));
    if (f.suppression() != null) {
      v.setAnalysis(analysis(f.suppression()));
    }
    v.setProperties(properties(sbom, f));
    return v;
  }

  private static Vulnerability.Source source(String id) {
    Advisories.Source s = Advisories.source(id);
    Vulnerability.Source source = new Vulnerability.Source();
    source.setName(s.name());
    source.setUrl(s.url());
    return source;
  }

  private static Vulnerability.Rating rating(Finding f) {
    Severity s = f.severity();
    Vulnerability.Rating r = new Vulnerability.Rating();
    r.setSource(source(f.advisories().isEmpty() ? f.id() : f.advisories().get(0)));
    if (s.score() != null) {
      r.setScore(s.score());
    }
    r.setSeverity(
        switch (s.rating()) {
          case CRITICAL -> Vulnerability.Rating.Severity.CRITICAL;
          case HIGH -> Vulnerability.Rating.Severity.HIGH;
          case MEDIUM -> Vulnerability.Rating.Severity.MEDIUM;
          case LOW -> Vulnerability.Rating.Severity.LOW;
          case NONE -> Vulnerability.Rating.Severity.NONE;
          case UNKNOWN -> Vulnerability.Rating.Severity.UNKNOWN;
        });
    r.setMethod(method(s));
    if (s.type().startsWith("CVSS") && !s.vector().isEmpty()) {
      r.setVector(s.vector());
    }
    return r;
  }

  static Vulnerability.Rating.Method method(Severity s) {
    return switch (s.type()) {
      case "CVSS_V2" -> Vulnerability.Rating.Method.CVSSV2;
      case "CVSS_V3" ->
          s.vector().startsWith("CVSS:3.1/")
              ? Vulnerability.Rating.Method.CVSSV31
              : Vulnerability.Rating.Method.CVSSV3;
      case "CVSS_V4" -> Vulnerability.Rating.Method.CVSSV4;
      default -> Vulnerability.Rating.Method.OTHER;
    };
  }

  private static String recommendation(Finding f) {
    String advice = f.advice() == null || f.advice().isEmpty() ? null : f.advice();
    if (f.fixAvailable()) {
      String fix = "Upgrade to " + String.join(" or ", f.fixedVersions());
      return advice == null ? fix : fix + " (" + advice + ")";
    }
    return advice == null ? "No fix yet" : "No fix yet (" + advice + ")";
  }

  private static Vulnerability.Analysis analysis(Suppression s) {
    Vulnerability.Analysis a = new Vulnerability.Analysis();
    a.setState(
        "fixed".equals(s.status())
            ? Vulnerability.Analysis.State.RESOLVED
            : Vulnerability.Analysis.State.NOT_AFFECTED);
    Vulnerability.Analysis.Justification j = justification(s.justification());
    if (j != null) {
      a.setJustification(j);
    }
    a.setDetail(SarifWriter.justification(s));
    return a;
  }

  /**
   * The CycloneDX justification for an OpenVEX one (or a CycloneDX name given as is), else {@code
   * null} for free text.
   */
  static Vulnerability.Analysis.Justification justification(String vex) {
    if (vex == null) {
      return null;
    }
    return switch (vex.toLowerCase(Locale.ROOT)) {
      case "component_not_present", "vulnerable_code_not_present", "code_not_present" ->
          Vulnerability.Analysis.Justification.CODE_NOT_PRESENT;
      case "vulnerable_code_not_in_execute_path", "code_not_reachable" ->
          Vulnerability.Analysis.Justification.CODE_NOT_REACHABLE;
      case "vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment" ->
          Vulnerability.Analysis.Justification.REQUIRES_ENVIRONMENT;
      case "inline_mitigations_already_exist", "protected_by_mitigating_control" ->
          Vulnerability.Analysis.Justification.PROTECTED_BY_MITIGATING_CONTROL;
      case "requires_configuration" -> Vulnerability.Analysis.Justification.REQUIRES_CONFIGURATION;
      case "requires_dependency" -> Vulnerability.Analysis.Justification.REQUIRES_DEPENDENCY;
      case "protected_by_compiler" -> Vulnerability.Analysis.Justification.PROTECTED_BY_COMPILER;
      case "protected_at_runtime" -> Vulnerability.Analysis.Justification.PROTECTED_AT_RUNTIME;
      case "protected_at_perimeter" -> Vulnerability.Analysis.Justification.PROTECTED_AT_PERIMETER;
      default -> null;
    };
  }

  private static List<Property> properties(Sbom sbom, Finding f) {
    List<Property> props = new ArrayList<>();
    if (f.ecosystem() != null) {
      props.add(new Property(NS + "ecosystem", f.ecosystem()));
    }
    if (f.epss() != null) {
      props.add(new Property(NS + "epss", Double.toString(f.epss())));
    }
    if (f.epssPercentile() != null) {
      props.add(new Property(NS + "epss:percentile", Double.toString(f.epssPercentile())));
    }
    props.add(new Property(NS + "kev", Boolean.toString(f.kev())));
    var layer = Layers.of(sbom, f.component());
    if (layer != null) {
      props.add(new Property(NS + "layer:index", Integer.toString(layer.index())));
      props.add(new Property(NS + "origin", Layers.origin(layer)));
    }
    return props;
  }
}
