package io.drydock.oci;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Jackson 3 mapper Drydock's own code uses, with its defaults set explicitly (Jackson 3
 * changed several): unknown properties are tolerated (registries add fields), properties keep
 * declaration order, dates are ISO strings. Input is bounded: documents nest at most 64 deep and
 * strings are at most 8 MiB.
 */
public final class Json {
  private Json() {}

  /** Largest manifest, index or config Drydock reads (the distribution spec suggests 4 MiB). */
  public static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

  public static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(64)
                          .maxStringLength(MAX_DOCUMENT_BYTES)
                          .build())
                  .build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  /**
   * Parses {@code bytes} as a JSON object; {@code what} names the document in the error ("manifest
   * sha256:… of docker.io/library/debian").
   */
  public static JsonNode readObject(byte[] bytes, String what) throws OciFormatException {
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw new OciFormatException(
          what + " is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (node == null || !node.isObject()) {
      throw new OciFormatException(what + " is not a JSON object");
    }
    return node;
  }
}
