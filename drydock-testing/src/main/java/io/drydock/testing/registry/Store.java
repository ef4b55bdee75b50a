package io.drydock.testing.registry;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's content: blobs (global, by digest), repositories (which blobs they hold, manifests
 * by digest, tags) and upload sessions. Thread-safe: concurrent maps throughout; an upload session
 * is locked while a chunk is appended.
 */
final class Store {
  /** Largest request body the registry reads (and largest blob an upload may grow to). */
  static final long MAX_BODY_BYTES = 512L * 1024 * 1024;

  /** Largest manifest accepted (the distribution spec suggests registries accept 4 MiB). */
  static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(64).build())
                  .build())
          // Jackson 3 sorts properties by default; answers keep the order they are built in.
          .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .build();

  static final Pattern NAME =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

  private static final Set<String> IMAGE_MANIFEST_TYPES =
      Set.of(
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json");
  private static final Set<String> INDEX_TYPES =
      Set.of(
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  /** A stored manifest and the facts the registry needs from it. */
  record StoredManifest(
      String digest,
      String mediaType,
      byte[] content,
      String subject,
      String artifactType,
      Map<String, String> annotations) {}

  /** One repository. */
  static final class Repo {
    final Set<String> blobs = ConcurrentHashMap.newKeySet();
    final Map<String, StoredManifest> manifests = new ConcurrentHashMap<>();
    final Map<String, String> tags = new ConcurrentHashMap<>();
  }

  /** One upload session; its buffer is guarded by the session itself. */
  static final class Upload {
    final String uuid;
    final String repo;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();

    Upload(String uuid, String repo) {
      this.uuid = uuid;
      this.repo = repo;
    }
  }

  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, Repo> repos = new ConcurrentHashMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

  // ---- digests and names

  static String digest(String algorithm, byte[] content) {
    String jca =
        switch (algorithm) {
          case "sha256" -> "SHA-256";
          case "sha512" -> "SHA-512";
          default -> throw ApiError.digestInvalid("unsupported digest algorithm: " + algorithm);
        };
    try {
      return algorithm
          + ":"
          + HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jca + " missing from the JDK", e);
    }
  }

  static String sha256(byte[] content) {
    return digest("sha256", content);
  }

  static String requireDigest(String digest) {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw ApiError.digestInvalid("invalid digest: " + digest);
    }
    return digest;
  }

  static String requireName(String repo) {
    if (repo == null || repo.length() > 255 || !NAME.matcher(repo).matches()) {
      throw new ApiError(400, "NAME_INVALID", "invalid repository name: " + repo);
    }
    return repo;
  }

  // ---- blobs

  String putBlob(byte[] content) {
    String d = sha256(content);
    blobs.putIfAbsent(d, content.clone());
    return d;
  }

  /** Stores {@code content}, which the caller has verified to have {@code digest}. */
  void putVerifiedBlob(String repo, String digest, byte[] content) {
    blobs.putIfAbsent(digest, content);
    repo(repo).blobs.add(digest);
  }

  boolean link(String repo, String digest) {
    if (!blobs.containsKey(digest)) {
      return false;
    }
    repo(repo).blobs.add(digest);
    return true;
  }

  boolean hasBlob(String repo, String digest) {
    Repo r = repos.get(repo);
    return r != null && r.blobs.contains(digest) && blobs.containsKey(digest);
  }

  /** The bytes of a blob the repository holds (never modify them). */
  byte[] blobIn(String repo, String digest) {
    byte[] b = hasBlob(repo, digest) ? blobs.get(digest) : null;
    if (b == null) {
      throw ApiError.blobUnknown(digest);
    }
    return b;
  }

  /** The bytes of any blob (never modify them), or null. */
  byte[] blob(String digest) {
    return blobs.get(digest);
  }

  boolean unlink(String repo, String digest) {
    Repo r = repos.get(repo);
    return r != null && r.blobs.remove(digest);
  }

  // ---- manifests

  /**
   * Stores a manifest under its digest and, when {@code reference} is a tag, tags it. With {@code
   * strict} (pushes over HTTP) the blobs an image manifest references must be in the repository and
   * the manifests an index references must be in it, like a real registry checks; without it
   * (seeding from a test) referenced blobs the store has are linked to the repository.
   */
  StoredManifest putManifest(
      String repo, String reference, String mediaType, byte[] raw, boolean strict) {
    requireName(repo);
    if (raw.length > MAX_MANIFEST_BYTES) {
      throw new ApiError(
          413, "SIZE_INVALID", "manifest is " + raw.length + " bytes, over " + MAX_MANIFEST_BYTES);
    }
    String digest;
    if (reference != null && reference.contains(":")) {
      requireDigest(reference);
      digest = digest(reference.substring(0, reference.indexOf(':')), raw);
      if (!digest.equals(reference)) {
        throw ApiError.digestInvalid(
            "manifest digest " + digest + " does not match reference " + reference);
      }
    } else {
      if (reference != null && !TAG.matcher(reference).matches()) {
        throw new ApiError(400, "TAG_INVALID", "invalid tag: " + reference);
      }
      digest = sha256(raw);
    }
    JsonNode doc;
    try {
      doc = MAPPER.readTree(raw);
    } catch (JacksonException e) {
      throw new ApiError(
          400, "MANIFEST_INVALID", "manifest is not JSON: " + e.getOriginalMessage());
    }
    if (doc == null || !doc.isObject()) {
      throw new ApiError(400, "MANIFEST_INVALID", "manifest is not a JSON object");
    }
    if (mediaType == null || mediaType.isBlank()) {
      mediaType = text(doc.get("mediaType"));
      if (mediaType == null) {
        throw new ApiError(
            400, "MANIFEST_INVALID", "manifest has no Content-Type and no mediaType field");
      }
    }
    Repo r = repo(repo);
    String docType = text(doc.get("mediaType"));
    String kind = docType != null ? docType : mediaType;
    if (IMAGE_MANIFEST_TYPES.contains(kind) || IMAGE_MANIFEST_TYPES.contains(mediaType)) {
      List<JsonNode> refs = new ArrayList<>();
      refs.add(doc.get("config"));
      JsonNode layers = doc.get("layers");
      for (int i = 0; layers != null && i < layers.size(); i++) {
        refs.add(layers.get(i));
      }
      for (JsonNode ref : refs) {
        String d = ref == null ? null : text(ref.get("digest"));
        JsonNode urls = ref == null ? null : ref.get("urls");
        if (d == null || (urls != null && urls.size() > 0)) {
          continue; // foreign layers live elsewhere
        }
        if (!strict) {
          link(repo, d);
        } else if (!hasBlob(repo, d)) {
          throw new ApiError(
              400, "MANIFEST_BLOB_UNKNOWN", "manifest references blob " + d + " not in " + repo);
        }
      }
    } else if (INDEX_TYPES.contains(kind) || INDEX_TYPES.contains(mediaType)) {
      JsonNode children = doc.get("manifests");
      for (int i = 0; strict && children != null && i < children.size(); i++) {
        String d = text(children.get(i).get("digest"));
        if (d != null && !r.manifests.containsKey(d)) {
          throw new ApiError(
              400, "MANIFEST_BLOB_UNKNOWN", "index references manifest " + d + " not in " + repo);
        }
      }
    }
    JsonNode subjectNode = doc.get("subject");
    String subject = subjectNode == null ? null : text(subjectNode.get("digest"));
    String artifactType = text(doc.get("artifactType"));
    if (artifactType == null && IMAGE_MANIFEST_TYPES.contains(mediaType)) {
      JsonNode config = doc.get("config");
      artifactType = config == null ? null : text(config.get("mediaType"));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    JsonNode ann = doc.get("annotations");
    if (ann != null && ann.isObject()) {
      for (Map.Entry<String, JsonNode> e : ann.properties()) {
        if (e.getValue().isString()) {
          annotations.put(e.getKey(), e.getValue().asString());
        }
      }
    }
    StoredManifest m =
        new StoredManifest(
            digest,
            mediaType,
            raw.clone(),
            subject,
            artifactType,
            java.util.Collections.unmodifiableMap(annotations));
    r.manifests.put(digest, m);
    if (reference != null && !reference.contains(":")) {
      r.tags.put(reference, digest);
    }
    return m;
  }

  private static String text(JsonNode n) {
    return n != null && n.isString() ? n.asString() : null;
  }

  Optional<StoredManifest> manifest(String repo, String reference) {
    Repo r = repos.get(repo);
    if (r == null || reference == null) {
      return Optional.empty();
    }
    String digest = reference.contains(":") ? reference : r.tags.get(reference);
    return digest == null ? Optional.empty() : Optional.ofNullable(r.manifests.get(digest));
  }

  /** Deletes a tag, or a manifest by digest together with the tags that point at it. */
  boolean deleteManifest(String repo, String reference) {
    Repo r = repos.get(repo);
    if (r == null) {
      return false;
    }
    if (!reference.contains(":")) {
      return r.tags.remove(reference) != null;
    }
    boolean removed = r.manifests.remove(reference) != null;
    r.tags.values().removeIf(reference::equals);
    return removed;
  }

  /** The repository's tags in lexical order, or empty if the repository is unknown. */
  Optional<List<String>> tags(String repo) {
    Repo r = repos.get(repo);
    if (r == null) {
      return Optional.empty();
    }
    List<String> tags = new ArrayList<>(r.tags.keySet());
    tags.sort(Comparator.naturalOrder());
    return Optional.of(tags);
  }

  boolean repoExists(String repo) {
    return repos.containsKey(repo);
  }

  /** Manifests in {@code repo} whose {@code subject} is {@code digest}, ordered by digest. */
  List<StoredManifest> referrers(String repo, String digest) {
    Repo r = repos.get(repo);
    if (r == null) {
      return List.of();
    }
    List<StoredManifest> out = new ArrayList<>();
    for (StoredManifest m : r.manifests.values()) {
      if (digest.equals(m.subject())) {
        out.add(m);
      }
    }
    out.sort(Comparator.comparing(StoredManifest::digest));
    return out;
  }

  // ---- uploads

  Upload newUpload(String repo) {
    Upload u = new Upload(UUID.randomUUID().toString(), repo);
    uploads.put(u.uuid, u);
    return u;
  }

  Upload upload(String repo, String uuid) {
    Upload u = uploads.get(uuid);
    if (u == null || !u.repo.equals(repo)) {
      throw new ApiError(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown: " + uuid);
    }
    return u;
  }

  void endUpload(String uuid) {
    uploads.remove(uuid);
  }

  private Repo repo(String name) {
    return repos.computeIfAbsent(name, n -> new Repo());
  }
}
