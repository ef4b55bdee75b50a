package io.drydock.vuln;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Jackson trees kept inside immutable records: copied in, copied out. */
final class Trees {
  private Trees() {}

  /** A private copy of {@code node}, or an empty object for null / missing / JSON null. */
  static JsonNode frozen(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    return node.deepCopy();
  }
}
