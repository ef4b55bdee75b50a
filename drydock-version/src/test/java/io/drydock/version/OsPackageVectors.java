package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the conformance vectors of ../shared/conformance/versions for the OS package schemes. */
final class OsPackageVectors {
  private OsPackageVectors() {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One ordering row: {@code compare(a, b)} has the sign of {@code cmp}. */
  record Row(String file, int line, String a, String b, int cmp, String note) {
    /** {@code a OP b}. */
    String key() {
      return a + " " + op() + " " + b;
    }

    /** The row as the exception lists spell it: {@code file:line<TAB>a OP b}. */
    String id() {
      return file + ":" + line + "\t" + key();
    }

    String op() {
      return cmp < 0 ? "<" : cmp > 0 ? ">" : "=";
    }

    @Override
    public String toString() {
      return "\"" + a + "\" " + op() + " \"" + b + "\" (" + file + ":" + line + ")";
    }
  }

  /** One validity row. */
  record Validity(String file, int line, String version, boolean valid) {
    @Override
    public String toString() {
      return "\""
          + version
          + "\" "
          + (valid ? "valid" : "invalid")
          + " ("
          + file
          + ":"
          + line
          + ")";
    }
  }

  /** The shared vectors folder; fails (never skips) when it cannot be found. */
  static Path dir() {
    for (String candidate :
        List.of("../../shared/conformance/versions", "/work/shared/conformance/versions")) {
      Path p = Path.of(candidate);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return fail(
        "conformance vectors not found: tried ../../shared/conformance/versions and"
            + " /work/shared/conformance/versions from "
            + Path.of("").toAbsolutePath());
  }

  static List<JsonNode> lines(String file) {
    Path p = dir().resolve(file);
    try {
      List<JsonNode> out = new ArrayList<>();
      for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        if (!l.isBlank()) {
          out.add(JSON.readTree(l));
        }
      }
      assertThat(out).as("rows in %s", p).isNotEmpty();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("reading vectors " + p, e);
    }
  }

  static List<Row> rows(String file) {
    List<JsonNode> nodes = lines(file);
    List<Row> out = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode n = nodes.get(i);
      out.add(
          new Row(
              file,
              i + 1,
              n.get("a").asString(),
              n.get("b").asString(),
              n.get("cmp").asInt(),
              n.has("note") ? n.get("note").asString() : null));
    }
    return out;
  }

  static List<Validity> validity(String file) {
    List<JsonNode> nodes = lines(file);
    List<Validity> out = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode n = nodes.get(i);
      out.add(new Validity(file, i + 1, n.get("version").asString(), n.get("valid").asBoolean()));
    }
    return out;
  }

  /** Each row as its own named test case. */
  static Stream<Arguments> cases(String... files) {
    return Stream.of(files)
        .flatMap(f -> rows(f).stream())
        .map(r -> Arguments.of(Named.of(r.toString(), r)));
  }

  static Stream<Arguments> validityCases(String file) {
    return validity(file).stream().map(v -> Arguments.of(Named.of(v.toString(), v)));
  }

  /**
   * Checks one row in both directions, and that equal versions have equal hash codes. Rows whose
   * key is in {@code rejected} must instead have at least one side the scheme refuses (and every
   * other row must parse on both sides).
   */
  static void check(VersionScheme scheme, Row row, Set<String> rejected) {
    if (rejected.contains(row.id())) {
      boolean aValid = valid(scheme, row.a());
      boolean bValid = valid(scheme, row.b());
      assertThat(aValid && bValid)
          .as("listed as rejected, but both sides parse: %s", row)
          .isFalse();
      if (!aValid) {
        assertThatThrownBy(() -> scheme.parse(row.a()))
            .isInstanceOf(InvalidVersionException.class)
            .hasMessageContaining(scheme.name())
            .hasMessageContaining(row.a());
      }
      return;
    }
    Version a = scheme.parse(row.a());
    Version b = scheme.parse(row.b());
    assertThat(Integer.signum(a.compareTo(b))).as("compare(a, b) for %s", row).isEqualTo(row.cmp());
    assertThat(Integer.signum(b.compareTo(a)))
        .as("compare(b, a) for %s", row)
        .isEqualTo(-row.cmp());
    assertThat(Integer.signum(scheme.compare(row.a(), row.b()))).isEqualTo(row.cmp());
    assertThat(a.equals(b)).as("equals for %s", row).isEqualTo(row.cmp() == 0);
    if (row.cmp() == 0) {
      assertThat(a.hashCode()).as("hashCode for %s", row).isEqualTo(b.hashCode());
    }
    assertThat(a.raw()).isEqualTo(row.a());
    assertThat(a.scheme()).isSameAs(scheme);
  }

  static boolean valid(VersionScheme scheme, String raw) {
    try {
      scheme.parse(raw);
      return true;
    } catch (InvalidVersionException e) {
      return false;
    }
  }

  /** Every listed exception names a row that exists, so the lists cannot go stale. */
  static void assertAllListed(Set<String> listed, String... files) {
    Set<String> ids = new HashSet<>();
    for (String f : files) {
      rows(f).forEach(r -> ids.add(r.id()));
    }
    assertThat(ids).containsAll(listed);
  }

  /** Reads a list of row ids from a test resource; {@code #} starts a comment line. */
  static Set<String> listResource(String name) {
    try (InputStream in = OsPackageVectors.class.getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      Set<String> out = new HashSet<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isBlank() && !l.startsWith("#")) {
          out.add(l);
        }
      }
      return Set.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + name, e);
    }
  }

  /**
   * Checks that {@code equals} and {@code hashCode} agree with {@code compareTo} over every pair of
   * distinct valid versions in {@code files}.
   */
  static void assertHashConsistent(VersionScheme scheme, String... files) {
    Set<String> raws = new HashSet<>();
    for (String f : files) {
      for (Row r : rows(f)) {
        raws.add(r.a());
        raws.add(r.b());
      }
    }
    List<Version> versions =
        raws.stream().filter(r -> valid(scheme, r)).map(scheme::parse).toList();
    assertThat(versions).hasSizeGreaterThan(10);
    for (Version a : versions) {
      for (Version b : versions) {
        boolean same = a.compareTo(b) == 0;
        assertThat(a.equals(b)).as("equals(%s, %s)", a, b).isEqualTo(same);
        if (same) {
          assertThat(a.hashCode()).as("hashCode of %s and %s", a, b).isEqualTo(b.hashCode());
        }
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
      }
    }
  }
}
