package io.drydock.refresh;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageConfig;
import io.drydock.oci.ImageDocument;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Index;
import io.drydock.oci.Json;
import io.drydock.oci.Manifest;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.OciFormatException;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryException;
import io.drydock.oci.registry.RegistryPusher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Moves an image from the base it was built on to another base, in the registry, as {@code crane
 * rebase} does: the result has the new base's layers followed by the app's own layers (those above
 * the old base), and the app's config (entrypoint, cmd, env, user, labels, working dir, {@code
 * created}…) with {@code rootfs.diff_ids} and {@code history} rewritten: the new base's history
 * followed by the app's entries after the old base's entry count (empty-layer entries count, as in
 * crane). The manifest gets the annotations {@value #BASE_NAME} (the new base as the user named it)
 * and {@value #BASE_DIGEST} (the digest the new base resolved to); config labels of those names,
 * when the app has them, are updated to the same values.
 *
 * <p>An app that is an index is rebased platform by platform onto the matching platform of each
 * base; a platform the new (or old) base lacks is an error naming it. Attestation entries of the
 * index ({@code vnd.docker.reference.type}) describe the old images and are dropped (with a note).
 *
 * <p>Media types are kept: a Docker v2 app stays Docker, an OCI app stays OCI; layer descriptors
 * are copied as their manifests have them. Output is deterministic: the JSON of the app's documents
 * is edited in place (field order kept) and written compactly, so the same inputs give
 * byte-identical manifests, configs and digests.
 *
 * <p>{@link #execute} is restart-safe: every blob, then every platform manifest, then the index is
 * pushed by digest, and only then is the tag moved; a crash leaves nothing new tagged. When the tag
 * already points at the result it pushes nothing ("already up to date").
 *
 * <p>Thread-safe if the client is; progress lines go to the consumer given (from several threads).
 */
public final class Rebaser {
  /** The OCI annotation naming the base image. */
  public static final String BASE_NAME = "org.opencontainers.image.base.name";

  /** The OCI annotation holding the base image's digest. */
  public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";

  private static final String ATTESTATION = "vnd.docker.reference.type";

  private final RegistryClient client;
  private final Consumer<String> progress;

  /**
   * @param client the registry client (not closed here)
   * @param progress receives one-line progress notes; may be called from several threads
   */
  public Rebaser(RegistryClient client, Consumer<String> progress) {
    this.client = Objects.requireNonNull(client, "client");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * What to rebase.
   *
   * @param app the image to rebase (tag or digest)
   * @param oldBase the base {@code app} was built on
   * @param newBase the base to move it to
   * @param newBaseName the value of the {@value #BASE_NAME} annotation (the new base as given, with
   *     no digest)
   * @param tag where to put the result; must have a tag and no digest
   */
  public record Request(
      ImageRef app, ImageRef oldBase, ImageRef newBase, String newBaseName, ImageRef tag) {
    public Request {
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(oldBase, "oldBase");
      Objects.requireNonNull(newBase, "newBase");
      Objects.requireNonNull(newBaseName, "newBaseName");
      Objects.requireNonNull(tag, "tag");
      if (tag.tag() == null || tag.digest() != null) {
        throw new IllegalArgumentException(
            "the rebased image needs a tag without digest, not \"" + tag + "\"");
      }
    }

    /** A request whose {@link #newBaseName} is {@code newBase} without its digest. */
    public static Request of(ImageRef app, ImageRef oldBase, ImageRef newBase, ImageRef tag) {
      String name = newBase.name() + (newBase.tag() != null ? ":" + newBase.tag() : "");
      return new Request(app, oldBase, newBase, name, tag);
    }
  }

  /** Plans and carries out {@code request}; see {@link #plan} and {@link #execute}. */
  public RebaseResult rebase(Request request) throws IOException {
    return execute(plan(request));
  }

  /**
   * Reads the three images and computes the rebased documents, pushing nothing.
   *
   * @throws NotOnBaseException when the app does not sit on the old base
   * @throws IOException when an image cannot be read, or a platform is missing from a base
   */
  public RebasePlan plan(Request request) throws IOException {
    RawDocument app = client.getManifest(request.app());
    RawDocument oldBase = client.getManifest(request.oldBase());
    RawDocument newBase = client.getManifest(request.newBase());
    ImageRef appRef = request.app().withDigest(app.digest());
    ImageRef oldRef = request.oldBase().withDigest(oldBase.digest());
    ImageRef newRef = request.newBase().withDigest(newBase.digest());
    Bases bases = new Bases(oldRef, oldBase, newRef, newBase, request.newBaseName());
    List<String> notes = new ArrayList<>();
    List<RebasePlan.Image> images = new ArrayList<>();
    RawDocument result;
    ImageDocument parsed = app.parse("manifest " + appRef);
    if (parsed instanceof Manifest m) {
      RebasePlan.Image image = rebaseImage(appRef, app, m, null, bases, notes);
      images.add(image);
      result = image.manifest();
    } else {
      Index index = (Index) parsed;
      ObjectNode tree = (ObjectNode) Json.readObject(app.bytes(), "index " + appRef);
      ArrayNode entries = Json.MAPPER.createArrayNode();
      int i = 0;
      for (Descriptor d : index.manifests()) {
        JsonNode entry = tree.path("manifests").get(i++);
        if (d.annotations().containsKey(ATTESTATION)) {
          notes.add("dropped attestation manifest " + d.digest() + " (it describes the old image)");
          continue;
        }
        if (!MediaTypes.isImageManifest(d.mediaType()) || d.platform() == null) {
          throw new OciFormatException(
              "index "
                  + appRef
                  + ": entry "
                  + d.digest()
                  + " is not a platform image manifest; Drydock rebases indexes of images only");
        }
        ImageRef platformRef = appRef.withDigest(d.digest());
        RawDocument doc = client.getManifest(platformRef);
        if (!(doc.parse("manifest " + platformRef) instanceof Manifest pm)) {
          throw new OciFormatException("index " + appRef + ": " + d.digest() + " is an index");
        }
        RebasePlan.Image image = rebaseImage(platformRef, doc, pm, d.platform(), bases, notes);
        images.add(image);
        ObjectNode e = (ObjectNode) entry.deepCopy();
        e.put("digest", image.manifest().digest().toString());
        e.put("size", image.manifest().bytes().length);
        entries.add(e);
      }
      if (images.isEmpty()) {
        throw new OciFormatException("index " + appRef + " has no platform images to rebase");
      }
      tree.set("manifests", entries);
      annotate(tree, bases);
      result = RawDocument.of(app.mediaType(), Json.MAPPER.writeValueAsBytes(tree));
    }
    Map<Digest, RebasePlan.Blob> blobs = new LinkedHashMap<>();
    for (RebasePlan.Image image : images) {
      Manifest m = (Manifest) image.manifest().parse("rebased manifest");
      blobs.putIfAbsent(m.config().digest(), new RebasePlan.Blob(m.config(), null, image.config()));
      for (int l = 0; l < m.layers().size(); l++) {
        ImageRef from = l < image.newBaseLayers() ? newRef : appRef;
        blobs.putIfAbsent(
            m.layers().get(l).digest(), new RebasePlan.Blob(m.layers().get(l), from, null));
      }
    }
    return new RebasePlan(
        request,
        app.digest(),
        oldBase.digest(),
        newBase.digest(),
        images,
        result,
        List.copyOf(blobs.values()),
        notes);
  }

  /** The two bases as resolved, and the annotation values. */
  private record Bases(
      ImageRef oldRef, RawDocument oldDoc, ImageRef newRef, RawDocument newDoc, String newName) {}

  private RebasePlan.Image rebaseImage(
      ImageRef appRef,
      RawDocument appDoc,
      Manifest app,
      Platform platform,
      Bases bases,
      List<String> notes)
      throws IOException {
    byte[] appConfigBytes = readConfig(appRef, app.config());
    ImageConfig appConfig = ImageConfig.parse(appConfigBytes, "config of " + appRef);
    Platform wanted = platform != null ? platform : appConfig.platform();
    String suffix = platform != null ? " (" + platform + ")" : "";
    Resolved old = resolve(bases.oldRef(), bases.oldDoc(), wanted, platform != null, "old base");
    Resolved neu = resolve(bases.newRef(), bases.newDoc(), wanted, platform != null, "new base");
    String appName = shortName(appRef) + suffix;
    checkSitsOn(appName, app, appConfig, shortName(old.ref()), old.manifest(), old.config());

    int oldLayers = old.manifest().layers().size();
    int appLayers = app.layers().size() - oldLayers;
    int newLayers = neu.manifest().layers().size();
    if (neu.config().diffIds().size() != newLayers) {
      throw new OciFormatException(
          "new base "
              + shortName(neu.ref())
              + " has "
              + newLayers
              + " layers but "
              + neu.config().diffIds().size()
              + " rootfs.diff_ids");
    }

    // The config: the app's, with diff_ids and history rewritten.
    ObjectNode config = (ObjectNode) Json.readObject(appConfigBytes, "config of " + appRef);
    JsonNode newConfigTree = Json.readObject(neu.configBytes(), "config of " + neu.ref());
    ObjectNode rootfs =
        config.path("rootfs").isObject()
            ? (ObjectNode) config.get("rootfs")
            : config.putObject("rootfs");
    if (!rootfs.has("type")) {
      rootfs.put("type", "layers");
    }
    ArrayNode diffIds = Json.MAPPER.createArrayNode();
    neu.config().diffIds().forEach(d -> diffIds.add(d.toString()));
    appConfig
        .diffIds()
        .subList(oldLayers, app.layers().size())
        .forEach(d -> diffIds.add(d.toString()));
    rootfs.set("diff_ids", diffIds);
    JsonNode appHistory = config.path("history");
    JsonNode newHistory = newConfigTree.path("history");
    if (appHistory.isArray() || newHistory.isArray()) {
      ArrayNode history = Json.MAPPER.createArrayNode();
      newHistory.forEach(h -> history.add(h.deepCopy()));
      int skip = old.config().history().size();
      for (int h = skip; h < appHistory.size(); h++) {
        history.add(appHistory.get(h).deepCopy());
      }
      config.set("history", history);
    }
    JsonNode labels = config.path("config").path("Labels");
    if (labels instanceof ObjectNode l && (l.has(BASE_NAME) || l.has(BASE_DIGEST))) {
      if (l.has(BASE_NAME)) {
        l.put(BASE_NAME, bases.newName());
      }
      if (l.has(BASE_DIGEST)) {
        l.put(BASE_DIGEST, bases.newRef().digest().toString());
      }
      String note = "config labels " + BASE_NAME + "/" + BASE_DIGEST + " set to the new base";
      if (!notes.contains(note)) {
        notes.add(note);
      }
    }
    RawDocument newConfig =
        RawDocument.of(app.config().mediaType(), Json.MAPPER.writeValueAsBytes(config));

    // The manifest: the app's, with config and layers swapped and the base annotations set.
    ObjectNode manifest = (ObjectNode) Json.readObject(appDoc.bytes(), "manifest " + appRef);
    ObjectNode configDesc = (ObjectNode) manifest.get("config");
    configDesc.put("digest", newConfig.digest().toString());
    configDesc.put("size", newConfig.bytes().length);
    ArrayNode layers = Json.MAPPER.createArrayNode();
    JsonNode newBaseTree = Json.readObject(neu.doc().bytes(), "manifest " + neu.ref());
    newBaseTree.path("layers").forEach(d -> layers.add(d.deepCopy()));
    JsonNode appLayerNodes = manifest.path("layers");
    for (int i = oldLayers; i < appLayerNodes.size(); i++) {
      layers.add(appLayerNodes.get(i).deepCopy());
    }
    manifest.set("layers", layers);
    annotate(manifest, bases);
    RawDocument newManifest =
        RawDocument.of(appDoc.mediaType(), Json.MAPPER.writeValueAsBytes(manifest));
    return new RebasePlan.Image(
        wanted,
        appDoc.digest(),
        old.doc().digest(),
        neu.doc().digest(),
        oldLayers,
        newLayers,
        appLayers,
        newManifest,
        newConfig);
  }

  private static void annotate(ObjectNode doc, Bases bases) {
    ObjectNode annotations =
        doc.path("annotations").isObject()
            ? (ObjectNode) doc.get("annotations")
            : doc.putObject("annotations");
    annotations.put(BASE_NAME, bases.newName());
    annotations.put(BASE_DIGEST, bases.newRef().digest().toString());
  }

  /** One base image for one platform: its manifest and config. */
  private record Resolved(
      ImageRef ref, RawDocument doc, Manifest manifest, ImageConfig config, byte[] configBytes) {}

  private Resolved resolve(
      ImageRef topRef, RawDocument top, Platform wanted, boolean checkPlatform, String role)
      throws IOException {
    ImageRef ref = topRef;
    RawDocument doc = top;
    ImageDocument parsed = top.parse("manifest " + ref);
    if (parsed instanceof Index index) {
      Descriptor d =
          index
              .select(wanted)
              .orElseThrow(
                  () ->
                      new IOException(
                          role
                              + " "
                              + shortName(topRef)
                              + " has no "
                              + wanted
                              + " image (it has "
                              + index.platforms()
                              + ")"));
      ref = ref.withDigest(d.digest());
      doc = client.getManifest(ref);
      parsed = doc.parse("manifest " + ref);
    }
    if (!(parsed instanceof Manifest m)) {
      throw new OciFormatException(role + " " + shortName(ref) + " is a nested index");
    }
    byte[] configBytes = readConfig(ref, m.config());
    ImageConfig config = ImageConfig.parse(configBytes, "config of " + ref);
    if (checkPlatform && !wanted.matches(config.platform())) {
      throw new IOException(
          role
              + " "
              + shortName(ref)
              + " is "
              + config.platform()
              + ", it has no "
              + wanted
              + " image");
    }
    return new Resolved(ref, doc, m, config, configBytes);
  }

  private static void checkSitsOn(
      String appName,
      Manifest app,
      ImageConfig appConfig,
      String baseName,
      Manifest base,
      ImageConfig baseConfig)
      throws NotOnBaseException {
    String prefix = appName + " does not sit on " + baseName + ": ";
    List<Descriptor> appLayers = app.layers();
    List<Descriptor> baseLayers = base.layers();
    if (baseLayers.size() > appLayers.size()) {
      throw new NotOnBaseException(
          prefix
              + "the base has "
              + baseLayers.size()
              + " layers, the image only "
              + appLayers.size());
    }
    for (int i = 0; i < baseLayers.size(); i++) {
      if (!baseLayers.get(i).digest().equals(appLayers.get(i).digest())) {
        throw new NotOnBaseException(
            prefix
                + "layer "
                + i
                + " differs ("
                + appLayers.get(i).digest().shortHex()
                + " vs the base's "
                + baseLayers.get(i).digest().shortHex()
                + ")");
      }
    }
    List<Digest> appIds = appConfig.diffIds();
    List<Digest> baseIds = baseConfig.diffIds();
    if (baseIds.size() != baseLayers.size() || appIds.size() != appLayers.size()) {
      throw new NotOnBaseException(
          prefix + "rootfs.diff_ids do not match the layer lists (the image or base is malformed)");
    }
    for (int i = 0; i < baseIds.size(); i++) {
      if (!baseIds.get(i).equals(appIds.get(i))) {
        throw new NotOnBaseException(prefix + "diff_id " + i + " differs");
      }
    }
  }

  /** {@code repo@sha256:…} without the registry, as users name images in messages. */
  private static String shortName(ImageRef ref) {
    return ref.repository() + "@" + ref.digest();
  }

  private byte[] readConfig(ImageRef repo, Descriptor d) throws IOException {
    if (d.size() > Json.MAX_DOCUMENT_BYTES) {
      throw new OciFormatException(
          "config " + d.digest() + " of " + repo + " is " + d.size() + " bytes, over the limit");
    }
    try (InputStream in = client.openBlob(repo, d)) {
      return in.readAllBytes();
    }
  }

  /**
   * Pushes what {@code plan} computed to {@code plan.request().tag()}: blobs (skipping those there,
   * mounting from the source repository when the registry allows, else streaming them through),
   * then each platform manifest and the index by digest, then the tag. Nothing is pushed when the
   * tag already points at the result.
   */
  public RebaseResult execute(RebasePlan plan) throws IOException {
    return push(plan, true);
  }

  /**
   * Pushes what {@code plan} computed by digest only, leaving the tag alone: the refresh loop
   * validates, signs and attests the result before {@link #tag} makes it the tag's image.
   */
  public RebaseResult stage(RebasePlan plan) throws IOException {
    return push(plan, false);
  }

  /** Points {@code plan.request().tag()} at the staged result. */
  public void tag(RebasePlan plan) throws IOException {
    client.putManifest(plan.request().tag(), plan.result());
    progress.accept("Tagged " + plan.request().tag() + " (" + plan.digest() + ")");
  }

  private RebaseResult push(RebasePlan plan, boolean setTag) throws IOException {
    ImageRef tag = plan.request().tag();
    Digest current = currentDigest(tag);
    if (plan.digest().equals(current)) {
      progress.accept(tag + " is already up to date (" + plan.digest() + ")");
      return new RebaseResult(plan, true, 0, 0, 0);
    }
    List<RegistryPusher.Blob> blobs = new ArrayList<>();
    for (RebasePlan.Blob b : plan.blobs()) {
      if (b.content() != null) { // a document made by the plan (config): uploaded as it is
        byte[] bytes = b.content().bytes();
        blobs.add(
            new RegistryPusher.Blob(b.descriptor(), null, () -> new ByteArrayInputStream(bytes)));
      } else { // a blob of the base or the app: mounted, else streamed through
        ImageRef from = b.from();
        blobs.add(
            new RegistryPusher.Blob(
                b.descriptor(),
                from,
                () -> {
                  try {
                    return client.openBlob(from, b.descriptor());
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }));
      }
    }
    RegistryPusher.Counts counts = RegistryPusher.pushBlobs(client, tag, blobs, progress);
    ImageRef byDigest = new ImageRef(tag.registry(), tag.repository(), null, plan.digest());
    if (plan.isIndex()) {
      for (RebasePlan.Image image : plan.images()) {
        client.putManifest(byDigest.withDigest(image.manifest().digest()), image.manifest());
      }
    }
    client.putManifest(byDigest, plan.result());
    if (setTag) {
      client.putManifest(tag, plan.result());
    }
    progress.accept(
        (setTag ? "Tagged " : "Pushed (untagged) ")
            + tag
            + " ("
            + plan.digest()
            + "; blobs: "
            + counts.mounted()
            + " mounted, "
            + counts.uploaded()
            + " copied, "
            + counts.existing()
            + " already there)");
    return new RebaseResult(plan, false, counts.mounted(), counts.uploaded(), counts.existing());
  }

  /** The digest {@code tag} points at, or {@code null} when it does not exist. */
  private Digest currentDigest(ImageRef tag) throws IOException {
    try {
      return client.headManifest(tag).digest();
    } catch (RegistryException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }
}
