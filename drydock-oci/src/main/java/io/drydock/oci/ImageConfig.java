package io.drydock.oci;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The parts of an image configuration (OCI config / Docker container config) Drydock uses.
 *
 * <p>Strings may be {@code null} when absent; {@code created} is {@code null} when absent or
 * unparsable; lists and maps are never {@code null}. {@code env} keeps {@code NAME=value} entries
 * as written (values may be secrets: show names only).
 */
public record ImageConfig(
    String os,
    String architecture,
    String variant,
    Instant created,
    String author,
    String user,
    List<String> entrypoint,
    List<String> cmd,
    List<String> env,
    String workingDir,
    List<String> exposedPorts,
    Map<String, String> labels,
    List<Digest> diffIds,
    List<History> history) {

  public ImageConfig {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    exposedPorts = List.copyOf(exposedPorts);
    labels = Map.copyOf(labels);
    diffIds = List.copyOf(diffIds);
    history = List.copyOf(history);
  }

  /** One history entry; {@code emptyLayer} entries have no layer of their own. */
  public record History(Instant created, String createdBy, String comment, boolean emptyLayer) {}

  /** The platform the config declares. */
  public Platform platform() {
    return new Platform(
        os == null ? "unknown" : os,
        architecture == null ? "unknown" : architecture,
        variant,
        null);
  }

  /** Names of the environment variables, without values. */
  public List<String> envNames() {
    return env.stream().map(e -> e.contains("=") ? e.substring(0, e.indexOf('=')) : e).toList();
  }

  /**
   * History entries paired with layers: element {@code i} is the history of layer {@code i}, or
   * {@code null} when the history is shorter than the layer list.
   */
  public List<History> layerHistory(int layerCount) {
    List<History> out = new ArrayList<>();
    for (History h : history) {
      if (!h.emptyLayer()) {
        out.add(h);
      }
    }
    while (out.size() < layerCount) {
      out.add(null);
    }
    return out.subList(0, layerCount);
  }

  /** Parses a config blob; {@code what} names it in errors. */
  public static ImageConfig parse(byte[] raw, String what) throws OciFormatException {
    if (raw.length > Json.MAX_DOCUMENT_BYTES) {
      throw new OciFormatException(what + " is over the limit of " + Json.MAX_DOCUMENT_BYTES);
    }
    JsonNode root = Json.readObject(raw, what);
    JsonNode c = root.path("config");
    List<Digest> diffIds = new ArrayList<>();
    for (JsonNode d : root.path("rootfs").path("diff_ids")) {
      try {
        diffIds.add(Digest.parse(d.asString()));
      } catch (IllegalArgumentException e) {
        throw new OciFormatException(what + ": rootfs.diff_ids: " + e.getMessage());
      }
    }
    List<History> history = new ArrayList<>();
    for (JsonNode h : root.path("history")) {
      history.add(
          new History(
              instant(ImageDocuments.text(h, "created")),
              ImageDocuments.text(h, "created_by"),
              ImageDocuments.text(h, "comment"),
              h.path("empty_layer").asBoolean(false)));
    }
    List<String> ports = new ArrayList<>();
    if (c.path("ExposedPorts").isObject()) {
      c.path("ExposedPorts").propertyNames().forEach(ports::add);
    }
    return new ImageConfig(
        ImageDocuments.text(root, "os"),
        ImageDocuments.text(root, "architecture"),
        ImageDocuments.text(root, "variant"),
        instant(ImageDocuments.text(root, "created")),
        ImageDocuments.text(root, "author"),
        emptyToNull(ImageDocuments.text(c, "User")),
        strings(c.path("Entrypoint")),
        strings(c.path("Cmd")),
        strings(c.path("Env")),
        emptyToNull(ImageDocuments.text(c, "WorkingDir")),
        ports,
        ImageDocuments.stringMap(c.path("Labels")),
        diffIds,
        history);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      if (n.isString()) {
        out.add(n.asString());
      }
    }
    return out;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static Instant instant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
