package io.drydock.vuln;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One OSV record (schema 1.6; {@code upstream} from 1.7 is kept too). Immutable and thread-safe;
 * JSON objects are copied in and out.
 *
 * @param schemaVersion {@code schema_version}, or empty when absent
 * @param modified required by the schema
 * @param published null when absent
 * @param withdrawn null unless the record is withdrawn; a withdrawn record matches nothing
 * @param summary empty when absent
 * @param details CommonMark, empty when absent
 * @param databaseSpecific an object node, empty when absent
 */
public record Advisory(
    String schemaVersion,
    String id,
    Instant modified,
    Instant published,
    Instant withdrawn,
    List<String> aliases,
    List<String> related,
    List<String> upstream,
    String summary,
    String details,
    List<SeverityEntry> severity,
    List<Affected> affected,
    List<Reference> references,
    JsonNode databaseSpecific) {
  public Advisory {
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(modified, "modified");
    aliases = List.copyOf(aliases);
    related = List.copyOf(related);
    upstream = List.copyOf(upstream);
    summary = Objects.requireNonNullElse(summary, "");
    details = Objects.requireNonNullElse(details, "");
    severity = List.copyOf(severity);
    affected = List.copyOf(affected);
    references = List.copyOf(references);
    databaseSpecific = Trees.frozen(databaseSpecific);
  }

  @Override
  public JsonNode databaseSpecific() {
    return databaseSpecific.deepCopy();
  }

  /** Whether the record carries {@code withdrawn}. */
  public boolean isWithdrawn() {
    return withdrawn != null;
  }

  /**
   * Whether {@code version} of package {@code name} in {@code ecosystem} (the installed package's
   * identity) is affected: every {@code affected[]} entry that {@link Affected#appliesTo applies}
   * is evaluated and the results {@link AffectedResult#anyOf combined}. Not affected when the
   * record is withdrawn or no entry applies (an entry with a mis-spelt or unknown ecosystem never
   * does).
   */
  public AffectedResult affects(Ecosystem ecosystem, String name, String version) {
    if (isWithdrawn()) {
      return AffectedResult.notAffected();
    }
    List<AffectedResult> results = new ArrayList<>();
    for (Affected a : affected) {
      if (a.appliesTo(ecosystem, name)) {
        results.add(a.affects(version));
      }
    }
    return AffectedResult.anyOf(results);
  }
}
