package io.drydock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;

/**
 * Golden files for output formats: {@code src/test/resources/golden/<name>} of the module under
 * test (surefire runs tests in the module's directory). Run with {@code
 * -Ddrydock.golden.update=true} to (re)write them from the actual output, then review the diff.
 */
public final class Golden {
  private Golden() {}

  /** Asserts that {@code actual} equals the golden file {@code name}, or rewrites it on update. */
  public static void assertMatches(String name, String actual) {
    Path file = Path.of("src", "test", "resources", "golden", name);
    try {
      if (Boolean.getBoolean("drydock.golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.isRegularFile(file)) {
        Assertions.fail(
            "golden file "
                + file.toAbsolutePath()
                + " is missing: run with -Ddrydock.golden.update=true");
      }
      Assertions.assertEquals(
          Files.readString(file, StandardCharsets.UTF_8),
          actual,
          "output differs from golden file "
              + file
              + " (-Ddrydock.golden.update=true rewrites it)");
    } catch (IOException e) {
      throw new UncheckedIOException("golden file " + file, e);
    }
  }
}
