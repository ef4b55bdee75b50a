package io.drydock.vuln;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One {@code affected[].ranges[]} entry. {@code repo} is null unless given (the schema requires it
 * for {@link RangeType#GIT}); {@code events} are in record order (evaluation sorts them); {@code
 * databaseSpecific} is an object node, empty when absent, and never affects evaluation.
 */
public record Range(RangeType type, String repo, List<Event> events, JsonNode databaseSpecific) {
  public Range {
    Objects.requireNonNull(type, "type");
    events = List.copyOf(events);
    databaseSpecific = Trees.frozen(databaseSpecific);
  }

  /** A range without repo or database_specific. */
  public static Range of(RangeType type, Event... events) {
    return new Range(type, null, List.of(events), null);
  }

  @Override
  public JsonNode databaseSpecific() {
    return databaseSpecific.deepCopy();
  }
}
