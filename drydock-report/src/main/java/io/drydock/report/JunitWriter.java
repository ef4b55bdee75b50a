package io.drydock.report;

import io.drydock.sbom.Sbom;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * JUnit XML for CI test views, valid against Jenkins' JUnit schema. Like Trivy's junit template:
 * {@code <testsuites>} with one {@code <testsuite>} per target ({@code name} = the target, a {@code
 * type} property {@code os-pkgs}/{@code lang-pkgs}) and one {@code <testcase>} per finding ({@code
 * classname} = {@code <package>-<installed version>}, {@code name} = the vulnerability id). An
 * unsuppressed finding fails: {@code <failure type="<SEVERITY>" message="<SEVERITY>: <summary>">}
 * with the details as text. A suppressed one is {@code <skipped>} with the reason. {@code tests},
 * {@code failures} and {@code errors} (0) are counted per suite and in total, {@code skipped} per
 * suite only (the schema has no total for it); {@code timestamp} is the options' clock in UTC.
 * Targets without findings are empty suites.
 */
final class JunitWriter {
  private JunitWriter() {}

  static void write(ScanResult result, OutputStream out, ReportOptions options) throws IOException {
    out.write(render(result, options).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  static String render(ScanResult result, ReportOptions options) {
    Sbom sbom = result.sbom();
    String timestamp =
        DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
            LocalDateTime.ofInstant(
                options.format().clock().instant().truncatedTo(ChronoUnit.SECONDS),
                ZoneOffset.UTC));
    Summary all = Summary.of(result.findings());
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<testsuites name=\"")
        .append(attr("drydock scan " + sbom.subject().reference()))
        .append("\" tests=\"")
        .append(result.findings().size())
        .append("\" failures=\"")
        .append(all.total())
        .append("\" errors=\"0\">\n");
    for (Targets.Target t : Targets.of(result)) {
      Summary s = Summary.of(t.findings());
      b.append("  <testsuite name=\"")
          .append(attr(t.name()))
          .append("\" tests=\"")
          .append(t.findings().size())
          .append("\" failures=\"")
          .append(s.total())
          .append("\" errors=\"0\" skipped=\"")
          .append(s.suppressed())
          .append("\" timestamp=\"")
          .append(timestamp)
          .append("\">\n");
      b.append("    <properties>\n");
      property(b, "type", t.kind());
      if (sbom.subject().digest() != null) {
        property(b, "digest", sbom.subject().digest());
      }
      b.append("    </properties>\n");
      for (Finding f : t.findings()) {
        testcase(b, sbom, f);
      }
      b.append("  </testsuite>\n");
    }
    b.append("</testsuites>\n");
    return b.toString();
  }

  private static void property(StringBuilder b, String name, String value) {
    b.append("      <property name=\"")
        .append(attr(name))
        .append("\" value=\"")
        .append(attr(value))
        .append("\"/>\n");
  }

  private static void testcase(StringBuilder b, Sbom sbom, Finding f) {
    String installed =
        f.installedVersion() != null ? f.installedVersion() : f.component().pkg().version();
    b.append("    <testcase classname=\"")
        .append(attr(f.component().pkg().name() + "-" + installed))
        .append("\" name=\"")
        .append(attr(f.id()))
        .append("\">\n");
    if (f.suppressed()) {
      b.append("      <skipped>")
          .append(text("suppressed: " + SarifWriter.justification(f.suppression())))
          .append("</skipped>\n");
    } else {
      String severity = f.severity().rating().name();
      b.append("      <failure type=\"")
          .append(severity)
          .append("\" message=\"")
          .append(attr(f.summary().isEmpty() ? severity : severity + ": " + f.summary()))
          .append("\">")
          .append(text(details(sbom, f, installed)))
          .append("</failure>\n");
    }
    b.append("    </testcase>\n");
  }

  private static String details(Sbom sbom, Finding f, String installed) {
    StringBuilder d = new StringBuilder();
    d.append("Package: ").append(f.component().pkg().name()).append('\n');
    d.append("Installed Version: ").append(installed).append('\n');
    d.append("Vulnerability: ").append(f.id());
    if (!f.aliases().isEmpty()) {
      d.append(" (").append(String.join(", ", f.aliases())).append(')');
    }
    d.append('\n');
    d.append("Severity: ").append(f.severity().rating().name());
    if (f.severity().score() != null) {
      d.append(' ').append(f.severity().score());
    }
    d.append('\n');
    d.append("Fixed Version: ")
        .append(f.fixAvailable() ? String.join(", ", f.fixedVersions()) : "no fix yet")
        .append('\n');
    var layer = Layers.of(sbom, f.component());
    if (layer != null) {
      d.append("Layer: ")
          .append(layer.index())
          .append(" (")
          .append(Layers.origin(layer))
          .append(") ")
          .append(layer.diffId())
          .append('\n');
    }
    d.append("Location: ").append(f.component().pkg().location()).append('\n');
    d.append("Link: ").append(Advisories.source(f.id()).url());
    return d.toString();
  }

  /** Escapes for an attribute value (quotes, markup, line breaks kept as character references). */
  static String attr(String s) {
    return escape(s, true);
  }

  /** Escapes for element text. */
  static String text(String s) {
    return escape(s, false);
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append(attribute ? "&quot;" : "\"");
        case '\n' -> b.append(attribute ? "&#10;" : "\n");
        case '\r' -> b.append("&#13;");
        case '\t' -> b.append(attribute ? "&#9;" : "\t");
        default -> {
          if (legalXmlChar(cp)) {
            b.appendCodePoint(cp);
          } else {
            b.append('\uFFFD'); // XML 1.0 cannot carry it, not even as a reference
          }
        }
      }
    }
    return b.toString();
  }

  private static boolean legalXmlChar(int cp) {
    return cp >= 0x20 && cp <= 0xD7FF
        || cp >= 0xE000 && cp <= 0xFFFD
        || cp >= 0x10000 && cp <= 0x10FFFF;
  }
}
