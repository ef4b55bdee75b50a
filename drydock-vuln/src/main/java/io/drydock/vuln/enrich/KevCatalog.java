package io.drydock.vuln.enrich;

import io.drydock.oci.content.Decompression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CISA's Known Exploited Vulnerabilities catalogue ({@code known_exploited_vulnerabilities.json}):
 * CVEs exploited in the wild, with the date CISA added them and its remediation due date.
 * Immutable; lookups by CVE id are case-insensitive.
 *
 * @param catalogVersion as written (e.g. {@code 2024.01.02}), or {@code null}
 * @param dateReleased as written, or {@code null}
 */
public record KevCatalog(String catalogVersion, String dateReleased, Map<String, Entry> entries) {

  /** Largest decompressed file accepted (the real one is about 1.5 MB). */
  public static final long MAX_BYTES = 64L << 20;

  private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(16)
                          .maxStringLength(1 << 20)
                          .build())
                  .build())
          .build();

  /**
   * One catalogue entry. {@code dueDate} may be {@code null}; {@code knownRansomwareUse} is CISA's
   * {@code knownRansomwareCampaignUse} ({@code Known} or {@code Unknown}).
   */
  public record Entry(
      String cveId,
      String vendorProject,
      String product,
      String name,
      LocalDate dateAdded,
      LocalDate dueDate,
      String knownRansomwareUse) {}

  public KevCatalog {
    entries = Map.copyOf(entries);
  }

  /** The entry for {@code cveId}, if CISA lists it. */
  public Optional<Entry> entry(String cveId) {
    return Optional.ofNullable(entries.get(cveId.toUpperCase(Locale.ROOT)));
  }

  /** Reads a file (plain or gzip). */
  public static KevCatalog read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /** Reads the catalogue from {@code in} (not closed); {@code source} names it in errors. */
  public static KevCatalog read(InputStream in, String source) throws IOException {
    return read(in, source, MAX_BYTES);
  }

  /** As {@link #read(InputStream, String)} with another decompressed-size cap (tests). */
  static KevCatalog read(InputStream in, String source, long maxBytes) throws IOException {
    String what = "KEV catalogue " + source;
    JsonNode root;
    try {
      root = MAPPER.readTree(Decompression.open(in, null, maxBytes, what));
    } catch (JacksonException e) {
      throw new IOException(
          what + " is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject() || !root.path("vulnerabilities").isArray()) {
      throw new IOException(what + " has no \"vulnerabilities\" array");
    }
    Map<String, Entry> entries = new HashMap<>();
    int i = 0;
    for (JsonNode v : root.path("vulnerabilities")) {
      String at = what + ": vulnerabilities[" + i++ + "]";
      String cve = text(v, "cveID");
      if (cve == null || !CVE.matcher(cve.strip().toUpperCase(Locale.ROOT)).matches()) {
        throw new IOException(at + " has no valid cveID");
      }
      cve = cve.strip().toUpperCase(Locale.ROOT);
      entries.put(
          cve,
          new Entry(
              cve,
              text(v, "vendorProject"),
              text(v, "product"),
              text(v, "vulnerabilityName"),
              date(v, "dateAdded", at, true),
              date(v, "dueDate", at, false),
              text(v, "knownRansomwareCampaignUse")));
    }
    return new KevCatalog(text(root, "catalogVersion"), text(root, "dateReleased"), entries);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isString() ? v.asString() : null;
  }

  private static LocalDate date(JsonNode node, String field, String at, boolean required)
      throws IOException {
    String s = text(node, field);
    if (s == null || s.isBlank()) {
      if (required) {
        throw new IOException(at + " has no " + field);
      }
      return null;
    }
    try {
      return LocalDate.parse(s.strip());
    } catch (DateTimeParseException e) {
      throw new IOException(at + ": " + field + " is not a date (YYYY-MM-DD)");
    }
  }
}
