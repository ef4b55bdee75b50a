package io.drydock.sbom.engine;

import io.drydock.sbom.Extractor;
import io.drydock.sbom.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Layer results on disk, keyed by {@code diffId + extractor names and versions + limits}, so a
 * second image sharing a base costs only its own layers.
 *
 * <p>Safe for several processes at once without any lock: an entry is written to a temp file in the
 * same directory and moved into place atomically, so readers see a whole entry or none; two
 * processes analysing the same layer both write it and the last move wins with identical content.
 * An unreadable entry (truncated by a crash, from another format version) counts as a miss and is
 * replaced. Thread-safe.
 */
public final class LayerCache {
  /** Bumped when {@link LayerResult}'s JSON shape changes. */
  static final int FORMAT = 1;

  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private final Path dir;
  private final String extractorsKey;

  /**
   * @param dir the cache directory (created on first write), e.g. {@code ~/.cache/drydock/layers}
   */
  public LayerCache(Path dir, List<Extractor> extractors, Limits limits) {
    this.dir = dir;
    List<String> parts = new ArrayList<>();
    for (Extractor x : extractors) {
      parts.add(x.name() + "@" + x.version());
    }
    parts.sort(null);
    this.extractorsKey = "format " + FORMAT + "\n" + String.join(",", parts) + "\n" + limits;
  }

  public Path dir() {
    return dir;
  }

  /** The cached result for a layer, if present and readable. */
  public Optional<LayerResult> get(String diffId) {
    Path file = file(diffId);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    try {
      LayerResult r = MAPPER.readValue(bytes, LayerResult.class);
      if (!diffId.equals(r.diffId())) {
        return Optional.empty();
      }
      return Optional.of(r);
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** Stores a layer's result atomically; failures are ignored (the cache is an optimisation). */
  public void put(LayerResult result) {
    if (result.diffId() == null) {
      return;
    }
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(result);
    } catch (JacksonException e) {
      return; // not cached: the next scan analyses the layer again
    }
    KnownImages.writeAtomic(file(result.diffId()), json);
  }

  Path file(String diffId) {
    String key = sha256Hex(diffId + "\n" + extractorsKey);
    return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
