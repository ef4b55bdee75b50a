package io.drydock.sbom.os;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractor;
import io.drydock.sbom.FileInputs;
import io.drydock.sbom.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers for the OS extractor tests. */
final class OsTestSupport {
  private OsTestSupport() {}

  static ExtractContext ctx(Path tempDir) {
    return new ExtractContext(Limits.defaults(), tempDir, "test");
  }

  static ExtractContext ctx(Path tempDir, long maxMetadataBytes) {
    Limits d = Limits.defaults();
    return new ExtractContext(
        new Limits(
            d.maxSpoolBytes(),
            maxMetadataBytes,
            d.maxNestingDepth(),
            d.maxArchiveEntries(),
            d.maxDecompressedBytes()),
        tempDir,
        "test");
  }

  static Path resource(String name) {
    try {
      return Path.of(OsTestSupport.class.getResource("/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource missing: " + name, e);
    }
  }

  static byte[] bytes(String resource) {
    try {
      return Files.readAllBytes(resource(resource));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ExtractResult run(Extractor x, String imagePath, byte[] content, Path tempDir)
      throws IOException {
    return x.extract(FileInputs.ofBytes(imagePath, content, tempDir), ctx(tempDir));
  }

  static ExtractResult run(Extractor x, String imagePath, String content, Path tempDir)
      throws IOException {
    return run(x, imagePath, content.getBytes(StandardCharsets.UTF_8), tempDir);
  }

  static byte[] crlf(byte[] lf) {
    return new String(lf, StandardCharsets.UTF_8)
        .replace("\n", "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Runs a command, returning stdout lines; skips the test when the program is not installed. */
  static List<String> exec(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      Assumptions.abort(command[0] + " is not installed: " + e.getMessage());
      throw e;
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + p.exitValue());
    }
    List<String> lines = new ArrayList<>();
    for (String l : new String(out, StandardCharsets.UTF_8).split("\n")) {
      if (!l.isEmpty()) {
        lines.add(l);
      }
    }
    return lines;
  }
}
