package io.drydock.vuln.match;

import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import io.drydock.vuln.store.AdvisoryImporter;
import io.drydock.vuln.store.AdvisoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stores built from the real advisories in ../shared/advisories (ghsa/, pypa/, alpine/osv/; see its
 * README) plus, where a test says so, modified copies of real records; and small SBOMs.
 */
final class MatchTestData {
  private MatchTestData() {}

  static final JsonMapper JSON = JsonMapper.builder().build();

  static final OsInfo ALPINE_3_19 = new OsInfo("alpine", "3.19.1", null, null, "etc/os-release");
  static final OsInfo DEBIAN_12 = new OsInfo("debian", "12", null, "bookworm", "etc/os-release");

  static Path advisories() {
    for (Path p : List.of(Path.of("../../shared/advisories"), Path.of("/work/shared/advisories"))) {
      if (Files.isDirectory(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new AssertionError(
        "../../shared/advisories (or /work/shared/advisories) is missing: the tests need it");
  }

  /** The record at {@code relative} as a mutable JSON object. */
  static ObjectNode record(String relative) {
    try {
      return (ObjectNode) JSON.readTree(Files.readString(advisories().resolve(relative)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the real record at {@code relative}, changed by {@code change}. */
  static ObjectNode modified(String relative, Consumer<ObjectNode> change) {
    ObjectNode r = record(relative);
    change.accept(r);
    return r;
  }

  /**
   * Imports ghsa/, pypa/ and alpine/osv/ into {@code dir}/advisories.db, then {@code extra} records
   * (written as files) in a second import, so an extra with a real id and a later {@code modified}
   * replaces the real one.
   */
  static Path store(Path dir, List<ObjectNode> extra) throws IOException {
    Path db = dir.resolve("db").resolve(AdvisoryStore.FILE_NAME);
    Path root = advisories();
    new AdvisoryImporter(db)
        .importPaths(
            List.of(root.resolve("ghsa"), root.resolve("pypa"), root.resolve("alpine/osv")));
    if (!extra.isEmpty()) {
      Path extras = Files.createDirectories(dir.resolve("extra"));
      List<Path> files = new ArrayList<>();
      for (ObjectNode r : extra) {
        Path f = extras.resolve(r.get("id").asString() + ".json");
        Files.writeString(f, JSON.writeValueAsString(r), StandardCharsets.UTF_8);
        files.add(f);
      }
      new AdvisoryImporter(db).importPaths(files);
    }
    return db;
  }

  /** A record parsed from JSON text. */
  static ObjectNode json(String text) {
    return (ObjectNode) JSON.readTree(text);
  }

  static final List<LayerInfo> LAYERS =
      List.of(
          new LayerInfo(0, "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "base", true),
          new LayerInfo(1, "sha256:" + "c".repeat(64), "sha256:" + "d".repeat(64), "app", false));

  static final BaseImage BASE = new BaseImage(BaseImage.Rule.FLAG, "alpine:3.19", null, 1, null);

  static Sbom sbom(OsInfo os, List<Component> components) {
    return new Sbom(
        new Subject("test:1", null, "linux", "amd64", null, Map.of()),
        os,
        BASE,
        LAYERS,
        components,
        List.of());
  }

  /** A language package in the app layer, not OS-owned. */
  static Component app(String type, String name, String version) {
    return new Component(
        Package.of(type, name, version, "app/" + name + "-" + version), "x", 1, false);
  }

  /** An OS package: name, source (origin) name and version, in {@code layer}. */
  static Component os(String type, String name, String source, String version, int layer) {
    return new Component(
        new Package(
            type,
            name,
            version,
            "x86_64",
            source,
            version,
            null,
            "lib/apk/db/installed",
            List.of(),
            Map.of()),
        "os/" + type,
        layer,
        false);
  }
}
