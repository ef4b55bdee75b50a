package io.drydock.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real advisories in ../shared/advisories (see its README); tests fail when they are absent.
 */
final class SharedAdvisories {
  private SharedAdvisories() {}

  static Path root() {
    for (Path p : List.of(Path.of("../../shared/advisories"), Path.of("/work/shared/advisories"))) {
      if (Files.isDirectory(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new AssertionError(
        "../../shared/advisories (or /work/shared/advisories) is missing: the tests need it");
  }

  /** Every record file: ghsa/, pypa/ and alpine/osv/ (not alpine/source/, which is secdb). */
  static List<Path> recordFiles() {
    Path root = root();
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> all =
          files
              .filter(p -> p.toString().endsWith(".json"))
              .filter(p -> !root.relativize(p).startsWith("alpine/source"))
              .sorted()
              .toList();
      assertThat(all).as("records under %s", root).isNotEmpty();
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record at {@code relative} (e.g. {@code ghsa/GHSA-jfh8-c2jp-5v3q.json}). */
  static Advisory load(String relative) {
    Path p = root().resolve(relative);
    try {
      return OsvParser.parse(Files.readAllBytes(p), relative);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Advisory ghsa(String id) {
    return load("ghsa/" + id + ".json");
  }
}
