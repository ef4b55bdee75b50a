package io.drydock.server.api;

import tools.jackson.databind.JsonNode;

/**
 * Where {@code GET /api/v1/lineage} gets its graph: a document {@code {"bases":[{"name","digest",
 * "rule","apps":[{"digest","repository","references","rule","workloads":[…]}]}]}}. {@link
 * SimpleLineage} builds it from {@code images.base_digest}; the inventory part's {@code
 * LineageGraph} (which also matches layer prefixes) replaces it when merged: {@code new
 * ApiPart(ctx, () -> Json.parse(new LineageGraph(ctx.db()).toJson()))} or similar.
 */
@FunctionalInterface
public interface LineageSource {
  /** The lineage document, built now. */
  JsonNode lineage();
}
