package io.drydock.sbom.engine;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractor;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInput;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small extractor for engine tests: files {@code <prefix>/**.txt} hold one package per line,
 * {@code name version [owned-path...]}; a line {@code fail} makes the extractor throw. Real
 * extractors are tested on real data in their own tests; this one isolates the engine's merging.
 */
final class LineExtractor implements Extractor {
  private final String name;
  private final String prefix;

  LineExtractor(String name, String prefix) {
    this.name = name;
    this.prefix = prefix;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(FileInfo f) {
    return f.path().startsWith(prefix + "/") && f.path().endsWith(".txt");
  }

  @Override
  public ExtractResult extract(FileInput in, ExtractContext ctx) throws IOException {
    String text = new String(in.readAll(1 << 20), StandardCharsets.UTF_8);
    List<Package> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.equals("fail")) {
        throw new IOException(in.info().path() + " says fail");
      }
      String[] f = line.trim().split(" ");
      List<String> files = Arrays.asList(f).subList(2, f.length);
      out.add(
          new Package(
              "generic", f[0], f[1], null, null, null, null, in.info().path(), files, null));
    }
    return ExtractResult.of(out);
  }
}
