package io.drydock.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Parses manifests and indexes from their raw bytes. The media type comes from the document's own
 * {@code mediaType} field, else from {@code hint} (a Content-Type or descriptor), else from its
 * shape. Docker schema 1 and unknown media types are refused with a message that says so.
 */
public final class ImageDocuments {
  private ImageDocuments() {}

  /**
   * Parses {@code raw}. {@code hint} may be {@code null}; {@code what} names the document in
   * errors.
   *
   * @throws OciFormatException when the bytes are not a manifest or index Drydock can read
   */
  public static ImageDocument parse(byte[] raw, String hint, String what)
      throws OciFormatException {
    if (raw.length > Json.MAX_DOCUMENT_BYTES) {
      throw new OciFormatException(
          what + " is " + raw.length + " bytes, over the limit of " + Json.MAX_DOCUMENT_BYTES);
    }
    JsonNode root = Json.readObject(raw, what);
    String mediaType = text(root, "mediaType");
    if (mediaType == null && hint != null && !hint.isBlank()) {
      mediaType = stripParameters(hint);
    }
    int schemaVersion = root.path("schemaVersion").asInt(0);
    if (schemaVersion == 1 || (mediaType != null && MediaTypes.isSchema1(mediaType))) {
      if (schemaVersion == 1 || root.has("fsLayers")) {
        throw new OciFormatException(
            what
                + " is a Docker schema 1 manifest, which Drydock does not read (deprecated since"
                + " 2017); push the image again with a current Docker, skopeo or crane");
      }
      mediaType = null; // "application/json" from a lax server: sniff the shape instead
    }
    if (mediaType == null) {
      mediaType =
          root.has("manifests")
              ? MediaTypes.OCI_INDEX
              : root.has("layers") && root.has("config") ? MediaTypes.OCI_MANIFEST : null;
    }
    if (mediaType == null) {
      throw new OciFormatException(
          what + " has no mediaType and is neither a manifest nor an index");
    }
    if (schemaVersion != 2) {
      throw new OciFormatException(
          what + " has schemaVersion " + root.path("schemaVersion") + ", expected 2");
    }
    if (MediaTypes.isIndex(mediaType)) {
      return new Index(
          mediaType,
          descriptors(root.path("manifests"), what + " manifests"),
          stringMap(root.path("annotations")));
    }
    if (MediaTypes.isImageManifest(mediaType)) {
      JsonNode config = root.get("config");
      if (config == null || !config.isObject()) {
        throw new OciFormatException(what + " has no config descriptor");
      }
      JsonNode subject = root.get("subject");
      return new Manifest(
          mediaType,
          descriptor(config, what + " config"),
          descriptors(root.path("layers"), what + " layers"),
          stringMap(root.path("annotations")),
          subject != null && subject.isObject() ? descriptor(subject, what + " subject") : null,
          text(root, "artifactType"));
    }
    throw new OciFormatException(
        what
            + " has unsupported media type \""
            + mediaType
            + "\" (Drydock reads OCI and Docker v2 manifests and indexes)");
  }

  /** Parses one descriptor object. */
  public static Descriptor descriptor(JsonNode node, String what) throws OciFormatException {
    String digestText = text(node, "digest");
    if (digestText == null) {
      throw new OciFormatException(what + ": descriptor has no digest");
    }
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (IllegalArgumentException e) {
      throw new OciFormatException(what + ": " + e.getMessage());
    }
    JsonNode sizeNode = node.get("size");
    if (sizeNode == null || !sizeNode.canConvertToLong() || sizeNode.asLong() < 0) {
      throw new OciFormatException(what + ": descriptor " + digest + " has no valid size");
    }
    Platform platform = null;
    JsonNode p = node.get("platform");
    if (p != null && p.isObject()) {
      String os = text(p, "os");
      String arch = text(p, "architecture");
      if (os != null && arch != null) {
        platform = new Platform(os, arch, text(p, "variant"), text(p, "os.version"));
      }
    }
    List<String> urls = new ArrayList<>();
    for (JsonNode u : node.path("urls")) {
      if (u.isString()) {
        urls.add(u.asString());
      }
    }
    return new Descriptor(
        text(node, "mediaType"),
        digest,
        sizeNode.asLong(),
        stringMap(node.path("annotations")),
        platform,
        urls,
        text(node, "artifactType"));
  }

  private static List<Descriptor> descriptors(JsonNode array, String what)
      throws OciFormatException {
    if (array.isMissingNode() || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new OciFormatException(what + " is not an array");
    }
    List<Descriptor> out = new ArrayList<>();
    int i = 0;
    for (JsonNode d : array) {
      if (!d.isObject()) {
        throw new OciFormatException(what + "[" + i + "] is not an object");
      }
      out.add(descriptor(d, what + "[" + i + "]"));
      i++;
    }
    return out;
  }

  static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getValue().isValueNode() && !e.getValue().isNull()) {
          out.put(e.getKey(), e.getValue().asString());
        }
      }
    }
    return out;
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isString() ? v.asString() : null;
  }

  private static String stripParameters(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
  }
}
