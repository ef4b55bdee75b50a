package io.drydock.sbom.format;

import io.drydock.sbom.Sbom;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an SBOM file into an {@link Sbom}, for {@code sbom:FILE} targets (DESIGN.md §3). The format
 * is detected from the content, not the file name:
 *
 * <ul>
 *   <li>CycloneDX JSON, {@code specVersion} 1.4 to 1.7 (Trivy and cdxgen write 1.7 today), and
 *       CycloneDX XML through cyclonedx-core-java ({@link CycloneDxReader});
 *   <li>SPDX 2.2 and 2.3 JSON ({@link SpdxReader});
 *   <li>Drydock's own JSON, schema version 1 ({@link DrydockJsonReader}).
 * </ul>
 *
 * <p>What is read: every package with a purl becomes a {@link io.drydock.sbom.Component} (type,
 * name, version, arch, epoch and source package from the purl and the writer's properties —
 * Drydock's {@code drydock:}, Trivy's {@code aquasecurity:trivy:}, Syft's {@code syft:}, cdxgen's
 * {@code SrcFile}); its extractor is Drydock's {@code drydock:extractor} or the one that handles
 * the purl type ({@code os/dpkg}, {@code lang/npm}, {@code sbom/<type>} for others); its layer is
 * an index into the layers the document lists ({@code drydock:layer:<i>:diffId}, Trivy's {@code
 * DiffID}), -1 when unknown; its location is image-relative ({@code ""} when the SBOM does not
 * say). Entries without a purl are kept when the document still names their type (Drydock's {@code
 * bom-ref}/{@code drydock:extractor}, Syft's {@code syft:package:type}); the others are skipped and
 * counted in one {@link io.drydock.sbom.Diagnostic} (extractor {@code sbom}). The image and OS
 * entries become the {@link io.drydock.sbom.Subject} ({@code reference} = {@code sbom:<file>},
 * digest when known) and the {@link io.drydock.sbom.OsInfo} (source {@code "sbom"}). Components
 * keep the document's order. Owned file lists are read only from Drydock JSON.
 *
 * <p>Reading Drydock's own CycloneDX, SPDX or JSON output gives back the components the writer was
 * given (owned files aside, which only the JSON carries).
 *
 * <p>Input is untrusted: the file may hold at most {@link Bounds#maxBytes()} bytes, JSON nests at
 * most {@link Bounds#maxNestingDepth()} deep, and at most {@link Bounds#maxComponents()} entries
 * are read; the file is streamed, so memory follows the number of components, not the file's size.
 * Every failure is an {@link IOException} whose message is one line naming the file; content
 * problems are {@link SbomFormatException}s. Stateless and thread-safe.
 */
public final class SbomReader {
  private static final Set<String> CYCLONEDX_VERSIONS = Set.of("1.4", "1.5", "1.6", "1.7");
  private static final Set<String> SPDX_VERSIONS = Set.of("SPDX-2.2", "SPDX-2.3");

  /**
   * Limits on one SBOM file.
   *
   * @param maxBytes largest file, in bytes
   * @param maxNestingDepth deepest JSON nesting (objects and arrays)
   * @param maxComponents most component/package entries, skipped ones included
   */
  public record Bounds(long maxBytes, int maxNestingDepth, int maxComponents) {
    /** 256 MiB, depth 100, 500,000 entries. */
    public static Bounds defaults() {
      return new Bounds(256L << 20, 100, 500_000);
    }
  }

  private SbomReader() {}

  /** Reads {@code file} with {@link Bounds#defaults()}. */
  public static Sbom read(Path file) throws IOException {
    return read(file, Bounds.defaults());
  }

  /**
   * Reads {@code file}; throws {@link SbomFormatException} when the content is not a supported SBOM
   * or exceeds {@code bounds}, another {@link IOException} when the file cannot be read. Either way
   * the message is one line naming the file.
   */
  public static Sbom read(Path file, Bounds bounds) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file");
    } catch (IOException e) {
      throw new IOException(file + ": cannot read: " + e.getMessage());
    }
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, not an SBOM file");
    }
    if (size > bounds.maxBytes()) {
      throw tooLarge(file, bounds.maxBytes());
    }
    int first = firstSignificantByte(file);
    if (first == '<') {
      return CycloneDxReader.readXml(file, bounds);
    }
    Detected d = detect(file, bounds);
    return switch (d.kind()) {
      case CYCLONEDX -> {
        if (!CYCLONEDX_VERSIONS.contains(d.version())) {
          throw new SbomFormatException(
              file + ": CycloneDX " + d.version() + " is not supported (supported: 1.4 to 1.7)");
        }
        yield CycloneDxReader.readJson(file, bounds);
      }
      case SPDX -> {
        if (!SPDX_VERSIONS.contains(d.version())) {
          throw new SbomFormatException(
              file + ": " + d.version() + " is not supported (supported: SPDX-2.2, SPDX-2.3 JSON)");
        }
        yield SpdxReader.read(file, bounds);
      }
      case DRYDOCK -> {
        if (!String.valueOf(DrydockJson.SCHEMA_VERSION).equals(d.version())) {
          throw new SbomFormatException(
              file
                  + ": Drydock JSON schema version "
                  + d.version()
                  + " is not supported (supported: "
                  + DrydockJson.SCHEMA_VERSION
                  + ")");
        }
        yield DrydockJsonReader.read(file, bounds);
      }
    };
  }

  /**
   * Reads Drydock's own JSON ({@link DrydockJson}) from a stream, for SBOMs kept outside files (the
   * server stores them gzipped in its database). {@code name} names the document in messages and
   * becomes the subject's reference as {@code sbom:<name>}. Same bounds and one-line errors as
   * {@link #read(Path, Bounds)}; {@code in} is closed.
   */
  public static Sbom readDrydockJson(InputStream in, String name, Bounds bounds)
      throws IOException {
    return DrydockJsonReader.read(Path.of(name), in, bounds);
  }

  enum Kind {
    CYCLONEDX,
    SPDX,
    DRYDOCK
  }

  record Detected(Kind kind, String version) {}

  /** One streaming pass over the top-level fields that tell the formats apart. */
  private static Detected detect(Path file, Bounds bounds) throws IOException {
    String[] seen = new String[5]; // bomFormat, specVersion, spdxVersion, schemaVersion, tool
    try (JsonStream in = new JsonStream(file, bounds)) {
      in.forEachTopLevelField(
          (name, s) -> {
            switch (name) {
              case "bomFormat" -> seen[0] = s.scalar();
              case "specVersion" -> seen[1] = s.scalar();
              case "spdxVersion" -> seen[2] = s.scalar();
              case "schemaVersion" -> seen[3] = s.scalar();
              case "tool" -> {
                JsonNode tool = s.tree();
                seen[4] = tool.path("name").isString() ? tool.path("name").asString() : null;
              }
              default -> {}
            }
          });
    }
    if ("CycloneDX".equals(seen[0])) {
      return new Detected(Kind.CYCLONEDX, seen[1] == null ? "(no specVersion)" : seen[1]);
    }
    if (seen[2] != null) {
      return new Detected(Kind.SPDX, seen[2]);
    }
    if (seen[3] != null && "drydock".equals(seen[4])) {
      return new Detected(Kind.DRYDOCK, seen[3]);
    }
    throw new SbomFormatException(
        file
            + ": not an SBOM: expected CycloneDX (\"bomFormat\": \"CycloneDX\"), SPDX"
            + " (\"spdxVersion\") or Drydock JSON (\"schemaVersion\" with \"tool\": drydock)");
  }

  private static int firstSignificantByte(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = in.readNBytes(4096);
      int i = 0;
      if (buf.length >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB) {
        i = 3; // UTF-8 byte order mark
      }
      for (; i < buf.length; i++) {
        if (!Character.isWhitespace(buf[i])) {
          return buf[i];
        }
      }
      return -1;
    }
  }

  static SbomFormatException tooLarge(Path file, long max) {
    return new SbomFormatException(
        file + ": larger than the " + humanBytes(max) + " an SBOM may have; refusing to read it");
  }

  private static String humanBytes(long n) {
    if (n >= 1L << 20 && n % (1L << 20) == 0) {
      return (n >> 20) + " MiB";
    }
    return n + " bytes";
  }

  /** The one-line exception for a Jackson failure on {@code file}. */
  static IOException problem(Path file, JacksonException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SbomFormatException f) {
        return f;
      }
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return new IOException(file + ": cannot read: " + oneLine(io.getMessage()));
      }
    }
    String msg =
        e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    return new SbomFormatException(
        file + ": not valid JSON: " + oneLine(msg) + JsonStream.where(e.getLocation()));
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.lines().findFirst().orElse("").trim();
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
