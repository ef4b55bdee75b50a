package io.drydock.oci.archive;

import io.drydock.oci.Compression;
import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.DigestMismatchException;
import io.drydock.oci.Image;
import io.drydock.oci.ImageConfig;
import io.drydock.oci.ImageRef;
import io.drydock.oci.ImageSource;
import io.drydock.oci.Json;
import io.drydock.oci.Manifest;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.OciFormatException;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import io.drydock.oci.content.BlobStore;
import io.drydock.oci.content.StoredImage;
import io.drydock.oci.tar.TarIndex;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An image in a {@code docker save} / skopeo docker-archive tar ({@code
 * docker-archive:FILE[:repo:tag | :@N]}).
 *
 * <p>Reads {@code manifest.json} (an array of {@code {Config, RepoTags, Layers}}); layer paths may
 * be the legacy {@code <id>/layer.tar} (often a symlink inside the tar) or the {@code
 * blobs/sha256/<hex>} of Docker 25+. The legacy {@code repositories} file and the OCI {@code
 * index.json} of newer archives are ignored. Layers may be plain tar or gzip (sniffed).
 *
 * <p>Archives have no registry manifest, so a Docker v2 schema 2 manifest is synthesized: the
 * config descriptor is the {@code Config} file, each layer descriptor's digest is the SHA-256 of
 * the layer file as stored (taken from its name when the name is a digest or the layer is plain tar
 * whose digest is its diffID, else computed by one pass at open) and the manifest digest is
 * computed over the synthesized bytes — it is Drydock's, not a registry's. Every byte is still
 * verified when read. Nothing is extracted: the tar is indexed once ({@link TarIndex}).
 * Thread-safe; closing closes the file.
 */
public final class DockerArchiveSource implements ImageSource {
  private static final Pattern BLOB_PATH = Pattern.compile("blobs/sha256/([0-9a-f]{64})");
  private static final Pattern HEX_JSON = Pattern.compile("([0-9a-f]{64})\\.json");

  private final TarIndex tar;
  private final String describe;
  private final List<String> repoTags;
  private final StoredImage image;

  private DockerArchiveSource(
      TarIndex tar, String describe, List<String> repoTags, StoredImage image) {
    this.tar = tar;
    this.describe = describe;
    this.repoTags = repoTags;
    this.image = image;
  }

  /**
   * Opens {@code file} and selects an image by {@code selectorOrNull}: {@code repo:tag} (matched
   * against {@code RepoTags}, also in normalised form such as {@code docker.io/library/x:1} for
   * {@code x:1}), or {@code @N} (0-based position in {@code manifest.json}); {@code null} when the
   * archive holds one image.
   *
   * @throws IOException one line naming the archive: not a docker archive, unknown selector
   *     (listing the images), missing member, config digest mismatch
   */
  public static DockerArchiveSource open(Path file, String selectorOrNull) throws IOException {
    Objects.requireNonNull(file, "file");
    String describe =
        "docker-archive:" + file + (selectorOrNull == null ? "" : ":" + selectorOrNull);
    String name = "docker-archive " + file;
    TarIndex tar = TarIndex.open(file, name);
    try {
      return open(tar, selectorOrNull, describe, name);
    } catch (IOException | RuntimeException e) {
      tar.close();
      throw e;
    }
  }

  private static DockerArchiveSource open(
      TarIndex tar, String selector, String describe, String name) throws IOException {
    byte[] manifestJson;
    if (tar.find("manifest.json").isEmpty()) {
      throw new OciFormatException(
          name + " is not a docker archive (no manifest.json; is it an oci-archive?)");
    }
    try (InputStream in = tar.open("manifest.json")) {
      manifestJson = in.readNBytes(Json.MAX_DOCUMENT_BYTES + 1);
    }
    if (manifestJson.length > Json.MAX_DOCUMENT_BYTES) {
      throw new OciFormatException("manifest.json of " + name + " is too large");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(manifestJson);
    } catch (tools.jackson.core.JacksonException e) {
      throw new OciFormatException(
          "manifest.json of "
              + name
              + " is not valid JSON: "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new OciFormatException(
          "manifest.json of " + name + " is not a non-empty array of images");
    }
    int chosen = choose(root, selector, name);
    JsonNode entry = root.get(chosen);
    String what = describe;
    String configPath = entry.path("Config").asString(null);
    if (configPath == null) {
      throw new OciFormatException(
          "manifest.json of " + name + " entry " + chosen + " has no Config");
    }
    byte[] rawConfig = readMember(tar, configPath, Json.MAX_DOCUMENT_BYTES, name);
    Digest configDigest = Digest.sha256(rawConfig);
    String nameHex = digestInName(configPath, true);
    if (nameHex != null && !nameHex.equals(configDigest.hex())) {
      throw new DigestMismatchException(
          new Digest(Digest.SHA256, nameHex),
          "config "
              + configPath
              + " of "
              + name
              + " has digest "
              + configDigest
              + ", which does not match its name");
    }
    ImageConfig config = ImageConfig.parse(rawConfig, "config " + configPath + " of " + name);
    JsonNode layersNode = entry.path("Layers");
    if (!layersNode.isArray()) {
      throw new OciFormatException(
          "manifest.json of " + name + " entry " + chosen + " has no Layers array");
    }
    if (layersNode.size() != config.diffIds().size()) {
      throw new OciFormatException(
          "manifest.json of "
              + name
              + " lists "
              + layersNode.size()
              + " layers but its config has "
              + config.diffIds().size()
              + " diff_ids");
    }
    Map<Digest, TarIndex.Member> blobs = new HashMap<>();
    List<Descriptor> layerDescs = new ArrayList<>();
    for (int i = 0; i < layersNode.size(); i++) {
      String path = layersNode.get(i).asString(null);
      if (path == null) {
        throw new OciFormatException(
            "manifest.json of " + name + " entry " + chosen + " has a non-string layer path");
      }
      TarIndex.Member m =
          tar.find(path)
              .orElseThrow(
                  () ->
                      new FileNotFoundException(
                          name + " is missing layer " + path + " named in manifest.json"));
      Compression compression = sniff(tar, m);
      Digest diffId = config.diffIds().get(i);
      String hex = digestInName(path, false);
      if (hex == null) {
        hex = digestInName(m.path(), false);
      }
      Digest digest;
      if (hex != null) {
        digest = new Digest(Digest.SHA256, hex);
      } else if (compression == Compression.NONE) {
        digest = diffId; // a plain tar's stored bytes are its diffID; verified when read
      } else {
        digest = hash(tar, m);
      }
      String mediaType =
          switch (compression) {
            case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
            case NONE -> MediaTypes.DOCKER_LAYER_TAR;
          };
      layerDescs.add(Descriptor.of(mediaType, digest, m.size()));
      blobs.put(digest, m);
    }
    ObjectNode manifest = Json.MAPPER.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.DOCKER_MANIFEST);
    ObjectNode cfg = manifest.putObject("config");
    cfg.put("mediaType", MediaTypes.DOCKER_CONFIG);
    cfg.put("size", rawConfig.length);
    cfg.put("digest", configDigest.toString());
    ArrayNode layers = manifest.putArray("layers");
    for (Descriptor d : layerDescs) {
      ObjectNode l = layers.addObject();
      l.put("mediaType", d.mediaType());
      l.put("size", d.size());
      l.put("digest", d.digest().toString());
    }
    RawDocument raw =
        RawDocument.of(MediaTypes.DOCKER_MANIFEST, Json.MAPPER.writeValueAsBytes(manifest));
    Manifest parsed = (Manifest) raw.parse("synthesized manifest of " + what);
    BlobStore store =
        new BlobStore() {
          @Override
          public InputStream openBlob(Descriptor d) throws IOException {
            if (d.digest().equals(configDigest)) {
              return new java.io.ByteArrayInputStream(rawConfig);
            }
            TarIndex.Member m = blobs.get(d.digest());
            if (m == null) {
              throw new FileNotFoundException(name + " has no blob " + d.digest());
            }
            return tar.open(m);
          }

          @Override
          public String describe() {
            return name;
          }
        };
    List<String> tags = new ArrayList<>();
    for (JsonNode t : entry.path("RepoTags")) {
      if (t.isString()) {
        tags.add(t.asString());
      }
    }
    return new DockerArchiveSource(tar, describe, tags, StoredImage.load(store, raw, parsed, what));
  }

  private static int choose(JsonNode root, String selector, String name) throws OciFormatException {
    if (selector == null || selector.isEmpty()) {
      if (root.size() == 1) {
        return 0;
      }
      throw new OciFormatException(
          name
              + " holds "
              + root.size()
              + " images; choose one with docker-archive:FILE:REPO:TAG or :@N (available: "
              + available(root)
              + ")");
    }
    if (selector.startsWith("@")) {
      int n;
      try {
        n = Integer.parseInt(selector.substring(1));
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0 || n >= root.size()) {
        throw new OciFormatException(
            name + " has no image " + selector + " (it holds @0 to @" + (root.size() - 1) + ")");
      }
      return n;
    }
    ImageRef wanted = parseRef(selector);
    for (int i = 0; i < root.size(); i++) {
      for (JsonNode t : root.get(i).path("RepoTags")) {
        String tag = t.asString("");
        if (tag.equals(selector) || (wanted != null && wanted.equals(parseRef(tag)))) {
          return i;
        }
      }
    }
    throw new OciFormatException(
        name + " has no image tagged \"" + selector + "\" (available: " + available(root) + ")");
  }

  private static String available(JsonNode root) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      List<String> tags = new ArrayList<>();
      root.get(i).path("RepoTags").forEach(t -> tags.add(t.asString("")));
      out.add("@" + i + (tags.isEmpty() ? "" : " " + String.join(" ", tags)));
    }
    return String.join(", ", out);
  }

  private static ImageRef parseRef(String s) {
    try {
      return ImageRef.parse(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The hex digest a member name carries ({@code <hex>.json}, {@code blobs/sha256/<hex>}), or null.
   */
  private static String digestInName(String path, boolean configName) {
    String normal = path.startsWith("./") ? path.substring(2) : path;
    Matcher b = BLOB_PATH.matcher(normal);
    if (b.matches()) {
      return b.group(1);
    }
    Matcher j = HEX_JSON.matcher(normal);
    return configName && j.matches() ? j.group(1) : null;
  }

  private static byte[] readMember(TarIndex tar, String path, int max, String name)
      throws IOException {
    TarIndex.Member m =
        tar.find(path).orElseThrow(() -> new FileNotFoundException(name + " is missing " + path));
    if (m.size() > max) {
      throw new OciFormatException(
          path + " of " + name + " is over the limit of " + max + " bytes");
    }
    try (InputStream in = tar.open(m)) {
      return in.readAllBytes();
    }
  }

  private static Compression sniff(TarIndex tar, TarIndex.Member m) throws IOException {
    try (InputStream in = tar.open(m)) {
      byte[] head = in.readNBytes(4);
      return Compression.detect(head, head.length);
    }
  }

  private static Digest hash(TarIndex tar, TarIndex.Member m) throws IOException {
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = tar.open(m)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return Digest.of(Digest.SHA256, md.digest());
  }

  @Override
  public String describe() {
    return describe;
  }

  @Override
  public RawDocument root() {
    return image.rawManifest();
  }

  /** The single image (the platform is not checked: an archive holds one image per entry). */
  @Override
  public Image image(Platform platform) {
    return image;
  }

  /** The selected image's {@code RepoTags}, possibly empty. */
  public List<String> repoTags() {
    return repoTags;
  }

  /** The tar index (member names refused for safety are in its diagnostics). */
  public TarIndex index() {
    return tar;
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
