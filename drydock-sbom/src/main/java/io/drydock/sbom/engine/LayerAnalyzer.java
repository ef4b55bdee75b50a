package io.drydock.sbom.engine;

import io.drydock.oci.tar.LayerTarReader;
import io.drydock.oci.tar.TarDiagnostic;
import io.drydock.oci.tar.TarEntry;
import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractor;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInput;
import io.drydock.sbom.FileInputs;
import io.drydock.sbom.FileTooLargeException;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One streaming pass over a layer (or a root filesystem) that serves every extractor.
 *
 * <p>For each regular file the extractors' {@link Extractor#required} decide; the content of a
 * wanted file is read once, into memory when small ({@value #IN_MEMORY_BYTES} bytes or less) or
 * spooled to the layer's temp dir (bounded by {@link Limits#maxSpoolBytes()}), and handed to every
 * extractor that wants it. Hard links to a file analysed earlier in the same tar get that file's
 * results, relocated. Whiteouts, opaque directories and wanted paths replaced by non-files are
 * recorded for the merger. A failing extractor becomes a diagnostic; a broken tar (truncated,
 * corrupt header, digest mismatch at EOF) is an {@link IOException}: a bad image fails the scan.
 *
 * <p>Thread-safe: every call works on its own state.
 */
public final class LayerAnalyzer {
  /** Wanted files up to this size are read into memory rather than spooled to disk. */
  static final int IN_MEMORY_BYTES = 4 << 20;

  private final List<Extractor> extractors;
  private final Limits limits;

  public LayerAnalyzer(List<Extractor> extractors, Limits limits) {
    this.extractors = List.copyOf(extractors);
    this.limits = limits;
  }

  /**
   * Analyses an uncompressed layer tar. The stream is read to its end (so a verifying stream checks
   * the digest) but not closed.
   *
   * @param diffId the layer's diffID, recorded in diagnostics
   * @param where names the layer in messages
   * @param tempDir a directory owned by the caller for spooled files; left empty on return
   */
  public LayerResult analyzeTar(InputStream tar, String diffId, String where, Path tempDir)
      throws IOException {
    Files.createDirectories(tempDir);
    Map<String, List<FileResult>> byPath = new LinkedHashMap<>();
    Map<String, Long> sizes = new HashMap<>();
    List<String> whiteouts = new ArrayList<>();
    List<String> opaque = new ArrayList<>();
    List<String> shadows = new ArrayList<>();
    List<Diagnostic> diagnostics = new ArrayList<>();
    ExtractContext ctx = new ExtractContext(limits, tempDir, where);
    LayerTarReader reader = new LayerTarReader(nonClosing(tar), where);
    TarEntry e;
    while ((e = reader.next()) != null) {
      switch (e.type()) {
        case FILE -> {
          FileInfo info = new FileInfo(e.path(), e.size(), e.mode());
          sizes.put(e.path(), e.size());
          List<Extractor> want = wanting(info);
          byPath.remove(e.path()); // a later entry for the same path replaces the earlier one
          if (!want.isEmpty()) {
            List<FileResult> results = extractFromTar(info, reader, want, ctx, diffId, tempDir);
            if (!results.isEmpty()) {
              byPath.put(e.path(), results);
            }
          }
        }
        case HARDLINK -> {
          byPath.remove(e.path());
          long size = sizes.getOrDefault(e.linkTarget(), 0L);
          sizes.put(e.path(), size);
          List<Extractor> want = wanting(new FileInfo(e.path(), size, e.mode()));
          List<FileResult> target = byPath.get(e.linkTarget());
          if (!want.isEmpty() && target != null) {
            List<FileResult> copied = new ArrayList<>();
            for (FileResult r : target) {
              if (want.stream().anyMatch(x -> x.name().equals(r.extractor()))) {
                copied.add(relocate(r, e.linkTarget(), e.path()));
              }
            }
            if (!copied.isEmpty()) {
              byPath.put(e.path(), copied);
            }
          }
        }
        case SYMLINK, DIRECTORY, SPECIAL -> {
          byPath.remove(e.path());
          if (!wanting(new FileInfo(e.path(), 0, e.mode())).isEmpty()) {
            shadows.add(e.path());
          }
        }
        case WHITEOUT -> whiteouts.add(e.path());
        case OPAQUE -> opaque.add(e.path());
      }
    }
    for (TarDiagnostic d : reader.diagnostics()) {
      diagnostics.add(new Diagnostic(d.path(), diffId, null, d.message()));
    }
    // Read to EOF: the verifying stream checks the layer's digests only there.
    tar.transferTo(OutputStream.nullOutputStream());
    List<FileResult> files = new ArrayList<>();
    byPath.values().forEach(files::addAll);
    return new LayerResult(diffId, files, whiteouts, opaque, shadows, diagnostics);
  }

  /**
   * Analyses an unpacked root filesystem in place: files are read where they are (nothing is
   * copied), symlinks are not followed, {@code proc}, {@code sys} and {@code dev} at the top are
   * skipped. Unreadable files and directories become diagnostics. The walk is sequential; the
   * wanted files are then analysed by up to {@code threads} threads, and results come back in walk
   * order.
   */
  public LayerResult analyzeRootfs(Path root, String where, Path tempDir, int threads)
      throws IOException {
    Files.createDirectories(tempDir);
    ExtractContext ctx = new ExtractContext(limits, tempDir, where);
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<Runnable> work = new ArrayList<>();
    List<List<FileResult>> slots = new ArrayList<>();
    Set<String> skipTop = Set.of("proc", "sys", "dev");
    Files.walkFileTree(
        root,
        EnumSet.noneOf(FileVisitOption.class),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.getParent() != null
                && dir.getParent().equals(root)
                && skipTop.contains(dir.getFileName().toString())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isRegularFile()) {
              return FileVisitResult.CONTINUE;
            }
            String rel = relative(root, file);
            FileInfo info = new FileInfo(rel, attrs.size(), mode(file, attrs));
            List<Extractor> want = wanting(info);
            if (!want.isEmpty()) {
              List<FileResult> slot = new ArrayList<>(want.size());
              slots.add(slot);
              FileInput input = FileInputs.ofFile(info, file);
              work.add(
                  () -> {
                    for (Extractor x : want) {
                      FileResult r = run(x, input, ctx, null);
                      if (r != null) {
                        slot.add(r);
                      }
                    }
                  });
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            String rel = relative(root, file);
            diagnostics.add(
                new Diagnostic(rel, null, null, "cannot be read (" + oneLine(exc) + "); skipped"));
            return FileVisitResult.CONTINUE;
          }
        });
    runAll(work, threads);
    List<FileResult> files = new ArrayList<>();
    slots.forEach(files::addAll);
    return new LayerResult(null, files, List.of(), List.of(), List.of(), diagnostics);
  }

  /** Runs every task, on up to {@code threads} threads; each task never throws (see run). */
  private static void runAll(List<Runnable> work, int threads) throws IOException {
    int n = Math.min(threads, work.size());
    if (n <= 1) {
      work.forEach(Runnable::run);
      return;
    }
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    Runnable worker =
        () -> {
          int i;
          try {
            while (failure.get() == null && (i = next.getAndIncrement()) < work.size()) {
              work.get(i).run();
            }
          } catch (Throwable t) { // an Error such as OutOfMemoryError: stop all and rethrow below
            failure.compareAndSet(null, t);
          }
        };
    List<Thread> helpers = new ArrayList<>();
    for (int t = 1; t < n; t++) {
      Thread th = new Thread(worker, "drydock-extract-" + t);
      th.setDaemon(true);
      th.start();
      helpers.add(th);
    }
    worker.run();
    for (Thread th : helpers) {
      try {
        th.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while analysing files");
      }
    }
    Throwable t = failure.get();
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IOException(oneLine(t), t);
    }
  }

  private List<Extractor> wanting(FileInfo info) {
    List<Extractor> want = null;
    for (Extractor x : extractors) {
      if (x.required(info)) {
        if (want == null) {
          want = new ArrayList<>(2);
        }
        want.add(x);
      }
    }
    return want == null ? List.of() : want;
  }

  private List<FileResult> extractFromTar(
      FileInfo info,
      LayerTarReader reader,
      List<Extractor> want,
      ExtractContext ctx,
      String diffId,
      Path tempDir)
      throws IOException {
    List<FileResult> results = new ArrayList<>();
    if (info.size() > limits.maxSpoolBytes()) {
      String msg =
          new FileTooLargeException(info.path(), info.size(), limits.maxSpoolBytes()).getMessage();
      for (Extractor x : want) {
        results.add(new FileResult(info.path(), x.name(), ExtractResult.diagnostic(msg)));
      }
      return results;
    }
    Path spooled = null;
    FileInput input;
    InputStream content = reader.content();
    if (info.size() <= IN_MEMORY_BYTES) {
      byte[] bytes = content.readNBytes((int) info.size());
      input = FileInputs.ofBytes(info, bytes, tempDir);
    } else {
      spooled = Files.createTempFile(tempDir, "spool-", ".bin");
      try (OutputStream out = Files.newOutputStream(spooled, StandardOpenOption.WRITE)) {
        content.transferTo(out);
      }
      input = FileInputs.ofFile(info, spooled);
    }
    try {
      for (Extractor x : want) {
        FileResult r = run(x, input, ctx, diffId);
        if (r != null) {
          results.add(r);
        }
      }
    } finally {
      if (spooled != null) {
        Files.deleteIfExists(spooled);
      }
    }
    return results;
  }

  /** Runs one extractor; never throws. {@code null} when it found nothing at all. */
  private static FileResult run(Extractor x, FileInput in, ExtractContext ctx, String diffId) {
    ExtractResult r;
    try {
      r = x.extract(in, ctx);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      r = ExtractResult.diagnostic(oneLine(e));
    }
    if (r == null || r.isEmpty()) {
      return null;
    }
    return new FileResult(in.info().path(), x.name(), r);
  }

  private static FileResult relocate(FileResult r, String from, String to) {
    List<Package> moved = new ArrayList<>();
    for (Package p : r.result().packages()) {
      String loc = p.location();
      if (loc.equals(from)) {
        moved.add(p.withLocation(to));
      } else if (loc.startsWith(from + "!/")) {
        moved.add(p.withLocation(to + loc.substring(from.length())));
      } else {
        moved.add(p);
      }
    }
    ExtractResult x = r.result();
    return new FileResult(
        to, r.extractor(), new ExtractResult(moved, x.ownedFiles(), x.os(), x.diagnostics()));
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return m.lines().findFirst().orElse(m).strip();
  }

  private static String relative(Path root, Path file) {
    // The walk yields root + "/" + relative path: slicing the string is much cheaper than
    // Path.relativize for every file of a big tree.
    String r = root.toString();
    String f = file.toString();
    String rel =
        f.startsWith(r)
                && f.length() > r.length()
                && f.charAt(r.length()) == java.io.File.separatorChar
            ? f.substring(r.length() + 1)
            : root.relativize(file).toString();
    return java.io.File.separatorChar == '/' ? rel : rel.replace(java.io.File.separatorChar, '/');
  }

  private static int mode(Path file, BasicFileAttributes attrs) {
    Set<PosixFilePermission> perms;
    if (attrs instanceof PosixFileAttributes posix) {
      perms = posix.permissions();
    } else {
      return 0644;
    }
    int m = 0;
    for (PosixFilePermission p : perms) {
      m |= 1 << (8 - p.ordinal());
    }
    return m;
  }

  private static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }
}
