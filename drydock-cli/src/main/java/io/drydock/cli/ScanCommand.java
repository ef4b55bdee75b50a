package io.drydock.cli;

import io.drydock.oci.Target;
import io.drydock.report.ReportFormat;
import io.drydock.report.ReportOptions;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.format.SbomReader;
import io.drydock.vuln.enrich.EpssScores;
import io.drydock.vuln.enrich.KevCatalog;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanOptions;
import io.drydock.vuln.match.ScanResult;
import io.drydock.vuln.match.VulnerabilityScanner;
import io.drydock.vuln.store.AdvisoryStore;
import io.drydock.vuln.suppress.Gate;
import io.drydock.vuln.suppress.GateDecision;
import io.drydock.vuln.suppress.GateOptions;
import io.drydock.vuln.suppress.IgnoreFile;
import io.drydock.vuln.suppress.SuppressionSource;
import io.drydock.vuln.suppress.VexDocuments;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code drydock scan TARGET}: known vulnerabilities in an image or SBOM, gated for CI. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Find known vulnerabilities in an image or an SBOM and gate CI on them.",
      "Packages are matched against the local advisory database (drydock db update); OS packages",
      "only against their distro's advisories. Without a database, the bundled example",
      "advisories are used, with a warning."
    },
    footer = {
      "",
      "Exit codes: 0 no gating finding (or --exit-code 0), N (--exit-code N) when unsuppressed",
      "findings of the selected severities remain, 1 error, 2 usage error."
    })
final class ScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TARGET",
      description =
          "The image (REGISTRY/REPO[:TAG|@DIGEST], oci:DIR[:REF], oci-archive:F, docker-archive:F,"
              + " dir:ROOTFS) or sbom:FILE (CycloneDX 1.4-1.6, SPDX 2.3 JSON).")
  String target;

  @Option(
      names = {"-f", "--format"},
      defaultValue = "table",
      converter = FormatConverter.class,
      description =
          "Output format: table, json, sarif, cyclonedx, junit (default: ${DEFAULT-VALUE}).")
  ReportFormat format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report to FILE (atomically) instead of stdout.")
  Path output;

  @Option(
      names = {"-s", "--severity"},
      paramLabel = "LIST",
      description =
          "Severities to show and gate on, comma-separated: UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL"
              + " (default: all).")
  String severity;

  @Option(
      names = "--exit-code",
      paramLabel = "N",
      defaultValue = "0",
      description = "Exit with N when unsuppressed findings remain after the filters (default: 0).")
  int exitCode;

  @Option(
      names = "--ignore-unfixed",
      description = "Hide and do not gate on findings with no fix yet.")
  boolean ignoreUnfixed;

  @Option(
      names = "--ignore-file",
      paramLabel = "FILE",
      description = {
        "Suppress findings listed in FILE (YAML: id, purls, paths, statement, expired_at; or the",
        "plain .trivyignore format). Default: .drydockignore.yaml in the working directory if any."
      })
  Path ignoreFile;

  @Option(
      names = "--vex",
      paramLabel = "FILE",
      description =
          "OpenVEX or CycloneDX VEX document (repeatable): not_affected and fixed suppress.")
  List<Path> vex = new ArrayList<>();

  @Option(names = "--epss", paramLabel = "FILE", description = "EPSS scores CSV (.csv or .csv.gz).")
  Path epss;

  @Option(names = "--kev", paramLabel = "FILE", description = "CISA KEV catalog JSON.")
  Path kev;

  @Option(
      names = "--offline",
      description = "Never use the network for advisories (scans never download; accepted for CI).")
  boolean offline;

  @Mixin DbDirOptions db;
  @Mixin ImageAnalysis analysis;
  @Mixin CacheDirOptions cache;
  @Mixin SourceOptions sourceOptions;

  static final String DEFAULT_IGNORE_FILE = ".drydockignore.yaml";

  /** What a scan found: the filtered result to report, the gate's decision and its warnings. */
  record Outcome(ScanResult shown, GateDecision decision, List<String> warnings, Sbom sbom) {}

  /**
   * Analyses {@code target}, matches it against the advisory store and applies the suppressions and
   * filters; used by {@code scan} and {@code attest --scan}. Warnings about a missing database go
   * to {@code err} at once; the gate's warnings are returned. Closes the registry client.
   */
  Outcome scan(PrintWriter err) throws Exception {
    GateOptions gateOptions =
        new GateOptions(
            severity == null
                ? GateOptions.defaults().severities()
                : GateOptions.parseSeverities(severity),
            ignoreUnfixed,
            exitCode);
    List<SuppressionSource> sources = suppressionSources();
    Sbom sbom;
    Target t = Target.parse(target);
    // The store opens while the image is read: the first open in a process loads the JDBC driver
    // and its native library (about 0.1 s, BENCHMARKS.md), which reading layers hides.
    // its warning (no database yet: the bundled examples) is printed after the progress line
    java.io.StringWriter storeWarnings = new java.io.StringWriter();
    BackgroundStore opening =
        BackgroundStore.open(() -> openStore(new PrintWriter(storeWarnings, true)));
    try {
      if (t instanceof Target.Sbom s) {
        sbom = SbomReader.read(s.file());
      } else {
        try {
          sbom = analysis.sbom(target, sourceOptions, cache, err);
        } finally {
          sourceOptions.close();
        }
      }
    } catch (Exception | Error e) {
      opening.discard();
      throw e;
    }
    ScanResult result;
    try (AdvisoryStore store = opening.get()) {
      err.print(storeWarnings);
      err.flush();
      result = scanner().scan(sbom, store, ScanOptions.defaults());
    }
    Gate gate = new Gate(sources);
    ScanResult gated = gate.apply(result);
    List<Finding> visible = Gate.visible(gated.findings(), gateOptions);
    ScanResult shown =
        new ScanResult(
            gated.sbom(), visible, gated.database(), gated.databaseBuilt(), gated.diagnostics());
    GateDecision decision = gate.decide(gated.findings(), gateOptions);
    List<String> warnings = new ArrayList<>(gate.warnings());
    warnings.addAll(decision.warnings());
    return new Outcome(shown, decision, warnings, sbom);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (format == ReportFormat.CYCLONEDX) {
      io.drydock.sbom.format.CycloneDx.warmUpInBackground();
    }
    Outcome outcome = scan(err);
    ScanResult shown = outcome.shown();
    GateDecision decision = outcome.decision();
    Sbom sbom = outcome.sbom();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean color =
        format == ReportFormat.TABLE
            && output == null
            && System.console() != null
            && System.getenv("NO_COLOR") == null;
    format.write(shown, bytes, ReportOptions.defaults().withColor(color));
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(bytes.toString(StandardCharsets.UTF_8));
      out.flush();
    } else {
      SbomCommand.writeAtomically(output, bytes.toByteArray());
    }
    for (String w : outcome.warnings()) {
      err.println("warning: " + w);
    }
    SbomCommand.warnIfPartial(sbom, err);
    err.flush();
    return decision.exitCode();
  }

  private List<SuppressionSource> suppressionSources() throws IOException {
    List<SuppressionSource> sources = new ArrayList<>();
    Path ignore = ignoreFile;
    if (ignore == null && Files.isRegularFile(Path.of(DEFAULT_IGNORE_FILE))) {
      ignore = Path.of(DEFAULT_IGNORE_FILE);
    }
    if (ignore != null) {
      sources.add(IgnoreFile.load(ignore, Clock.systemUTC()));
    }
    if (!vex.isEmpty()) {
      sources.add(VexDocuments.load(vex));
    }
    return sources;
  }

  private VulnerabilityScanner scanner() throws IOException {
    return scanner(db.dir(), epss, kev);
  }

  /**
   * The scanner with EPSS and KEV data: the given files, else the ones {@code db update} keeps
   * beside the database in {@code dbDir}, else none.
   */
  static VulnerabilityScanner scanner(Path dbDir, Path epss, Path kev) throws IOException {
    Path epssFile =
        epss != null
            ? epss
            : firstExisting(dbDir, "epss_scores-current.csv.gz", "epss_scores-current.csv");
    Path kevFile = kev != null ? kev : firstExisting(dbDir, "known_exploited_vulnerabilities.json");
    EpssScores e = epssFile == null ? null : EpssScores.read(epssFile);
    KevCatalog k = kevFile == null ? null : KevCatalog.read(kevFile);
    return new VulnerabilityScanner(e, k);
  }

  private static Path firstExisting(Path dir, String... names) {
    for (String n : names) {
      Path p = dir.resolve(n);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /** The advisory store, or the bundled examples (with a warning) when there is none yet. */
  private AdvisoryStore openStore(PrintWriter err) throws IOException {
    return openStore(db, cache, err);
  }

  /**
   * The advisory store in {@code db}; without {@code --db-dir} and no database yet, the bundled
   * examples with a warning on {@code err}. The caller closes it.
   */
  static AdvisoryStore openStore(DbDirOptions db, CacheDirOptions cache, PrintWriter err)
      throws IOException {
    Path file = db.dbFile();
    if (Files.isRegularFile(file)) {
      return AdvisoryStore.open(file);
    }
    if (db.dbDir != null) {
      throw new IOException(
          "no advisory database in "
              + db.dbDir
              + " (run: drydock db update --db-dir "
              + db.dbDir
              + ")");
    }
    err.println(
        "warning: no advisory database at "
            + file
            + "; scanning against the "
            + BundledAdvisories.count()
            + " bundled example advisories only (run `drydock db update` for the full OSV data)");
    return AdvisoryStore.open(BundledAdvisories.database(cache.dir()));
  }

  /** Accepts the report formats' CLI names. */
  static final class FormatConverter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      try {
        return ReportFormat.byName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
