package io.drydock.cli;

import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.format.SbomFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code drydock sbom TARGET}: the package inventory of an image, layer by layer. */
@Command(
    name = "sbom",
    mixinStandardHelpOptions = true,
    description = {
      "List every package in an image, with its layer and origin (base image or app).",
      "Finds dpkg, apk and rpm packages, jars (nested and shaded ones too), npm, Python and Go",
      "modules.",
      "Layers are cached under the cache dir, so images sharing a base cost only their own layers."
    })
final class SbomCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TARGET",
      description =
          "The image: REGISTRY/REPO[:TAG|@DIGEST], oci:DIR[:REF], oci-archive:F,"
              + " docker-archive:F, dir:ROOTFS.")
  String target;

  @Option(
      names = {"-f", "--format"},
      defaultValue = "cyclonedx",
      converter = FormatConverter.class,
      description =
          "Output format: cyclonedx (CycloneDX 1.6 JSON), cyclonedx-xml, spdx-json (SPDX 2.3),"
              + " json (Drydock's own; default: ${DEFAULT-VALUE}).")
  SbomFormat format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE (atomically: complete or not at all) instead of stdout.")
  Path output;

  @Mixin ImageAnalysis analysis;
  @Mixin CacheDirOptions cache;
  @Mixin SourceOptions sourceOptions;

  @Override
  public Integer call() throws Exception {
    if (format == SbomFormat.CYCLONEDX_JSON) {
      io.drydock.sbom.format.CycloneDx.warmUpInBackground();
    }
    Sbom sbom;
    try {
      sbom = analysis.sbom(target, sourceOptions, cache, spec.commandLine().getErr());
    } finally {
      sourceOptions.close();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    format.write(sbom, bytes);
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(bytes.toString(StandardCharsets.UTF_8));
      out.flush();
    } else {
      writeAtomically(output, bytes.toByteArray());
    }
    warnIfPartial(sbom, spec.commandLine().getErr());
    return 0;
  }

  /** One warning line per diagnostic (at most 10) on stderr: the SBOM is usable but partial. */
  static void warnIfPartial(Sbom sbom, PrintWriter err) {
    if (!sbom.partial()) {
      return;
    }
    int n = sbom.diagnostics().size();
    err.println(
        "warning: the inventory is partial: "
            + n
            + " problem"
            + (n == 1 ? "" : "s")
            + " (listed in the output)");
    for (Diagnostic d : sbom.diagnostics().subList(0, Math.min(10, n))) {
      err.println("  " + d);
    }
    if (n > 10) {
      err.println("  … and " + (n - 10) + " more");
    }
    err.flush();
  }

  /** Writes {@code content} to a temp file beside {@code file}, then moves it into place. */
  static void writeAtomically(Path file, byte[] content) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException("cannot write " + file + ": directory " + dir + " does not exist");
    }
    if (Files.isDirectory(abs)) {
      throw new IOException("cannot write " + file + ": it is a directory");
    }
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    try {
      Files.write(tmp, content);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Accepts the formats' CLI names. */
  static final class FormatConverter implements ITypeConverter<SbomFormat> {
    @Override
    public SbomFormat convert(String value) {
      try {
        return SbomFormat.byName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
