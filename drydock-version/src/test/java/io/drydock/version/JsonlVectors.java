package io.drydock.version;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the conformance vectors in {@code ../shared/conformance/versions}. The folder must exist: a
 * missing folder fails the tests instead of skipping them.
 */
final class JsonlVectors {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<Path> CANDIDATES =
      List.of(
          Path.of("../../shared/conformance/versions"),
          Path.of("/work/shared/conformance/versions"));

  private JsonlVectors() {}

  /** One line of a vector file, with its file name and 1-based line number. */
  record Row(String file, int line, JsonNode json) {
    String text(String field) {
      JsonNode n = json.get(field);
      return n == null || !n.isString() ? null : n.asString();
    }

    int integer(String field) {
      return json.get(field).asInt();
    }

    boolean bool(String field) {
      return json.get(field).asBoolean();
    }

    boolean option(String name) {
      JsonNode options = json.get("options");
      return options != null && options.has(name) && options.get(name).asBoolean();
    }

    String note() {
      String note = text("note");
      return note == null ? "" : note;
    }

    /** {@code "a" OP "b"} with OP from {@code cmp}, plus file and line. */
    String comparisonName() {
      int cmp = integer("cmp");
      String op = cmp < 0 ? "<" : cmp > 0 ? ">" : "==";
      return "\"" + text("a") + "\" " + op + " \"" + text("b") + "\"" + options() + where();
    }

    String options() {
      JsonNode options = json.get("options");
      return options == null ? "" : " " + options;
    }

    String where() {
      return " (" + file + ":" + line + ")";
    }
  }

  static Path folder() {
    for (Path p : CANDIDATES) {
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return fail("conformance vectors not found; tried " + CANDIDATES);
  }

  static List<Row> read(String file) {
    Path path = folder().resolve(file);
    try {
      List<String> lines = Files.readAllLines(path);
      List<Row> rows = new ArrayList<>(lines.size());
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).isBlank()) {
          rows.add(new Row(file, i + 1, JSON.readTree(lines.get(i))));
        }
      }
      if (rows.isEmpty()) {
        fail("no vectors in " + path);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("reading vectors " + path, e);
    }
  }
}
