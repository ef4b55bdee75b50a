package io.drydock.oci.layout;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.Image;
import io.drydock.oci.ImageDocument;
import io.drydock.oci.ImageDocuments;
import io.drydock.oci.ImageRef;
import io.drydock.oci.ImageSource;
import io.drydock.oci.Index;
import io.drydock.oci.Json;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.OciFormatException;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import io.drydock.oci.content.BlobStore;
import io.drydock.oci.content.StoredImage;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * An image in an OCI image layout directory ({@code oci:DIR[:ref]}): {@code oci-layout}, {@code
 * index.json} and {@code blobs/<alg>/<hex>}.
 *
 * <p>The entry of {@code index.json} is chosen by its {@code org.opencontainers.image.ref.name}
 * annotation (also matched: {@code io.containerd.image.name}, full references such as {@code
 * docker.io/library/debian:12} against either annotation, and a bare tag against a full-reference
 * name when only one entry has that tag), or by digest ({@code sha256:…} or {@code @sha256:…}).
 * Without a ref the layout must hold exactly one entry. The chosen entry's document is read and
 * verified at {@link #open}. Thread-safe.
 */
public final class OciLayoutSource implements ImageSource {
  /** The annotation OCI tools write for the ref name. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  /** The annotation containerd ({@code ctr export}, nerdctl) writes with the full image name. */
  public static final String CONTAINERD_NAME = "io.containerd.image.name";

  private final String describe;
  private final BlobStore store;
  private final Descriptor entry;
  private final RawDocument root;
  private final Closeable onClose;

  private OciLayoutSource(
      String describe, BlobStore store, Descriptor entry, RawDocument root, Closeable onClose) {
    this.describe = describe;
    this.store = store;
    this.entry = entry;
    this.root = root;
    this.onClose = onClose;
  }

  /**
   * Opens the layout at {@code dir} and selects {@code refNameOrNull} (or the only entry).
   *
   * @throws IOException one line naming the layout: not a layout, unsupported version, invalid
   *     {@code index.json}, unknown ref (listing the available ones), missing or corrupt blob
   */
  public static OciLayoutSource open(Path dir, String refNameOrNull) throws IOException {
    Objects.requireNonNull(dir, "dir");
    String describe = "oci:" + dir + (refNameOrNull == null ? "" : ":" + refNameOrNull);
    if (!Files.isDirectory(dir)) {
      throw new FileNotFoundException(describe + ": " + dir + " is not a directory");
    }
    return open(new DirectoryFiles(dir), refNameOrNull, describe, "OCI layout " + dir, () -> {});
  }

  static OciLayoutSource open(
      LayoutFiles files, String ref, String describe, String layoutName, Closeable onClose)
      throws IOException {
    checkLayoutVersion(files, layoutName);
    Index index = readIndex(files, layoutName);
    Descriptor entry = select(index, ref, layoutName);
    BlobStore store = new LayoutBlobStore(files, layoutName);
    String mediaType = entry.mediaType();
    byte[] bytes = store.readVerified(entry, "manifest of " + describe);
    if (mediaType == null) {
      ImageDocument parsed = ImageDocuments.parse(bytes, null, "manifest of " + describe);
      mediaType = parsed.mediaType();
    }
    return new OciLayoutSource(
        describe, store, entry, new RawDocument(mediaType, bytes, entry.digest()), onClose);
  }

  @Override
  public String describe() {
    return describe;
  }

  @Override
  public RawDocument root() {
    return root;
  }

  /** The {@code index.json} entry that was selected. */
  public Descriptor entry() {
    return entry;
  }

  /** The layout's blobs, verified by the callers of {@link BlobStore}'s default methods. */
  public BlobStore blobStore() {
    return store;
  }

  @Override
  public Image image(Platform platform) throws IOException {
    return StoredImage.resolve(store, root, platform, describe);
  }

  @Override
  public void close() throws IOException {
    onClose.close();
  }

  /** The ref names the entries of {@code index} carry, in order (for messages). */
  public static List<String> refNames(Index index) {
    List<String> out = new ArrayList<>();
    for (Descriptor d : index.manifests()) {
      String name = d.annotations().get(REF_NAME);
      if (name == null) {
        name = d.annotations().get(CONTAINERD_NAME);
      }
      out.add(name == null ? "(unnamed " + d.digest() + ")" : name);
    }
    return out;
  }

  private static void checkLayoutVersion(LayoutFiles files, String layoutName) throws IOException {
    byte[] bytes;
    try (InputStream in = files.open("oci-layout")) {
      bytes = in.readNBytes(64 * 1024);
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw new OciFormatException(layoutName + " is not an OCI layout (no oci-layout file)");
    }
    JsonNode node = Json.readObject(bytes, "oci-layout of " + layoutName);
    String version =
        node.path("imageLayoutVersion").isString()
            ? node.path("imageLayoutVersion").asString()
            : null;
    if (version == null || !(version.equals("1.0.0") || version.startsWith("1."))) {
      throw new OciFormatException(
          layoutName
              + " has unsupported imageLayoutVersion "
              + node.path("imageLayoutVersion")
              + " (Drydock reads 1.x)");
    }
  }

  static Index readIndex(LayoutFiles files, String layoutName) throws IOException {
    byte[] bytes;
    try (InputStream in = files.open("index.json")) {
      bytes = in.readNBytes(Json.MAX_DOCUMENT_BYTES + 1);
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw new OciFormatException(layoutName + " is not an OCI layout (no index.json)");
    }
    if (bytes.length > Json.MAX_DOCUMENT_BYTES) {
      throw new OciFormatException(
          "index.json of " + layoutName + " is over the limit of " + Json.MAX_DOCUMENT_BYTES);
    }
    ImageDocument doc =
        ImageDocuments.parse(bytes, MediaTypes.OCI_INDEX, "index.json of " + layoutName);
    if (!(doc instanceof Index index)) {
      throw new OciFormatException("index.json of " + layoutName + " is not an image index");
    }
    return index;
  }

  static Descriptor select(Index index, String ref, String layoutName) throws OciFormatException {
    List<Descriptor> entries = index.manifests();
    if (entries.isEmpty()) {
      throw new OciFormatException(layoutName + " holds no images (index.json lists none)");
    }
    if (ref == null || ref.isEmpty()) {
      if (entries.size() == 1) {
        return entries.get(0);
      }
      throw new OciFormatException(
          layoutName
              + " holds "
              + entries.size()
              + " images; choose one with oci:DIR:REF (available: "
              + String.join(", ", refNames(index))
              + ")");
    }
    String bareDigest = ref.startsWith("@") ? ref.substring(1) : ref;
    if (bareDigest.startsWith(Digest.SHA256 + ":") || bareDigest.startsWith(Digest.SHA512 + ":")) {
      for (Descriptor d : entries) { // a digest selects the entry with that digest
        if (d.digest().toString().equals(bareDigest)) {
          return d;
        }
      }
    }
    for (Descriptor d : entries) { // exact ref name first
      if (ref.equals(d.annotations().get(REF_NAME))
          || ref.equals(d.annotations().get(CONTAINERD_NAME))) {
        return d;
      }
    }
    ImageRef wanted = parseRef(ref);
    if (wanted != null) { // full references in normalised form
      for (Descriptor d : entries) {
        for (String key : List.of(REF_NAME, CONTAINERD_NAME)) {
          ImageRef have = parseRef(d.annotations().get(key));
          if (have != null && have.equals(wanted)) {
            return d;
          }
        }
      }
    }
    if (!ref.contains("/") && !ref.contains(":") && !ref.contains("@")) { // bare tag
      List<Descriptor> byTag = new ArrayList<>();
      for (Descriptor d : entries) {
        for (String key : List.of(REF_NAME, CONTAINERD_NAME)) {
          ImageRef have = parseRef(d.annotations().get(key));
          if (have != null && ref.equals(have.tag()) && !byTag.contains(d)) {
            byTag.add(d);
          }
        }
      }
      if (byTag.size() == 1) {
        return byTag.get(0);
      }
    }
    throw new OciFormatException(
        layoutName
            + " has no image named \""
            + ref
            + "\" (available: "
            + String.join(", ", refNames(index))
            + ")");
  }

  private static ImageRef parseRef(String s) {
    if (s == null || !(s.contains("/") || s.contains(":") || s.contains("@"))) {
      return null;
    }
    try {
      return ImageRef.parse(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Files of a layout directory. */
  static final class DirectoryFiles implements LayoutFiles {
    private final Path dir;

    DirectoryFiles(Path dir) {
      this.dir = dir;
    }

    @Override
    public InputStream open(String relativePath) throws IOException {
      Path p = dir.resolve(relativePath);
      if (!Files.isRegularFile(p)) {
        throw new FileNotFoundException(p.toString());
      }
      return Files.newInputStream(p);
    }

    @Override
    public boolean exists(String relativePath) {
      return Files.isRegularFile(dir.resolve(relativePath));
    }
  }
}
