package io.drydock.vuln.suppress;

import io.drydock.vuln.match.Suppression;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * VEX statements from one or more documents ({@code --vex F}): OpenVEX (0.2.0, and the 0.0.x shapes
 * where {@code vulnerability} and {@code products} are strings) and CycloneDX 1.4–1.6 JSON with
 * {@code vulnerabilities[].analysis} (a standalone VEX BOM, or an SBOM with embedded VEX).
 *
 * <p>A finding is suppressed when the <em>latest</em> statement that applies to it ({@link
 * VexStatement#appliesTo}) has status {@code not_affected} or {@code fixed}; "latest" is by
 * timestamp (the statement's, else the document's), then by position (later document, later
 * statement). So a {@code not_affected} of January is overridden by an {@code affected} of March
 * for the same vulnerability and product, as the OpenVEX spec's inheritance and history rules ask
 * and go-vex does.
 *
 * <p>Products are matched by purl only ({@link VexProduct}). OpenVEX products are read from {@code
 * identifiers.purl}, else {@code @id}. CycloneDX {@code affects[].ref} is resolved through the
 * document's own components ({@code bom-ref} → {@code purl}), else, when it is a BOM-Link ({@code
 * urn:cdx:<serial>/<version>#<bom-ref>}) or a plain ref, its bom-ref is read as a purl — Drydock's
 * and Trivy's bom-refs are purls. Products that are not purls (hashes, CPEs, image names) cannot be
 * matched and are skipped with a warning; a statement left with no product is skipped.
 *
 * <p>Errors: a file that is not JSON, larger than {@link #MAX_BYTES}, nested deeper than 64 levels,
 * with duplicate keys, or neither OpenVEX nor CycloneDX is a {@link GateFileException}. Problems
 * inside one statement (no vulnerability name, an unknown status, no usable product, an unreadable
 * timestamp) skip that statement — it then suppresses nothing — and give a warning. Unknown fields
 * are ignored: both formats are extensible. CSAF is recognised and refused (not supported yet).
 * Immutable and thread-safe.
 *
 * @param statements every usable statement, in load order
 * @param warnings one line each; at most {@link #MAX_WARNINGS} per document plus a count
 */
public record VexDocuments(List<VexStatement> statements, List<String> warnings)
    implements SuppressionSource {
  /** Largest document accepted: 16 MiB. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  /** Warnings kept per document; the rest are counted in one more line. */
  public static final int MAX_WARNINGS = 20;

  static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(64)
                          .maxDocumentLength(MAX_BYTES)
                          .maxStringLength(MAX_BYTES)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Comparator<VexStatement> LATEST =
      Comparator.comparing((VexStatement s) -> s.timestamp() == null ? Instant.MIN : s.timestamp())
          .thenComparingInt(VexStatement::order);

  public VexDocuments {
    statements = List.copyOf(statements);
    warnings = List.copyOf(warnings);
  }

  /** No statements: suppresses nothing. */
  public static VexDocuments empty() {
    return new VexDocuments(List.of(), List.of());
  }

  /**
   * Reads one OpenVEX or CycloneDX JSON document.
   *
   * @throws GateFileException see the class description
   */
  public static VexDocuments load(Path file) throws GateFileException {
    return parse(Messages.read(file, MAX_BYTES), file.toString());
  }

  /** Reads several documents; statements of later ones win ties. */
  public static VexDocuments load(List<Path> files) throws GateFileException {
    List<VexDocuments> docs = new ArrayList<>();
    for (Path f : files) {
      docs.add(load(f));
    }
    return combine(docs);
  }

  /** Parses one document; {@code source} names it in references and messages. */
  public static VexDocuments parse(byte[] bytes, String source) throws GateFileException {
    if (bytes.length > MAX_BYTES) {
      throw new GateFileException(source + ": larger than " + MAX_BYTES + " bytes, refused");
    }
    JsonNode root;
    try (JsonParser p = MAPPER.createParser(bytes)) {
      try {
        root = MAPPER.readTree(p);
      } catch (JacksonException e) {
        throw Messages.syntax(source, "JSON", e, p);
      }
    }
    if (root == null || !root.isObject()) {
      throw new GateFileException(source + ": not a JSON object");
    }
    List<String> warnings = new ArrayList<>();
    List<VexStatement> statements;
    if (root.has("bomFormat")) {
      statements = CycloneDxVex.read(root, source, warnings);
    } else if (text(root.get("@context")).contains("openvex")) {
      statements = OpenVex.read(root, source, warnings);
    } else if (root.path("document").has("csaf_version")) {
      throw new GateFileException(source + ": CSAF VEX is not supported; use OpenVEX or CycloneDX");
    } else {
      throw new GateFileException(
          source
              + ": neither OpenVEX (@context https://openvex.dev/ns…) nor CycloneDX (bomFormat)");
    }
    if (warnings.size() > MAX_WARNINGS) {
      int more = warnings.size() - MAX_WARNINGS;
      warnings = new ArrayList<>(warnings.subList(0, MAX_WARNINGS));
      warnings.add(source + ": " + more + " more warnings not shown");
    }
    return new VexDocuments(statements, warnings);
  }

  /** All statements of {@code docs}, renumbered so that later documents win ties. */
  public static VexDocuments combine(List<VexDocuments> docs) {
    List<VexStatement> all = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (VexDocuments d : docs) {
      for (VexStatement s : d.statements()) {
        all.add(
            new VexStatement(
                s.ids(),
                s.products(),
                s.status(),
                s.justification(),
                s.timestamp(),
                s.reference(),
                all.size()));
      }
      warnings.addAll(d.warnings());
    }
    return new VexDocuments(all, warnings);
  }

  /** The latest statement that applies to {@code c}, whatever its status. */
  public Optional<VexStatement> latest(Candidate c) {
    return statements.stream().filter(s -> s.appliesTo(c)).max(LATEST);
  }

  @Override
  public Optional<Suppression> suppression(Candidate candidate) {
    return latest(candidate)
        .filter(s -> s.status().suppresses())
        .map(
            s ->
                new Suppression(
                    Suppression.Source.VEX, s.reference(), s.status().label(), s.justification()));
  }

  /** The node's text when it is a string, else empty. */
  static String text(JsonNode n) {
    return n != null && n.isString() ? n.asString() : "";
  }
}
