package io.drydock.oci.rootfs;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.Image;
import io.drydock.oci.ImageSource;
import io.drydock.oci.Json;
import io.drydock.oci.Manifest;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import io.drydock.oci.content.BlobStore;
import io.drydock.oci.content.StoredImage;
import io.drydock.oci.tar.TarDiagnostic;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * An unpacked root filesystem as an image ({@code dir:ROOTFS}): one synthetic, uncompressed layer
 * whose tar is generated on demand from the directory.
 *
 * <p>The tar is deterministic: entries sorted (parents first, siblings by name), modes, owners and
 * whole-second modification times as stored, symlinks stored as symlinks (never followed, so
 * nothing outside the root is read), files with several links stored once and then as hard links.
 * Sockets, devices and FIFOs are skipped and counted. Files and directories that cannot be read
 * become {@link #diagnostics()} and are left out; they do not abort the open.
 *
 * <p>{@link #open} walks the tree and hashes the generated tar once (its digest is the layer's
 * digest and diffID); the config (os {@code linux}, the host's architecture, one history entry
 * {@code rootfs <path>}) and the OCI manifest are synthesized from it. Reading the layer later
 * regenerates the tar and verifies it against that digest, so a tree changed in between fails with
 * a digest mismatch instead of giving inconsistent results. Thread-safe.
 */
public final class RootfsSource implements ImageSource {
  private final Path root;
  private final String describe;
  private final List<TarDiagnostic> diagnostics;
  private final int skippedSpecial;
  private final StoredImage image;

  private RootfsSource(
      Path root,
      String describe,
      List<TarDiagnostic> diagnostics,
      int skippedSpecial,
      StoredImage image) {
    this.root = root;
    this.describe = describe;
    this.diagnostics = diagnostics;
    this.skippedSpecial = skippedSpecial;
    this.image = image;
  }

  /**
   * Walks {@code root} and synthesizes the image.
   *
   * @throws IOException naming {@code root} when it is not a readable directory
   */
  public static RootfsSource open(Path root) throws IOException {
    Objects.requireNonNull(root, "root");
    String describe = "dir:" + root;
    if (!Files.isDirectory(root)) {
      throw new FileNotFoundException(describe + ": " + root + " is not a directory");
    }
    if (!Files.isReadable(root)) {
      throw new IOException(describe + ": " + root + " is not readable");
    }
    List<TarDiagnostic> diagnostics = new ArrayList<>();
    int[] special = new int[1];
    List<Node> nodes = walk(root, diagnostics, special);
    long size = 0;
    MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = new RootfsTarStream(root, nodes)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        size += n;
      }
    }
    Digest layerDigest = Digest.of(Digest.SHA256, md.digest());
    byte[] config = config(root, layerDigest);
    Digest configDigest = Digest.sha256(config);
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    ObjectNode c = m.putObject("config");
    c.put("mediaType", MediaTypes.OCI_CONFIG);
    c.put("digest", configDigest.toString());
    c.put("size", config.length);
    ObjectNode l = m.putArray("layers").addObject();
    l.put("mediaType", MediaTypes.OCI_LAYER);
    l.put("digest", layerDigest.toString());
    l.put("size", size);
    RawDocument raw = RawDocument.of(MediaTypes.OCI_MANIFEST, Json.MAPPER.writeValueAsBytes(m));
    Manifest manifest = (Manifest) raw.parse("synthesized manifest of " + describe);
    BlobStore store =
        new BlobStore() {
          @Override
          public InputStream openBlob(Descriptor d) throws IOException {
            if (d.digest().equals(configDigest)) {
              return new ByteArrayInputStream(config);
            }
            if (d.digest().equals(layerDigest)) {
              return new RootfsTarStream(root, nodes);
            }
            throw new FileNotFoundException(describe + " has no blob " + d.digest());
          }

          @Override
          public String describe() {
            return describe;
          }
        };
    StoredImage image = StoredImage.load(store, raw, manifest, describe);
    return new RootfsSource(
        root, describe, Collections.unmodifiableList(diagnostics), special[0], image);
  }

  @Override
  public String describe() {
    return describe;
  }

  @Override
  public RawDocument root() {
    return image.rawManifest();
  }

  /** The one image; {@code platform} is not checked (a rootfs has the platform it has). */
  @Override
  public Image image(Platform platform) {
    return image;
  }

  /** The root directory. */
  public Path directory() {
    return root;
  }

  /** Files and directories left out because they could not be read; paths relative to the root. */
  public List<TarDiagnostic> diagnostics() {
    return diagnostics;
  }

  /** Sockets, devices and FIFOs left out of the layer. */
  public int skippedSpecialFiles() {
    return skippedSpecial;
  }

  private static byte[] config(Path root, Digest diffId) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("architecture", hostArchitecture());
    c.put("os", "linux");
    c.putObject("config");
    ObjectNode rootfs = c.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(diffId.toString());
    c.putArray("history").addObject().put("created_by", "rootfs " + root);
    return Json.MAPPER.writeValueAsBytes(c);
  }

  static String hostArchitecture() {
    String arch = System.getProperty("os.arch", "amd64");
    String normal = new Platform("linux", arch, null, null).architecture();
    return normal.matches("[a-z0-9]+") ? normal : "amd64";
  }

  /** One tree entry, in tar order. {@code linkTarget}: symlink target or hard-link first path. */
  record Node(
      Path file,
      String name,
      char type,
      int mode,
      long uid,
      long gid,
      long size,
      FileTime mtime,
      String linkTarget) {
    static final char FILE = '0';
    static final char HARDLINK = '1';
    static final char SYMLINK = '2';
    static final char DIR = '5';
  }

  private static List<Node> walk(Path root, List<TarDiagnostic> diagnostics, int[] special) {
    List<Node> out = new ArrayList<>();
    walk(root, root, out, new HashMap<>(), diagnostics, special);
    return out;
  }

  /** Pre-order: each directory, then its children sorted by name (recursion depth ≤ PATH_MAX/2). */
  private static void walk(
      Path root,
      Path dir,
      List<Node> out,
      Map<Object, String> firstLink,
      List<TarDiagnostic> diagnostics,
      int[] special) {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(children::add);
    } catch (IOException | RuntimeException e) {
      diagnostics.add(
          new TarDiagnostic(rel(root, dir), "directory not readable; contents left out"));
      return;
    }
    children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    for (Path p : children) {
      String name = rel(root, p);
      Map<String, Object> a;
      PosixFileAttributes posix;
      try {
        posix = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        a = unixAttributes(p);
      } catch (IOException e) {
        diagnostics.add(new TarDiagnostic(name, "not readable (" + e.getMessage() + "); left out"));
        continue;
      }
      int mode = ((Number) a.getOrDefault("mode", 0644)).intValue() & 07777;
      long uid = ((Number) a.getOrDefault("uid", 0)).longValue();
      long gid = ((Number) a.getOrDefault("gid", 0)).longValue();
      FileTime mtime =
          FileTime.from(posix.lastModifiedTime().to(TimeUnit.SECONDS), TimeUnit.SECONDS);
      if (posix.isSymbolicLink()) {
        String target;
        try {
          target = Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
          diagnostics.add(new TarDiagnostic(name, "symlink not readable; left out"));
          continue;
        }
        out.add(new Node(p, name, Node.SYMLINK, mode, uid, gid, 0, mtime, target));
      } else if (posix.isDirectory()) {
        out.add(new Node(p, name + "/", Node.DIR, mode, uid, gid, 0, mtime, null));
        walk(root, p, out, firstLink, diagnostics, special);
      } else if (posix.isRegularFile()) {
        Object key = posix.fileKey();
        int nlink = ((Number) a.getOrDefault("nlink", 1)).intValue();
        if (nlink > 1 && key != null && firstLink.containsKey(key)) {
          out.add(new Node(p, name, Node.HARDLINK, mode, uid, gid, 0, mtime, firstLink.get(key)));
          continue;
        }
        try (InputStream probe = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
          probe.read(new byte[0]);
        } catch (IOException e) {
          diagnostics.add(new TarDiagnostic(name, "file not readable; left out"));
          continue;
        }
        if (nlink > 1 && key != null) {
          firstLink.put(key, name);
        }
        out.add(new Node(p, name, Node.FILE, mode, uid, gid, posix.size(), mtime, null));
      } else {
        special[0]++;
      }
    }
  }

  private static Map<String, Object> unixAttributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, "unix:mode,uid,gid,nlink", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return Map.of();
    }
  }

  private static String rel(Path root, Path p) {
    StringBuilder sb = new StringBuilder();
    for (Path part : root.relativize(p)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }
}
