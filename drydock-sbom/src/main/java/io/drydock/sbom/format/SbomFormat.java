package io.drydock.sbom.format;

import io.drydock.sbom.Sbom;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The SBOM output formats, by the name {@code drydock sbom --format NAME} takes (DESIGN.md §3).
 *
 * <p>Every format writes UTF-8 text ending in a newline, deterministically for the same {@link
 * Sbom} and {@link FormatOptions}; {@code write} does not close the stream.
 */
public enum SbomFormat {
  /** CycloneDX 1.6 JSON ({@link CycloneDx}). */
  CYCLONEDX_JSON("cyclonedx", "application/vnd.cyclonedx+json"),
  /** CycloneDX 1.6 XML ({@link CycloneDx}). */
  CYCLONEDX_XML("cyclonedx-xml", "application/vnd.cyclonedx+xml"),
  /** SPDX 2.3 JSON ({@link SpdxJson}). */
  SPDX_JSON("spdx-json", "application/spdx+json"),
  /** Drydock's own JSON, schema version 1 ({@link DrydockJson}). */
  JSON("json", "application/json");

  private final String cliName;
  private final String mediaType;

  SbomFormat(String cliName, String mediaType) {
    this.cliName = cliName;
    this.mediaType = mediaType;
  }

  /** The name on the command line ({@code cyclonedx}, {@code spdx-json}). */
  public String cliName() {
    return cliName;
  }

  /** The IANA media type of the output. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The format named {@code name} (case-insensitive); throws {@link IllegalArgumentException}
   * naming the known formats otherwise.
   */
  public static SbomFormat byName(String name) {
    for (SbomFormat f : values()) {
      if (f.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown SBOM format \""
            + name
            + "\": expected one of "
            + Arrays.stream(values()).map(SbomFormat::cliName).collect(Collectors.joining(", ")));
  }

  /** Writes {@code sbom} with {@link FormatOptions#defaults()} (random serial, current time). */
  public void write(Sbom sbom, OutputStream out) throws IOException {
    write(sbom, out, FormatOptions.defaults());
  }

  /** Writes {@code sbom} to {@code out}, which stays open. */
  public void write(Sbom sbom, OutputStream out, FormatOptions options) throws IOException {
    switch (this) {
      case CYCLONEDX_JSON -> CycloneDx.writeJson(sbom, options, out);
      case CYCLONEDX_XML -> CycloneDx.writeXml(sbom, options, out);
      case SPDX_JSON -> SpdxJson.write(sbom, options, out);
      case JSON -> DrydockJson.write(sbom, options, out);
    }
  }
}
