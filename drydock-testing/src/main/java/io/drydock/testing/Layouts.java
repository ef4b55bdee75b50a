package io.drydock.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes OCI layouts (directory or tar) from blobs; package-private helper of {@link TestImages}.
 */
final class Layouts {
  private Layouts() {}

  static final byte[] OCI_LAYOUT =
      "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

  static void write(Path dir, Map<String, Object> blobs, ObjectNode descriptor, String refName) {
    try {
      Files.createDirectories(dir.resolve("blobs/sha256"));
      Files.write(dir.resolve("oci-layout"), OCI_LAYOUT);
      for (Map.Entry<String, Object> b : blobs.entrySet()) {
        Path target = dir.resolve("blobs/sha256").resolve(TestImages.hex(b.getKey()));
        if (b.getValue() instanceof byte[] bytes) {
          Files.write(target, bytes);
        } else {
          Files.copy(
              (Path) b.getValue(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Path indexFile = dir.resolve("index.json");
      ObjectNode index =
          Files.exists(indexFile)
              ? (ObjectNode) TestImages.JSON.readTree(Files.readAllBytes(indexFile))
              : TestImages.JSON.createObjectNode();
      Files.write(
          indexFile, TestImages.JSON.writeValueAsBytes(withEntry(index, descriptor, refName)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode withEntry(ObjectNode index, ObjectNode descriptor, String refName) {
    index.put("schemaVersion", 2);
    index.put("mediaType", TestImages.OCI_INDEX);
    ArrayNode kept = TestImages.JSON.createArrayNode();
    for (JsonNode e : index.path("manifests")) {
      if (refName == null
          || !refName.equals(e.path("annotations").path(TestImages.REF_NAME).asString(null))) {
        kept.add(e);
      }
    }
    ObjectNode d = descriptor.deepCopy();
    if (refName != null) {
      d.putObject("annotations").put(TestImages.REF_NAME, refName);
    }
    kept.add(d);
    index.set("manifests", kept);
    return index;
  }

  static void writeArchive(
      Path file, Map<String, Object> blobs, ObjectNode descriptor, String refName) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("oci-layout", OCI_LAYOUT);
    members.put(
        "index.json",
        TestImages.JSON.writeValueAsBytes(
            withEntry(TestImages.JSON.createObjectNode(), descriptor, refName)));
    members.put("blobs/", null);
    members.put("blobs/sha256/", null);
    blobs.forEach((k, v) -> members.put("blobs/sha256/" + TestImages.hex(k), v));
    writeTar(file, members);
  }

  /** Writes a tar of {@code members} (name → byte[], Path, or null for a directory). */
  static void writeTar(Path file, Map<String, Object> members) {
    try (OutputStream os = Files.newOutputStream(file);
        TarArchiveOutputStream tar = TestImages.tarOut(os)) {
      for (Map.Entry<String, Object> m : members.entrySet()) {
        Object v = m.getValue();
        TarArchiveEntry e =
            new TarArchiveEntry(
                m.getKey(), v == null ? TarConstants.LF_DIR : TarConstants.LF_NORMAL, true);
        e.setLastModifiedTime(FileTime.fromMillis(0));
        e.setUserName("");
        e.setGroupName("");
        if (v instanceof String target) { // symlink
          e = new TarArchiveEntry(m.getKey(), TarConstants.LF_SYMLINK, true);
          e.setLinkName(target);
          e.setLastModifiedTime(FileTime.fromMillis(0));
          e.setUserName("");
          e.setGroupName("");
        } else if (v instanceof byte[] b) {
          e.setSize(b.length);
        } else if (v instanceof Path p) {
          e.setSize(Files.size(p));
        }
        tar.putArchiveEntry(e);
        if (v instanceof byte[] b) {
          tar.write(b);
        } else if (v instanceof Path p) {
          Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
