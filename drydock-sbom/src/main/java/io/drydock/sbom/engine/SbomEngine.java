package io.drydock.sbom.engine;

import io.drydock.oci.Image;
import io.drydock.oci.ImageConfig;
import io.drydock.oci.Layer;
import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.Extractor;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.Limits;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import io.drydock.sbom.engine.BaseAttribution.BaseHint;
import io.drydock.sbom.engine.BaseAttribution.BaseLookup;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Builds the SBOM of an image: each layer analysed once (or taken from the {@link LayerCache}), in
 * parallel up to {@code threads}, then merged ({@link LayerMerger}) and attributed to base or app
 * ({@link BaseAttribution}).
 *
 * <p>Errors: a bad image (unreadable layer, digest mismatch, broken tar) fails with an {@link
 * IOException} naming the layer; a bad file inside a layer becomes a diagnostic. Temp files live
 * under {@code tempRoot} and are deleted before returning. Thread-safe.
 */
public final class SbomEngine {
  /**
   * @param extractors the extractors to run (normally {@link io.drydock.sbom.Extractors#all()})
   * @param cacheDir the data dir's {@code layers/} directory, or {@code null} for no caching
   * @param tempRoot a directory in Drydock's own space for spooled files
   * @param threads how many layers to analyse at once (1 or more)
   * @param osSelector picks the image's OS among the OS-identity files that survived the merge
   *     (path → identity), and may infer one from the packages when there are none
   */
  public record Options(
      List<Extractor> extractors,
      Limits limits,
      Path cacheDir,
      Path tempRoot,
      int threads,
      BiFunction<Map<String, OsInfo>, List<Component>, OsInfo> osSelector) {
    public Options {
      extractors = List.copyOf(extractors);
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, not " + threads);
      }
    }
  }

  /**
   * What a caller may show while an image is read (a progress line on a terminal). Called from the
   * layer threads, so implementations are thread-safe; they must be cheap and never throw.
   */
  public interface Progress {
    /** Does nothing. */
    Progress NONE = new Progress() {};

    /** Layer {@code index} (0-based) of {@code count}, {@code diffId}, starts being read. */
    default void layerStarted(int index, int count, String diffId) {}

    /** {@code bytes} of layer {@code index}'s tar read so far (uncompressed; about every MiB). */
    default void layerRead(int index, long bytes) {}

    /** Layer {@code index} is analysed ({@code cached}: its result came from the layer cache). */
    default void layerDone(int index, boolean cached) {}
  }

  private final Options options;
  private final LayerAnalyzer analyzer;
  private final LayerCache cache;
  private final KnownImages known;

  public SbomEngine(Options options) {
    this.options = options;
    this.analyzer = new LayerAnalyzer(options.extractors(), options.limits());
    this.cache =
        options.cacheDir() == null
            ? null
            : new LayerCache(
                options.cacheDir().resolve("layers"), options.extractors(), options.limits());
    this.known =
        options.cacheDir() == null ? null : new KnownImages(options.cacheDir().resolve("images"));
  }

  /** How many layers the last calls took from the cache; for tests and progress output. */
  private final java.util.concurrent.atomic.AtomicInteger cacheHits =
      new java.util.concurrent.atomic.AtomicInteger();

  public int cacheHits() {
    return cacheHits.get();
  }

  /**
   * The SBOM of an image.
   *
   * @param reference the target as the user wrote it
   * @param flagBase the base named by {@code --base}, or {@code null}
   * @param lookup reads an annotated base's layers when the cache does not know them
   */
  public Sbom analyze(Image image, String reference, BaseHint flagBase, BaseLookup lookup)
      throws IOException {
    return analyze(image, reference, flagBase, lookup, Progress.NONE);
  }

  /** {@link #analyze(Image, String, BaseHint, BaseLookup)}, telling {@code progress} as it goes. */
  public Sbom analyze(
      Image image, String reference, BaseHint flagBase, BaseLookup lookup, Progress progress)
      throws IOException {
    List<Layer> layers = image.layers();
    ImageConfig config = image.config();
    List<ImageConfig.History> history = config.layerHistory(layers.size());
    Path temp = newTempDir();
    List<LayerResult> results;
    try {
      results = analyzeLayers(layers, reference, temp, progress);
    } finally {
      TempDirs.deleteQuietly(temp);
    }
    List<String> diffIds = results.stream().map(LayerResult::diffId).toList();
    Map<String, String> annotations = new HashMap<>(config.labels());
    annotations.putAll(image.manifest().annotations());
    BaseImage base = BaseAttribution.decide(diffIds, annotations, flagBase, known, lookup);
    if (known != null) {
      known.record(new KnownImages.Known(reference, image.digest().toString(), diffIds));
    }
    List<LayerInfo> infos = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      ImageConfig.History h = history.get(i);
      infos.add(
          new LayerInfo(
              i,
              diffIds.get(i),
              layers.get(i).digest().toString(),
              h == null ? null : h.createdBy(),
              i < base.layerCount()));
    }
    LayerMerger.Merged merged = LayerMerger.merge(results);
    Subject subject =
        new Subject(
            reference,
            image.digest().toString(),
            config.os(),
            config.architecture(),
            config.variant(),
            image.manifest().annotations());
    OsInfo os = options.osSelector().apply(merged.osResults(), merged.components());
    return new Sbom(subject, os, base, infos, merged.components(), merged.diagnostics());
  }

  /** The SBOM of an unpacked root filesystem: one pseudo-layer, no cache, no base. */
  public Sbom analyzeRootfs(Path root, String reference) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(reference + ": " + root + " is not a directory");
    }
    Path temp = newTempDir();
    LayerResult result;
    try {
      result = analyzer.analyzeRootfs(root, reference, temp, options.threads());
    } finally {
      TempDirs.deleteQuietly(temp);
    }
    LayerMerger.Merged merged = LayerMerger.merge(List.of(result));
    Subject subject = new Subject(reference, null, "linux", null, null, Map.of());
    OsInfo os = options.osSelector().apply(merged.osResults(), merged.components());
    return new Sbom(
        subject,
        os,
        BaseImage.none(),
        List.of(new LayerInfo(0, null, null, "rootfs " + root, false)),
        merged.components(),
        merged.diagnostics());
  }

  private List<LayerResult> analyzeLayers(
      List<Layer> layers, String reference, Path temp, Progress progress) throws IOException {
    int n = layers.size();
    Function<Integer, LayerResult> one =
        i -> {
          try {
            return analyzeLayer(
                layers.get(i), i, n, reference, temp.resolve("layer-" + i), progress);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    List<LayerResult> out = new ArrayList<>();
    int threads = Math.min(options.threads(), n);
    if (threads <= 1) {
      try {
        for (int i = 0; i < n; i++) {
          out.add(one.apply(i));
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      return out;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "drydock-layer");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<LayerResult>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int idx = i;
        futures.add(pool.submit(() -> one.apply(idx)));
      }
      for (Future<LayerResult> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof UncheckedIOException u) {
            throw u.getCause();
          }
          if (c instanceof RuntimeException r) {
            throw r;
          }
          if (c instanceof Error err) {
            throw err;
          }
          throw new IOException(c);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while analysing " + reference);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private LayerResult analyzeLayer(
      Layer layer, int index, int count, String reference, Path temp, Progress progress)
      throws IOException {
    String diffId = layer.diffId().toString();
    progress.layerStarted(index, count, diffId);
    if (cache != null) {
      var hit = cache.get(diffId);
      if (hit.isPresent()) {
        cacheHits.incrementAndGet();
        progress.layerDone(index, true);
        return hit.get();
      }
    }
    String where =
        "layer " + (index + 1) + " of " + count + " (" + shortId(diffId) + ") of " + reference;
    LayerResult r;
    // Decompression and digest checks run ahead on their own thread (1 MiB chunks, 8 in flight),
    // so they overlap with tar parsing and extraction on a second core.
    InputStream tar = layer.openUncompressed();
    if (progress != Progress.NONE) {
      tar = new ProgressInputStream(tar, bytes -> progress.layerRead(index, bytes));
    }
    try (InputStream in = new PrefetchInputStream(tar, 1 << 20, 8, "drydock-inflate-" + index)) {
      r = analyzer.analyzeTar(in, diffId, where, temp);
    } finally {
      TempDirs.deleteQuietly(temp);
    }
    progress.layerDone(index, false);
    if (cache != null) {
      cache.put(r);
    }
    return r;
  }

  private static String shortId(String diffId) {
    int colon = diffId.indexOf(':');
    return diffId.length() > colon + 13 ? diffId.substring(0, colon + 13) : diffId;
  }

  /** A fresh directory name under the temp root for one analysis (created by the analyzer). */
  private Path newTempDir() throws IOException {
    return Files.createDirectories(options.tempRoot())
        .resolve("sbom-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
  }
}
