package io.drydock.report;

import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.Sbom;
import io.drydock.vuln.Severity.Rating;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The human-readable table.
 *
 * <p>Layout: a header (image, digest, platform, base image, database, the summary line over the
 * whole result, a note and the diagnostics when the SBOM is partial, scan diagnostics), then per
 * target a title underlined with {@code =}, the target's summary line and, per layer (index order;
 * SBOM input without layers last), a layer line {@code Layer <i> [base|app] <short diffId>
 * <created_by>} and an aligned table of the layer's unsuppressed findings: package, installed,
 * vulnerability, severity, fixed version ({@code no fix yet}), origin. Suppressed findings only
 * count. Severities are coloured with ANSI SGR codes only when {@link ReportOptions#color()}.
 */
final class TableWriter {
  private static final String RESET = "\u001b[0m";
  private static final String[] HEADERS = {
    "PACKAGE", "INSTALLED", "VULNERABILITY", "SEVERITY", "FIXED VERSION", "ORIGIN"
  };
  private static final int SEVERITY_COLUMN = 3;
  private static final int NO_LAYER = Integer.MAX_VALUE;

  private TableWriter() {}

  static void write(ScanResult result, OutputStream out, ReportOptions options) throws IOException {
    out.write(render(result, options.color()).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  static String render(ScanResult result, boolean color) {
    Sbom sbom = result.sbom();
    StringBuilder b = new StringBuilder();
    b.append(sbom.subject().reference()).append('\n');
    if (sbom.subject().digest() != null) {
      b.append("Digest:   ").append(sbom.subject().digest()).append('\n');
    }
    if (sbom.os() != null) {
      b.append("OS:       ")
          .append(sbom.os().prettyName() != null ? sbom.os().prettyName() : sbom.os().id())
          .append('\n');
    }
    String base = baseLine(sbom.base());
    if (base != null) {
      b.append("Base:     ").append(base).append('\n');
    }
    if (result.database() != null && !result.database().isEmpty()) {
      b.append("Database: ").append(result.database()).append('\n');
    }
    b.append(Summary.of(result.findings()).line()).append('\n');
    if (sbom.partial()) {
      b.append('\n')
          .append("Note: the SBOM is partial (")
          .append(sbom.diagnostics().size())
          .append(sbom.diagnostics().size() == 1 ? " problem" : " problems")
          .append("): findings may be missing.\n");
      for (Diagnostic d : sbom.diagnostics()) {
        b.append("  - ").append(d).append('\n');
      }
    }
    if (!result.diagnostics().isEmpty()) {
      b.append('\n').append("Scan diagnostics:\n");
      for (String d : result.diagnostics()) {
        b.append("  - ").append(d).append('\n');
      }
    }
    for (Targets.Target t : Targets.of(result)) {
      b.append('\n').append(t.name()).append('\n');
      b.append("=".repeat(t.name().length())).append('\n');
      b.append(Summary.of(t.findings()).line()).append('\n');
      Map<Integer, List<Finding>> byLayer = new TreeMap<>();
      for (Finding f : t.findings()) {
        if (!f.suppressed()) {
          // the unknown layer (SBOM input) sorts last
          int layer = Layers.of(sbom, f.component()) == null ? NO_LAYER : f.component().layer();
          byLayer.computeIfAbsent(layer, k -> new ArrayList<>()).add(f);
        }
      }
      for (Map.Entry<Integer, List<Finding>> e : byLayer.entrySet()) {
        b.append('\n').append(layerLine(sbom, e.getKey())).append('\n');
        table(b, sbom, e.getValue(), color);
      }
    }
    return b.toString();
  }

  private static String baseLine(BaseImage base) {
    if (base == null || base.rule() == BaseImage.Rule.NONE) {
      return base != null && base.note() != null ? "unknown (" + base.note() + ")" : null;
    }
    StringBuilder b = new StringBuilder();
    b.append(base.name() != null ? base.name() : Layers.shortDigest(base.digest()));
    b.append(" (")
        .append(base.rule().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .append(", ")
        .append(base.layerCount())
        .append(base.layerCount() == 1 ? " layer)" : " layers)");
    if (base.note() != null) {
      b.append(": ").append(base.note());
    }
    return b.toString();
  }

  private static String layerLine(Sbom sbom, int index) {
    if (index == NO_LAYER) {
      return "Layer ? (not known: SBOM input)";
    }
    LayerInfo l = sbom.layers().get(index);
    StringBuilder b = new StringBuilder();
    // 1-based, as `drydock inspect` numbers layers
    b.append("Layer ")
        .append(l.index() + 1)
        .append(" of ")
        .append(sbom.layers().size())
        .append(" [")
        .append(Layers.origin(l))
        .append("] ")
        .append(Layers.shortDigest(l.diffId()));
    String created = Layers.shortCreatedBy(l.createdBy());
    if (!created.isEmpty()) {
      b.append("  ").append(created);
    }
    return b.toString();
  }

  private static void table(StringBuilder b, Sbom sbom, List<Finding> findings, boolean color) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (Finding f : findings) {
      String origin = Layers.origin(sbom, f.component());
      rows.add(
          new String[] {
            f.component().pkg().name(),
            f.installedVersion() != null ? f.installedVersion() : f.component().pkg().version(),
            f.id(),
            f.severity().rating().name(),
            f.fixAvailable() ? String.join(", ", f.fixedVersions()) : "no fix yet",
            origin == null ? "" : origin
          });
    }
    int[] width = new int[HEADERS.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        String cell = row[i];
        boolean last = i == row.length - 1;
        if (color && r > 0 && i == SEVERITY_COLUMN) {
          line.append(colored(cell, findings.get(r - 1).severity().rating()));
        } else {
          line.append(cell);
        }
        if (!last) {
          line.append(" ".repeat(width[i] - cell.length() + 2));
        }
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String colored(String text, Rating rating) {
    String sgr =
        switch (rating) {
          case CRITICAL -> "\u001b[1;31m";
          case HIGH -> "\u001b[31m";
          case MEDIUM -> "\u001b[33m";
          case LOW -> "\u001b[34m";
          case NONE, UNKNOWN -> null;
        };
    return sgr == null ? text : sgr + text + RESET;
  }
}
