package io.drydock.report;

import io.drydock.vuln.match.ScanResult;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The scan report formats, by the name {@code drydock scan --format NAME} takes (DESIGN.md §3).
 *
 * <p>Every format writes UTF-8 text ending in a newline, deterministically for the same {@link
 * ScanResult} and {@link ReportOptions}; {@code write} flushes but does not close the stream.
 * Suppressed findings stay visible in every format (see each constant). Thread-safe.
 */
public enum ReportFormat {
  /**
   * For people at a terminal: header, the summary line, per target and layer an aligned table of
   * unsuppressed findings; colour only when {@link ReportOptions#color()}.
   */
  TABLE("table", "text/plain; charset=utf-8"),
  /**
   * Drydock's scan JSON, {@code schemaVersion} 1, documented by the JSON Schema at {@link
   * #JSON_SCHEMA_RESOURCE}; every finding with every field, suppressed ones with their reason.
   */
  JSON("json", "application/json"),
  /**
   * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per vulnerability id,
   * one result per finding, {@code suppressions[]} on suppressed ones.
   */
  SARIF("sarif", "application/sarif+json"),
  /** CycloneDX 1.6 JSON: the SBOM with {@code vulnerabilities[]}, VEX-style {@code analysis}. */
  CYCLONEDX("cyclonedx", "application/vnd.cyclonedx+json"),
  /**
   * JUnit XML: a test suite per target, a failing test case per unsuppressed finding, a skipped one
   * per suppressed finding.
   */
  JUNIT("junit", "application/xml");

  /** The classpath resource of the JSON Schema that documents {@link #JSON}. */
  public static final String JSON_SCHEMA_RESOURCE = JsonWriter.SCHEMA_RESOURCE;

  private final String cliName;
  private final String mediaType;

  ReportFormat(String cliName, String mediaType) {
    this.cliName = cliName;
    this.mediaType = mediaType;
  }

  /** The name on the command line ({@code table}, {@code sarif}). */
  public String cliName() {
    return cliName;
  }

  /** The media type of the output. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The format named {@code name} (case-insensitive); throws {@link IllegalArgumentException}
   * naming the known formats otherwise.
   */
  public static ReportFormat byName(String name) {
    for (ReportFormat f : values()) {
      if (f.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown report format \""
            + name
            + "\": expected one of "
            + Arrays.stream(values()).map(ReportFormat::cliName).collect(Collectors.joining(", ")));
  }

  /**
   * Writes {@code result} to {@code out}, which stays open.
   *
   * @throws IOException when {@code out} fails, or the encoder does (the message names the target)
   */
  public void write(ScanResult result, OutputStream out, ReportOptions options) throws IOException {
    switch (this) {
      case TABLE -> TableWriter.write(result, out, options);
      case JSON -> JsonWriter.write(result, out, options);
      case SARIF -> SarifWriter.write(result, out, options);
      case CYCLONEDX -> CycloneDxWriter.write(result, out, options);
      case JUNIT -> JunitWriter.write(result, out, options);
    }
  }
}
