package io.drydock.sbom.engine;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * The images Drydock has analysed, by manifest digest, with their layer diffIDs: what base
 * attribution compares against ("the layers of a known base image are a prefix of this image's")
 * and how an annotated base digest is turned into layers without a registry round trip.
 *
 * <p>Stored under {@code <dir>/<first diffID hex, 2 chars>/<first diffID hex>/<digest hex>.json},
 * so a prefix lookup reads only images that share the first layer, and under {@code
 * <dir>/digests/<digest hex>.json}. Writes are atomic; concurrent processes are safe. Thread-safe.
 */
public final class KnownImages {
  /** One analysed image. */
  public record Known(String reference, String digest, List<String> diffIds) {}

  private final Path dir;

  public KnownImages(Path dir) {
    this.dir = dir;
  }

  /** Records an image (no-op for images without layers or digest). Failures are ignored. */
  public void record(Known image) {
    if (image.digest() == null || image.diffIds().isEmpty()) {
      return;
    }
    byte[] json;
    try {
      json = LayerCache.MAPPER.writeValueAsBytes(image);
    } catch (JacksonException e) {
      return;
    }
    String name = hex(image.digest()) + ".json";
    writeAtomic(bucket(image.diffIds().get(0)).resolve(name), json);
    writeAtomic(dir.resolve("digests").resolve(name), json);
  }

  /** The known image with this manifest digest. */
  public Optional<Known> byDigest(String digest) {
    return read(dir.resolve("digests").resolve(hex(digest) + ".json"))
        .filter(k -> digest.equals(k.digest()));
  }

  /**
   * Writes {@code content} to a temp file beside {@code file} and moves it into place, so readers
   * (other processes too) see a whole file or none; failures are ignored, as both the layer cache
   * and this index are optimisations.
   */
  static void writeAtomic(Path file, byte[] content) {
    Path tmp = null;
    try {
      Files.createDirectories(file.getParent());
      tmp = Files.createTempFile(file.getParent(), ".tmp-", ".json");
      Files.write(tmp, content);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      // not recorded: base attribution will not know this image
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /**
   * The known image with the most layers whose layers are a strict prefix of {@code diffIds} (never
   * the image itself).
   */
  public Optional<Known> longestPrefixOf(List<String> diffIds) {
    if (diffIds.size() < 2) {
      return Optional.empty();
    }
    Path bucket = bucket(diffIds.get(0));
    if (!Files.isDirectory(bucket)) {
      return Optional.empty();
    }
    Known best = null;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(bucket, "*.json")) {
      for (Path f : files) {
        Optional<Known> k = read(f);
        if (k.isEmpty()) {
          continue;
        }
        List<String> ids = k.get().diffIds();
        if (ids.size() < diffIds.size()
            && diffIds.subList(0, ids.size()).equals(ids)
            && (best == null || ids.size() > best.diffIds().size())) {
          best = k.get();
        }
      }
    } catch (IOException e) {
      return Optional.ofNullable(best);
    }
    return Optional.ofNullable(best);
  }

  private Path bucket(String firstDiffId) {
    String h = hex(firstDiffId);
    return dir.resolve(h.substring(0, Math.min(2, h.length()))).resolve(h);
  }

  private static Optional<Known> read(Path f) {
    try {
      return Optional.of(LayerCache.MAPPER.readValue(Files.readAllBytes(f), Known.class));
    } catch (IOException | JacksonException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The hex part of {@code algo:hex}, restricted to safe file-name characters. */
  private static String hex(String digest) {
    String h = digest.substring(digest.indexOf(':') + 1);
    if (!h.matches("[A-Za-z0-9]{1,128}")) {
      return LayerCache.sha256Hex(digest);
    }
    return h;
  }
}
