package io.drydock.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes docker-archive tars; package-private helper of {@link TestImages}. */
final class DockerArchives {
  private DockerArchives() {}

  static void write(Path file, TestImages.DockerFormat format, Map<String, TestImages> images) {
    Map<String, Object> members = new LinkedHashMap<>();
    ArrayNode manifest = TestImages.JSON.createArrayNode();
    ObjectNode repositories = TestImages.JSON.createObjectNode();
    ObjectNode index = TestImages.JSON.createObjectNode();
    if (format == TestImages.DockerFormat.BLOBS) {
      members.put("blobs/", null);
      members.put("blobs/sha256/", null);
    }
    for (Map.Entry<String, TestImages> img : images.entrySet()) {
      TestImages.Built b = img.getValue().build();
      ObjectNode entry = manifest.addObject();
      ArrayNode layers = TestImages.JSON.createArrayNode();
      if (format != TestImages.DockerFormat.BLOBS) {
        entry.put("Config", TestImages.hex(b.configDigest()) + ".json");
        members.put(TestImages.hex(b.configDigest()) + ".json", b.config());
        List<String> diffIds = b.diffIds();
        for (int i = 0; i < diffIds.size(); i++) {
          String id = TestImages.hex(diffIds.get(i));
          members.put(id + "/", null);
          members.put(id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
          if (format == TestImages.DockerFormat.LEGACY) {
            members.put(id + "/layer.tar", img.getValue().layerTar(i));
            layers.add(id + "/layer.tar");
          } else {
            members.put(id + ".tar", img.getValue().layerTar(i));
            members.put(id + "/layer.tar", "../" + id + ".tar"); // a String is a symlink target
            layers.add(i % 2 == 0 ? id + ".tar" : id + "/layer.tar"); // both spellings occur
          }
        }
        String repoTag = img.getKey();
        int colon = repoTag.lastIndexOf(':');
        ObjectNode repo =
            repositories.has(repoTag.substring(0, colon))
                ? (ObjectNode) repositories.get(repoTag.substring(0, colon))
                : repositories.putObject(repoTag.substring(0, colon));
        repo.put(repoTag.substring(colon + 1), TestImages.hex(diffIds.get(diffIds.size() - 1)));
      } else {
        b.blobSources().forEach((k, v) -> members.put("blobs/sha256/" + TestImages.hex(k), v));
        entry.put("Config", "blobs/sha256/" + TestImages.hex(b.configDigest()));
        for (String d : b.layerDigests()) {
          layers.add("blobs/sha256/" + TestImages.hex(d));
        }
        ObjectNode d = b.descriptor(TestImages.OCI_MANIFEST, true);
        d.putObject("annotations")
            .put("io.containerd.image.name", "docker.io/" + img.getKey())
            .put(TestImages.REF_NAME, img.getKey().substring(img.getKey().lastIndexOf(':') + 1));
        index.put("schemaVersion", 2);
        index.put("mediaType", TestImages.OCI_INDEX);
        (index.has("manifests") ? (ArrayNode) index.get("manifests") : index.putArray("manifests"))
            .add(d);
      }
      entry.putArray("RepoTags").add(img.getKey());
      entry.set("Layers", layers);
    }
    members.put("manifest.json", TestImages.JSON.writeValueAsBytes(manifest));
    if (format != TestImages.DockerFormat.BLOBS) {
      members.put("repositories", TestImages.JSON.writeValueAsBytes(repositories));
    } else {
      members.put("index.json", TestImages.JSON.writeValueAsBytes(index));
      members.put("oci-layout", Layouts.OCI_LAYOUT);
    }
    Layouts.writeTar(file, members);
  }
}
