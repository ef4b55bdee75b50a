package io.drydock.vuln;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads OSV records (schema 1.6) from their JSON bytes into {@link Advisory} records, checking what
 * the schema requires: {@code id} and {@code modified}; {@code package.ecosystem} and {@code
 * package.name}; range {@code type} one of ECOSYSTEM/SEMVER/GIT with at least one {@code
 * introduced} event; each event exactly one of {@code introduced fixed last_affected limit} with a
 * non-empty string; arrays of strings where strings are expected. Unknown fields are ignored.
 *
 * <p>Input is untrusted: a record is at most {@link #MAX_RECORD_BYTES}, nests at most {@link
 * #MAX_DEPTH} deep, and every problem is an {@link OsvFormatException} whose one-line message names
 * the source, the record id when known, the JSON path and the problem. Versions are not parsed here
 * (that is evaluation's job, which reports them as diagnostics). Thread-safe.
 */
public final class OsvParser {
  /** Largest record accepted (OSV.dev's largest records are well under 1 MiB). */
  public static final int MAX_RECORD_BYTES = 4 * 1024 * 1024;

  /** Deepest JSON nesting accepted. */
  public static final int MAX_DEPTH = 64;

  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(MAX_RECORD_BYTES)
                          .maxDocumentLength(MAX_RECORD_BYTES)
                          .build())
                  .build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .build();

  private OsvParser() {}

  /**
   * Reads one record from {@code in} (at most {@link #MAX_RECORD_BYTES}; the caller closes it).
   * {@code source} names it in errors ({@code ghsa/GHSA-….json}, {@code npm/all.zip!GHSA-….json}).
   */
  public static Advisory parse(InputStream in, String source) throws IOException {
    byte[] bytes = in.readNBytes(MAX_RECORD_BYTES + 1);
    return parse(bytes, source);
  }

  /** Parses one record; {@code source} names it in errors. */
  public static Advisory parse(byte[] bytes, String source) throws OsvFormatException {
    if (bytes.length > MAX_RECORD_BYTES) {
      throw new OsvFormatException(
          source + ": record is larger than " + MAX_RECORD_BYTES + " bytes, refused");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw new OsvFormatException(
          source + ": not valid JSON: " + OsvText.oneLine(e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new OsvFormatException(source + ": not a JSON object");
    }
    return new Reader(source).advisory(root);
  }

  /** Walks one tree; knows the source and, once read, the id for error messages. */
  private static final class Reader {
    private final String source;
    private String id;

    Reader(String source) {
      this.source = source;
    }

    OsvFormatException error(String path, String problem) {
      String who = id == null ? source : source + " (" + id + ")";
      return new OsvFormatException(who + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    Advisory advisory(JsonNode root) throws OsvFormatException {
      JsonNode idNode = root.get("id");
      if (idNode == null || idNode.isNull()) {
        throw error("", "missing id");
      }
      String idText = requiredString(root, "id", "id");
      if (idText.isBlank()) {
        throw error("id", "empty");
      }
      this.id = OsvText.display(idText);
      Instant modified = timestamp(root, "modified", true);
      return new Advisory(
          optionalString(root, "schema_version", "schema_version", ""),
          idText,
          modified,
          timestamp(root, "published", false),
          timestamp(root, "withdrawn", false),
          strings(root, "aliases", "aliases"),
          strings(root, "related", "related"),
          strings(root, "upstream", "upstream"),
          optionalString(root, "summary", "summary", ""),
          optionalString(root, "details", "details", ""),
          severity(root, "severity"),
          affectedList(root),
          references(root),
          object(root, "database_specific", "database_specific"));
    }

    List<Affected> affectedList(JsonNode root) throws OsvFormatException {
      JsonNode arr = array(root, "affected", "affected");
      List<Affected> out = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        String path = "affected[" + i + "]";
        JsonNode a = arr.get(i);
        if (!a.isObject()) {
          throw error(path, "expected an object, found " + kind(a));
        }
        out.add(affected(a, path));
      }
      return out;
    }

    Affected affected(JsonNode a, String path) throws OsvFormatException {
      JsonNode p = a.get("package");
      AffectedPackage pkg;
      if (p == null || p.isNull()) {
        // The schema allows a package-less entry (GIT ranges only); keep it, it matches nothing.
        pkg = new AffectedPackage("", "", null);
      } else {
        if (!p.isObject()) {
          throw error(path + ".package", "expected an object, found " + kind(p));
        }
        pkg =
            new AffectedPackage(
                requiredString(p, "ecosystem", path + ".package.ecosystem"),
                requiredString(p, "name", path + ".package.name"),
                optionalString(p, "purl", path + ".package.purl", null));
      }
      JsonNode rangesNode = array(a, "ranges", path + ".ranges");
      List<Range> ranges = new ArrayList<>();
      for (int r = 0; r < rangesNode.size(); r++) {
        ranges.add(range(rangesNode.get(r), path + ".ranges[" + r + "]"));
      }
      return new Affected(
          pkg,
          severity(a, path + ".severity"),
          ranges,
          strings(a, "versions", path + ".versions"),
          object(a, "ecosystem_specific", path + ".ecosystem_specific"),
          object(a, "database_specific", path + ".database_specific"));
    }

    Range range(JsonNode r, String path) throws OsvFormatException {
      if (!r.isObject()) {
        throw error(path, "expected an object, found " + kind(r));
      }
      String typeText = requiredString(r, "type", path + ".type");
      RangeType type;
      try {
        type = RangeType.valueOf(typeText);
      } catch (IllegalArgumentException e) {
        throw error(
            path + ".type",
            "unknown range type " + OsvText.quote(typeText) + " (ECOSYSTEM, SEMVER or GIT)");
      }
      String repo = optionalString(r, "repo", path + ".repo", null);
      JsonNode eventsNode = r.get("events");
      if (eventsNode == null || eventsNode.isNull()) {
        throw error(path, "missing events");
      }
      if (!eventsNode.isArray()) {
        throw error(path + ".events", "expected an array, found " + kind(eventsNode));
      }
      List<Event> events = new ArrayList<>();
      boolean introduced = false;
      for (int e = 0; e < eventsNode.size(); e++) {
        Event event = event(eventsNode.get(e), path + ".events[" + e + "]");
        introduced |= event.kind() == Event.Kind.INTRODUCED;
        events.add(event);
      }
      if (!introduced) {
        throw error(path + ".events", "no introduced event (the schema requires one)");
      }
      return new Range(
          type, repo, events, object(r, "database_specific", path + ".database_specific"));
    }

    Event event(JsonNode e, String path) throws OsvFormatException {
      if (!e.isObject()) {
        throw error(path, "bad event: expected an object, found " + kind(e));
      }
      List<String> names = new ArrayList<>(e.propertyNames());
      if (names.size() != 1) {
        throw error(
            path,
            "bad event: "
                + names.size()
                + " fields "
                + OsvText.quote(String.join(", ", names))
                + ", an event has exactly one of introduced, fixed, last_affected, limit");
      }
      Map.Entry<String, JsonNode> only = e.properties().iterator().next();
      Event.Kind kind = Event.Kind.byField(only.getKey());
      if (kind == null) {
        throw error(
            path,
            "bad event: unknown field "
                + OsvText.quote(only.getKey())
                + " (introduced, fixed, last_affected or limit)");
      }
      JsonNode v = only.getValue();
      if (!v.isString()) {
        throw error(path + "." + kind.field(), "bad event: expected a string, found " + kind(v));
      }
      if (v.asString().isEmpty()) {
        throw error(path + "." + kind.field(), "bad event: empty version");
      }
      return new Event(kind, v.asString());
    }

    List<SeverityEntry> severity(JsonNode parent, String path) throws OsvFormatException {
      JsonNode arr = array(parent, "severity", path);
      List<SeverityEntry> out = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        JsonNode s = arr.get(i);
        String p = path + "[" + i + "]";
        if (!s.isObject()) {
          throw error(p, "expected an object, found " + kind(s));
        }
        out.add(
            new SeverityEntry(
                requiredString(s, "type", p + ".type"), requiredString(s, "score", p + ".score")));
      }
      return out;
    }

    List<Reference> references(JsonNode root) throws OsvFormatException {
      JsonNode arr = array(root, "references", "references");
      List<Reference> out = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        JsonNode r = arr.get(i);
        String p = "references[" + i + "]";
        if (!r.isObject()) {
          throw error(p, "expected an object, found " + kind(r));
        }
        out.add(
            new Reference(
                requiredString(r, "type", p + ".type"), requiredString(r, "url", p + ".url")));
      }
      return out;
    }

    Instant timestamp(JsonNode parent, String field, boolean required) throws OsvFormatException {
      String text =
          required
              ? requiredString(parent, field, field)
              : optionalString(parent, field, field, null);
      if (text == null) {
        return null;
      }
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        try {
          return Instant.parse(text);
        } catch (DateTimeParseException e2) {
          throw error(field, "not an RFC 3339 timestamp: " + OsvText.quote(text));
        }
      }
    }

    String requiredString(JsonNode parent, String field, String path) throws OsvFormatException {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        throw error(path, "missing");
      }
      if (!n.isString()) {
        throw error(path, "expected a string, found " + kind(n));
      }
      return n.asString();
    }

    String optionalString(JsonNode parent, String field, String path, String absent)
        throws OsvFormatException {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        return absent;
      }
      if (!n.isString()) {
        throw error(path, "expected a string, found " + kind(n));
      }
      return n.asString();
    }

    List<String> strings(JsonNode parent, String field, String path) throws OsvFormatException {
      JsonNode arr = array(parent, field, path);
      List<String> out = new ArrayList<>(arr.size());
      for (int i = 0; i < arr.size(); i++) {
        JsonNode s = arr.get(i);
        if (!s.isString()) {
          throw error(path + "[" + i + "]", "expected a string, found " + kind(s));
        }
        out.add(s.asString());
      }
      return out;
    }

    /** The array at {@code field}, or an empty array when absent or null. */
    JsonNode array(JsonNode parent, String field, String path) throws OsvFormatException {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        return MAPPER.createArrayNode();
      }
      if (!n.isArray()) {
        throw error(path, "expected an array, found " + kind(n));
      }
      return n;
    }

    /** The object at {@code field}, or null when absent or null. */
    JsonNode object(JsonNode parent, String field, String path) throws OsvFormatException {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isObject()) {
        throw error(path, "expected an object, found " + kind(n));
      }
      return n;
    }

    static String kind(JsonNode n) {
      return switch (n.getNodeType()) {
        case ARRAY -> "an array";
        case OBJECT, POJO -> "an object";
        case STRING -> "a string";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "null";
        default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
      };
    }
  }
}
