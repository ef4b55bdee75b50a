package io.drydock.oci.registry;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.Image;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Layer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Pushes an {@link Image} to a registry byte-exact (its manifest digest does not change): blobs the
 * repository already has are skipped, blobs in another repository of the same registry are mounted,
 * the rest are uploaded (layers in parallel), and the manifest goes last.
 */
public final class RegistryPusher {
  private RegistryPusher() {}

  /** Layers uploaded at once; registries and skopeo use 3–6. */
  public static final int PARALLEL_BLOBS = 4;

  /** What a push did: the manifest digest and how each blob got there. */
  public record Result(Digest digest, int uploaded, int mounted, int existing) {}

  /**
   * Pushes {@code image} to {@code dest} (its tag or digest names the manifest).
   *
   * @param mountFrom a repository to mount blobs from (same registry only), or {@code null}
   */
  public static Result push(RegistryClient client, Image image, ImageRef dest, ImageRef mountFrom)
      throws IOException {
    byte[] config = image.rawConfig();
    List<Blob> blobs = new ArrayList<>();
    blobs.add(
        new Blob(image.manifest().config(), mountFrom, () -> new ByteArrayInputStream(config)));
    List<Descriptor> layerDescs = image.manifest().layers();
    for (int i = 0; i < layerDescs.size(); i++) {
      Layer layer = image.layers().get(i);
      blobs.add(new Blob(layerDescs.get(i), mountFrom, () -> openCompressed(layer)));
    }
    Counts counts = pushBlobs(client, dest, blobs, null);
    Digest digest = client.putManifest(dest, image.rawManifest());
    return new Result(digest, counts.uploaded(), counts.mounted(), counts.existing());
  }

  /**
   * One blob to bring into a repository.
   *
   * @param mountFrom a repository of the same registry to mount it from, or {@code null}
   * @param content opens its bytes when it has to be uploaded
   */
  public record Blob(Descriptor descriptor, ImageRef mountFrom, Supplier<InputStream> content) {}

  /** How each blob got there. */
  public record Counts(int uploaded, int mounted, int existing) {}

  /**
   * Brings {@code blobs} into {@code dest}'s repository, {@value #PARALLEL_BLOBS} at a time: a blob
   * already there is skipped, one in another repository of the registry is mounted, the rest are
   * uploaded. The first failure is thrown once every started transfer has ended or been cancelled.
   *
   * @param progress told of every mount and of every upload from another repository, or {@code
   *     null}
   */
  public static Counts pushBlobs(
      RegistryClient client, ImageRef dest, List<Blob> blobs, Consumer<String> progress)
      throws IOException {
    AtomicInteger uploaded = new AtomicInteger();
    AtomicInteger mounted = new AtomicInteger();
    AtomicInteger existing = new AtomicInteger();
    Consumer<String> say = progress == null ? m -> {} : progress;
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL_BLOBS, blobs.size())));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Blob b : blobs) {
        futures.add(
            pool.submit(
                () -> {
                  Digest d = b.descriptor().digest();
                  ImageRef from = b.mountFrom();
                  if (client.blobExists(dest, d)) {
                    existing.incrementAndGet();
                  } else if (from != null
                      && !from.repository().equals(dest.repository())
                      && client.mountBlob(dest, from, d)) {
                    mounted.incrementAndGet();
                    say.accept("mounted " + d.shortHex() + " from " + from.repository());
                  } else {
                    client.pushBlob(dest, b.descriptor(), b.content());
                    uploaded.incrementAndGet();
                    if (from != null) {
                      say.accept("copied " + d.shortHex() + " from " + from.name());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        await(f);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Counts(uploaded.get(), mounted.get(), existing.get());
  }

  private static InputStream openCompressed(Layer layer) {
    try {
      return layer.openCompressed();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(Future<?> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pushing", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(c.getMessage(), c);
    }
  }
}
