package io.drydock.cli;

import io.drydock.oci.Digest;
import io.drydock.oci.Image;
import io.drydock.oci.ImageRef;
import io.drydock.oci.ImageSource;
import io.drydock.oci.Platform;
import io.drydock.oci.Target;
import io.drydock.sbom.Extractors;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.engine.BaseAttribution.BaseHint;
import io.drydock.sbom.engine.BaseAttribution.BaseLookup;
import io.drydock.sbom.engine.SbomEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** Options and glue shared by commands that build an image's SBOM ({@code sbom}, {@code scan}). */
final class ImageAnalysis {
  @Option(
      names = "--base",
      paramLabel = "REF",
      description = {
        "The base image (any TARGET form): its layers mark the image's base layers.",
        "Default: the org.opencontainers.image.base.* annotations, else a known base's layers."
      })
  String base;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Layers analysed at once (default: the number of CPUs, at most 4).")
  Integer parallel;

  @Option(
      names = {"-q", "--quiet"},
      description =
          "No progress line on stderr (one is shown, and erased, only when stderr is a terminal).")
  boolean quiet;

  /**
   * Builds the SBOM of {@code target}, with a progress line on {@code err} when it is a terminal
   * (see {@link ProgressLine}); the caller closes {@code source}.
   */
  Sbom sbom(String target, SourceOptions sourceOptions, CacheDirOptions cache, PrintWriter err)
      throws IOException {
    Target t = Target.parse(target);
    Path cacheDir = cache.dir();
    keepNativeLibrariesInside(cacheDir.resolve("tmp"));
    SbomEngine engine =
        new SbomEngine(
            new SbomEngine.Options(
                Extractors.all(),
                Limits.defaults(),
                cache.noCache ? null : cacheDir,
                cacheDir.resolve("tmp"),
                parallel != null
                    ? Math.max(1, parallel)
                    : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                Extractors::chooseOs));
    if (t instanceof Target.Rootfs r) {
      return engine.analyzeRootfs(r.dir(), t.describe());
    }
    if (t instanceof Target.Sbom) {
      throw new IllegalArgumentException(
          target
              + " is already an SBOM; give an image (registry reference, oci:, docker-archive:,"
              + " dir:)");
    }
    Platform platform = sourceOptions.platform();
    BaseHint hint = base == null ? null : readBase(base, sourceOptions, platform);
    try (ImageSource source = sourceOptions.open(t);
        ProgressLine progress = ProgressLine.forCommand(err, quiet)) {
      progress.updateNow("reading " + source.describe() + ": manifest");
      Image image = source.image(platform);
      return engine.analyze(
          image,
          source.describe(),
          hint,
          lookup(t, sourceOptions, platform),
          progress.layers(source.describe()));
    }
  }

  /**
   * sqlite-jdbc (the rpm extractor reads rpmdb.sqlite with it) unpacks its native library into
   * {@code java.io.tmpdir}; point it at Drydock's own temp dir instead, unless the user chose one.
   */
  private static void keepNativeLibrariesInside(Path tmp) {
    if (System.getProperty("org.sqlite.tmpdir") == null) {
      try {
        Files.createDirectories(tmp);
        System.setProperty("org.sqlite.tmpdir", tmp.toString());
      } catch (IOException e) {
        // leave the driver's default
      }
    }
  }

  private static BaseHint readBase(String ref, SourceOptions options, Platform platform)
      throws IOException {
    Target t = Target.parse(ref);
    try (ImageSource source = options.open(t)) {
      Image image = source.image(platform);
      return new BaseHint(
          source.describe(),
          image.digest().toString(),
          image.config().diffIds().stream().map(Digest::toString).toList());
    }
  }

  /**
   * Reads an annotated base by digest: from the same OCI layout, from the app's own registry (a
   * mirror of the base's repository), then from the base's registry. A digest names the content, so
   * a copy found anywhere is the base; failures just move on to the next place.
   */
  static BaseLookup lookup(Target app, SourceOptions options, Platform platform) {
    return (name, digest) -> {
      Digest d;
      try {
        d = Digest.parse(digest);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      Set<String> candidates = new LinkedHashSet<>();
      if (app instanceof Target.OciLayout l) {
        candidates.add("oci:" + l.dir() + ":" + d);
      }
      ImageRef baseRef = null;
      if (name != null) {
        try {
          baseRef = ImageRef.parse(name);
        } catch (IllegalArgumentException e) {
          baseRef = null;
        }
      }
      if (app instanceof Target.Registry r && baseRef != null) {
        List<String> repos = new ArrayList<>();
        repos.add(baseRef.repository());
        if (baseRef.repository().startsWith("library/")) {
          repos.add(baseRef.repository().substring("library/".length()));
        }
        for (String repo : repos) {
          candidates.add(r.ref().inRepository(repo).withDigest(d).toString());
        }
      }
      if (baseRef != null) {
        candidates.add(baseRef.withDigest(d).toString());
      }
      for (String c : candidates) {
        try (ImageSource s = options.open(Target.parse(c))) {
          Image image = s.image(platform);
          if (!image.digest().equals(d) && !s.root().digest().equals(d)) {
            continue;
          }
          return Optional.of(image.config().diffIds().stream().map(Digest::toString).toList());
        } catch (IOException | RuntimeException e) {
          // not there: try the next place
        }
      }
      return Optional.empty();
    };
  }
}
