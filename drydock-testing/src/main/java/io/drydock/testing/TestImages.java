package io.drydock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds small, real images in code and writes them as an OCI layout, oci-archive or
 * docker-archive, or hands out their blobs (to push into a registry).
 *
 * <pre>{@code
 * TestImages img = TestImages.image()
 *     .layer(l -> l.file("etc/os-release", "ID=debian\n").dir("usr/").symlink("bin", "usr/bin"))
 *     .layer(l -> l.whiteout("etc/motd").opaque("var/cache/"))
 *     .config(c -> c.user("1000").entrypoint("/app").label("k", "v").env("A=1"))
 *     .compression(TestImages.Compression.GZIP);
 * String digest = img.writeLayout(dir, "latest");
 * }</pre>
 *
 * <p>Output is deterministic (mtimes 0, owners 0, gzip without timestamp), so digests are stable
 * across runs. Deliberately independent of drydock-oci: JSON is written with Jackson, tars with
 * commons-compress and gzip with the JDK, so the code under test is checked against an independent
 * writer. Builders are not thread-safe; results are immutable copies.
 */
public final class TestImages {
  /** Layer compression of the built blobs. */
  public enum Compression {
    NONE,
    GZIP,
    ZSTD
  }

  /**
   * docker-archive flavours: {@code LEGACY} ({@code docker save} before 25: {@code <id>/layer.tar}
   * files), {@code SYMLINKED} (skopeo and later moby: {@code <diffid>.tar} files, with {@code
   * <id>/layer.tar} symlinks to them), {@code BLOBS} (Docker 25+: {@code blobs/sha256/<hex>}).
   */
  public enum DockerFormat {
    LEGACY,
    SYMLINKED,
    BLOBS
  }

  static final JsonMapper JSON = JsonMapper.builder().build();
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  private final List<Object> layers = new ArrayList<>(); // LayerBuilder or FileLayer
  private final ConfigBuilder config = new ConfigBuilder();
  private final Map<String, String> annotations = new LinkedHashMap<>();
  private Compression compression = Compression.GZIP;
  private String os = "linux";
  private String architecture = "amd64";
  private String variant;
  private Built built;

  private TestImages() {}

  /** A new image builder (gzip layers, linux/amd64). */
  public static TestImages image() {
    return new TestImages();
  }

  /** Appends a layer built by {@code spec}. */
  public TestImages layer(Consumer<LayerBuilder> spec) {
    LayerBuilder l = new LayerBuilder();
    spec.accept(l);
    layers.add(l);
    built = null;
    return this;
  }

  /**
   * Appends a layer whose blob is an existing file (not loaded into memory), e.g. a decompression
   * bomb from {@link HostileFixtures}. {@code diffId} is {@code sha256:…} of its uncompressed tar.
   */
  public TestImages layerFile(Path blob, String mediaType, String diffId) {
    layers.add(new FileLayer(blob, mediaType, diffId, sha256(blob), size(blob)));
    built = null;
    return this;
  }

  /** Edits the config. */
  public TestImages config(Consumer<ConfigBuilder> spec) {
    spec.accept(config);
    built = null;
    return this;
  }

  /** Adds a manifest annotation. */
  public TestImages annotation(String key, String value) {
    annotations.put(key, value);
    built = null;
    return this;
  }

  /** Sets the compression of layers built from specs. */
  public TestImages compression(Compression c) {
    compression = c;
    built = null;
    return this;
  }

  /** Sets the platform ({@code os/arch[/variant]}) written to the config and index entries. */
  public TestImages platform(String platform) {
    String[] p = platform.split("/");
    os = p[0];
    architecture = p[1];
    variant = p.length > 2 ? p[2] : null;
    built = null;
    return this;
  }

  /** Builds (once; cached until the builder changes). */
  public Built build() {
    if (built == null) {
      built = doBuild();
    }
    return built;
  }

  /** Every blob (config, layers, manifest) by digest string. File layers are read into memory. */
  public Map<String, byte[]> blobs() {
    return build().blobs();
  }

  public byte[] manifestBytes() {
    return build().manifest();
  }

  public String manifestDigest() {
    return build().manifestDigest();
  }

  public byte[] configBytes() {
    return build().config();
  }

  public String configDigest() {
    return build().configDigest();
  }

  /** Layer (stored) digests in order. */
  public List<String> layerDigests() {
    return build().layerDigests();
  }

  /** Uncompressed tar digests in order ({@code rootfs.diff_ids}). */
  public List<String> diffIds() {
    return build().diffIds();
  }

  /** The uncompressed tar of layer {@code i} (spec layers only). */
  public byte[] layerTar(int i) {
    return ((LayerBuilder) layers.get(i)).tar();
  }

  /** Writes (or adds to) an OCI layout at {@code dir}; returns the manifest digest. */
  public String writeLayout(Path dir, String refName) {
    Built b = build();
    Layouts.write(dir, b.blobSources(), b.descriptor(OCI_MANIFEST, true), refName);
    return b.manifestDigest();
  }

  /** Writes an oci-archive (a tar of a one-image layout); returns the manifest digest. */
  public String writeOciArchive(Path file, String refName) {
    Built b = build();
    Layouts.writeArchive(file, b.blobSources(), b.descriptor(OCI_MANIFEST, true), refName);
    return b.manifestDigest();
  }

  /** Writes a legacy {@code docker save} archive (uncompressed {@code <id>/layer.tar} layers). */
  public void writeDockerArchive(Path file, String repoTag) {
    writeDockerArchive(file, DockerFormat.LEGACY, Map.of(repoTag, this));
  }

  /** Writes a docker-archive in {@code format}. */
  public void writeDockerArchive(Path file, String repoTag, DockerFormat format) {
    writeDockerArchive(file, format, Map.of(repoTag, this));
  }

  /**
   * Writes a docker-archive holding several images, in map order. LEGACY stores uncompressed {@code
   * <diffid>/layer.tar}; BLOBS stores the layer blobs as built ({@code blobs/sha256/…}, gzip when
   * the image is gzip) plus {@code index.json} and {@code oci-layout}, as Docker 25+.
   */
  public static void writeDockerArchive(
      Path file, DockerFormat format, Map<String, TestImages> imagesByRepoTag) {
    DockerArchives.write(file, format, imagesByRepoTag);
  }

  /** A multi-platform index over {@code images} (give each a {@link #platform}). */
  public static IndexBuilder index(TestImages... images) {
    return new IndexBuilder(List.of(images));
  }

  private Built doBuild() {
    Map<String, Object> blobs = new LinkedHashMap<>();
    List<String> diffIds = new ArrayList<>();
    List<String> digests = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    List<String> mediaTypes = new ArrayList<>();
    for (Object l : layers) {
      if (l instanceof LayerBuilder lb) {
        byte[] tar = lb.tar();
        byte[] stored =
            switch (compression) {
              case GZIP -> gzip(tar);
              case ZSTD -> zstd(tar);
              case NONE -> tar;
            };
        String d = sha256(stored);
        blobs.put(d, stored);
        diffIds.add(sha256(tar));
        digests.add(d);
        sizes.add((long) stored.length);
        mediaTypes.add(
            switch (compression) {
              case GZIP -> OCI_LAYER_GZIP;
              case ZSTD -> OCI_LAYER_ZSTD;
              case NONE -> OCI_LAYER;
            });
      } else {
        FileLayer f = (FileLayer) l;
        blobs.put(f.digest(), f.file());
        diffIds.add(f.diffId());
        digests.add(f.digest());
        sizes.add(f.size());
        mediaTypes.add(f.mediaType());
      }
    }
    byte[] cfg = config.json(os, architecture, variant, diffIds);
    String cfgDigest = sha256(cfg);
    blobs.put(cfgDigest, cfg);
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", OCI_MANIFEST);
    ObjectNode c = m.putObject("config");
    c.put("mediaType", OCI_CONFIG);
    c.put("digest", cfgDigest);
    c.put("size", cfg.length);
    ArrayNode ls = m.putArray("layers");
    for (int i = 0; i < digests.size(); i++) {
      ObjectNode d = ls.addObject();
      d.put("mediaType", mediaTypes.get(i));
      d.put("digest", digests.get(i));
      d.put("size", sizes.get(i));
    }
    if (!annotations.isEmpty()) {
      ObjectNode a = m.putObject("annotations");
      annotations.forEach(a::put);
    }
    byte[] manifest = JSON.writeValueAsBytes(m);
    String manifestDigest = sha256(manifest);
    blobs.put(manifestDigest, manifest);
    return new Built(
        Map.copyOf(blobs),
        manifest,
        manifestDigest,
        cfg,
        cfgDigest,
        List.copyOf(digests),
        List.copyOf(diffIds),
        os,
        architecture,
        variant);
  }

  /**
   * A built image. {@code blobSources} values are {@code byte[]} or {@link Path} (file layers);
   * {@link #blobs()} reads files into memory.
   */
  public record Built(
      Map<String, Object> blobSources,
      byte[] manifest,
      String manifestDigest,
      byte[] config,
      String configDigest,
      List<String> layerDigests,
      List<String> diffIds,
      String os,
      String architecture,
      String variant) {

    public Map<String, byte[]> blobs() {
      Map<String, byte[]> out = new LinkedHashMap<>();
      blobSources.forEach((k, v) -> out.put(k, bytes(v)));
      return out;
    }

    ObjectNode descriptor(String mediaType, boolean withoutPlatform) {
      ObjectNode d = JSON.createObjectNode();
      d.put("mediaType", mediaType);
      d.put("digest", manifestDigest);
      d.put("size", manifest.length);
      if (!withoutPlatform) {
        ObjectNode p = d.putObject("platform");
        p.put("architecture", architecture);
        p.put("os", os);
        if (variant != null) {
          p.put("variant", variant);
        }
      }
      return d;
    }
  }

  /** A multi-platform index. */
  public static final class IndexBuilder {
    private final List<TestImages> images;
    private final Map<String, String> annotations = new LinkedHashMap<>();

    IndexBuilder(List<TestImages> images) {
      this.images = images;
    }

    public IndexBuilder annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    public byte[] indexBytes() {
      ObjectNode idx = JSON.createObjectNode();
      idx.put("schemaVersion", 2);
      idx.put("mediaType", OCI_INDEX);
      ArrayNode ms = idx.putArray("manifests");
      for (TestImages i : images) {
        ms.add(i.build().descriptor(OCI_MANIFEST, false));
      }
      if (!annotations.isEmpty()) {
        ObjectNode a = idx.putObject("annotations");
        annotations.forEach(a::put);
      }
      return JSON.writeValueAsBytes(idx);
    }

    public String indexDigest() {
      return sha256(indexBytes());
    }

    /** All blobs of all images plus the index. */
    public Map<String, byte[]> blobs() {
      Map<String, byte[]> out = new LinkedHashMap<>();
      for (TestImages i : images) {
        out.putAll(i.blobs());
      }
      out.put(indexDigest(), indexBytes());
      return out;
    }

    /** Writes the index and its images as an oci-archive; returns the index digest. */
    public String writeOciArchive(Path file, String refName) {
      Map<String, Object> blobs = new LinkedHashMap<>();
      for (TestImages i : images) {
        blobs.putAll(i.build().blobSources());
      }
      byte[] index = indexBytes();
      blobs.put(sha256(index), index);
      ObjectNode d = JSON.createObjectNode();
      d.put("mediaType", OCI_INDEX);
      d.put("digest", sha256(index));
      d.put("size", index.length);
      Layouts.writeArchive(file, blobs, d, refName);
      return sha256(index);
    }

    /** Writes the index and its images into an OCI layout; returns the index digest. */
    public String writeLayout(Path dir, String refName) {
      Map<String, Object> blobs = new LinkedHashMap<>();
      for (TestImages i : images) {
        blobs.putAll(i.build().blobSources());
      }
      byte[] index = indexBytes();
      blobs.put(sha256(index), index);
      ObjectNode d = JSON.createObjectNode();
      d.put("mediaType", OCI_INDEX);
      d.put("digest", sha256(index));
      d.put("size", index.length);
      Layouts.write(dir, blobs, d, refName);
      return sha256(index);
    }
  }

  /** Image config fields. */
  public static final class ConfigBuilder {
    private String user;
    private List<String> entrypoint;
    private List<String> cmd;
    private String workingDir;
    private final List<String> env = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> history = new ArrayList<>();

    public ConfigBuilder user(String u) {
      user = u;
      return this;
    }

    public ConfigBuilder entrypoint(String... args) {
      entrypoint = List.of(args);
      return this;
    }

    public ConfigBuilder cmd(String... args) {
      cmd = List.of(args);
      return this;
    }

    public ConfigBuilder workingDir(String dir) {
      workingDir = dir;
      return this;
    }

    public ConfigBuilder env(String nameEqualsValue) {
      env.add(nameEqualsValue);
      return this;
    }

    public ConfigBuilder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /** {@code created_by} of the next layer's history entry (default "layer N"). */
    public ConfigBuilder history(String createdBy) {
      history.add(createdBy);
      return this;
    }

    byte[] json(String os, String arch, String variant, List<String> diffIds) {
      ObjectNode c = JSON.createObjectNode();
      c.put("created", "1970-01-01T00:00:00Z");
      c.put("architecture", arch);
      c.put("os", os);
      if (variant != null) {
        c.put("variant", variant);
      }
      ObjectNode cc = c.putObject("config");
      if (user != null) {
        cc.put("User", user);
      }
      if (!env.isEmpty()) {
        ArrayNode e = cc.putArray("Env");
        env.forEach(e::add);
      }
      if (entrypoint != null) {
        ArrayNode e = cc.putArray("Entrypoint");
        entrypoint.forEach(e::add);
      }
      if (cmd != null) {
        ArrayNode e = cc.putArray("Cmd");
        cmd.forEach(e::add);
      }
      if (workingDir != null) {
        cc.put("WorkingDir", workingDir);
      }
      if (!labels.isEmpty()) {
        ObjectNode l = cc.putObject("Labels");
        labels.forEach(l::put);
      }
      ObjectNode rootfs = c.putObject("rootfs");
      rootfs.put("type", "layers");
      ArrayNode ids = rootfs.putArray("diff_ids");
      diffIds.forEach(ids::add);
      ArrayNode h = c.putArray("history");
      for (int i = 0; i < diffIds.size(); i++) {
        ObjectNode e = h.addObject();
        e.put("created", "1970-01-01T00:00:00Z");
        e.put("created_by", i < history.size() ? history.get(i) : "layer " + (i + 1));
      }
      return JSON.writeValueAsBytes(c);
    }
  }

  /** The entries of one layer, written in call order. Paths are stored as given. */
  public static final class LayerBuilder {
    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();

    public LayerBuilder file(String path, String content) {
      return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public LayerBuilder file(String path, byte[] content, int mode) {
      TarArchiveEntry e = entry(path, TarConstants.LF_NORMAL);
      e.setSize(content.length);
      e.setMode(0100000 | mode);
      return add(e, content);
    }

    public LayerBuilder dir(String path) {
      TarArchiveEntry e = entry(path.endsWith("/") ? path : path + "/", TarConstants.LF_DIR);
      e.setMode(040755);
      return add(e, null);
    }

    /** A symlink at {@code path} pointing to {@code target} (stored as given). */
    public LayerBuilder symlink(String path, String target) {
      TarArchiveEntry e = entry(path, TarConstants.LF_SYMLINK);
      e.setLinkName(target);
      e.setMode(0120777);
      return add(e, null);
    }

    /** A hard link at {@code path} to the earlier entry {@code target}. */
    public LayerBuilder hardlink(String path, String target) {
      TarArchiveEntry e = entry(path, TarConstants.LF_LINK);
      e.setLinkName(target);
      e.setMode(0100644);
      return add(e, null);
    }

    /** Deletes {@code path} of lower layers ({@code dir/.wh.name}). */
    public LayerBuilder whiteout(String path) {
      String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      int slash = p.lastIndexOf('/');
      String name =
          slash < 0 ? ".wh." + p : p.substring(0, slash + 1) + ".wh." + p.substring(slash + 1);
      return file(name, new byte[0], 0644);
    }

    /** Hides the lower layers' content of directory {@code dir} ({@code dir/.wh..wh..opq}). */
    public LayerBuilder opaque(String dir) {
      String d = dir.endsWith("/") ? dir : dir + "/";
      return file(d + ".wh..wh..opq", new byte[0], 0644);
    }

    /** Any entry, for cases the helpers do not cover ({@code content} may be null). */
    public LayerBuilder raw(TarArchiveEntry e, byte[] content) {
      return add(e, content);
    }

    private LayerBuilder add(TarArchiveEntry e, byte[] content) {
      entries.add(e);
      contents.add(content);
      return this;
    }

    static TarArchiveEntry entry(String path, byte type) {
      TarArchiveEntry e = new TarArchiveEntry(path, type, true);
      e.setUserId(0);
      e.setGroupId(0);
      e.setUserName("");
      e.setGroupName("");
      e.setLastModifiedTime(FileTime.fromMillis(0));
      return e;
    }

    byte[] tar() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (TarArchiveOutputStream out = tarOut(bytes)) {
        for (int i = 0; i < entries.size(); i++) {
          out.putArchiveEntry(entries.get(i));
          if (contents.get(i) != null) {
            out.write(contents.get(i));
          }
          out.closeArchiveEntry();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }

  private record FileLayer(Path file, String mediaType, String diffId, String digest, long size) {}

  static TarArchiveOutputStream tarOut(OutputStream out) {
    TarArchiveOutputStream t = new TarArchiveOutputStream(out, 512, "UTF-8");
    t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    return t;
  }

  /** Gzip without a timestamp (the JDK writes mtime 0), so output is deterministic. */
  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Zstandard (level 3) of {@code data}. */
  public static byte[] zstd(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (com.github.luben.zstd.ZstdOutputStream z =
        new com.github.luben.zstd.ZstdOutputStream(out, 3)) {
      z.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code sha256:<hex>} of {@code data}. */
  public static String sha256(byte[] data) {
    return "sha256:" + HexFormat.of().formatHex(md().digest(data));
  }

  /** {@code sha256:<hex>} of a file, streamed. */
  public static String sha256(Path file) {
    MessageDigest md = md();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  static MessageDigest md() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Object source) {
    if (source instanceof byte[] b) {
      return b;
    }
    try {
      return Files.readAllBytes((Path) source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String hex(String digest) {
    return digest.substring(digest.indexOf(':') + 1);
  }
}
