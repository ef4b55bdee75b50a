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
    AtomicInteger uploaded = new AtomicInteger();
    AtomicInteger mounted = new AtomicInteger();
    AtomicInteger existing = new AtomicInteger();
    byte[] config = image.rawConfig();
    List<Blob> blobs = new ArrayList<>();
    blobs.add(new Blob(image.manifest().config(), () -> new ByteArrayInputStream(config)));
    List<Descriptor> layerDescs = image.manifest().layers();
    for (int i = 0; i < layerDescs.size(); i++) {
      Layer layer = image.layers().get(i);
      blobs.add(new Blob(layerDescs.get(i), () -> openCompressed(layer)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_BLOBS, blobs.size()));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Blob b : blobs) {
        futures.add(
            pool.submit(
                () -> {
                  Digest d = b.descriptor().digest();
                  if (client.blobExists(dest, d)) {
                    existing.incrementAndGet();
                  } else if (mountFrom != null
                      && !mountFrom.repository().equals(dest.repository())
                      && client.mountBlob(dest, mountFrom, d)) {
                    mounted.incrementAndGet();
                  } else {
                    client.pushBlob(dest, b.descriptor(), b.content());
                    uploaded.incrementAndGet();
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
    Digest digest = client.putManifest(dest, image.rawManifest());
    return new Result(digest, uploaded.get(), mounted.get(), existing.get());
  }

  private record Blob(Descriptor descriptor, Supplier<InputStream> content) {}

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
