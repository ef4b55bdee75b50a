package io.drydock.server.api;

import tools.jackson.databind.JsonNode;

/**
 * Where {@code GET /api/v1/lineage} gets its graph: a document {@code {"bases":[{"name","digest",
 * "rule","apps":[{"digest","repository","references","rule","workloads":[…]}]}]}}, by default the
 * inventory's {@link io.drydock.server.inventory.LineageGraph}.
 */
@FunctionalInterface
public interface LineageSource {
  /** The lineage document, built now. */
  JsonNode lineage();
}
