package io.drydock.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Where the container images are in the objects the webhook admits: Pods and every pod-template
 * owner. Stateless.
 */
final class PodImages {
  /** The JSON Pointer of the pod spec in an object of each kind this webhook checks. */
  static final Map<String, String> POD_SPEC =
      Map.of(
          "Pod", "/spec",
          "Deployment", "/spec/template/spec",
          "ReplicaSet", "/spec/template/spec",
          "StatefulSet", "/spec/template/spec",
          "DaemonSet", "/spec/template/spec",
          "Job", "/spec/template/spec",
          "CronJob", "/spec/jobTemplate/spec/template/spec",
          "ReplicationController", "/spec/template/spec");

  /** The JSON Pointer of the metadata the pods get, for annotations such as break-glass. */
  static final Map<String, String> POD_METADATA =
      Map.of(
          "Pod", "/metadata",
          "Deployment", "/spec/template/metadata",
          "ReplicaSet", "/spec/template/metadata",
          "StatefulSet", "/spec/template/metadata",
          "DaemonSet", "/spec/template/metadata",
          "Job", "/spec/template/metadata",
          "CronJob", "/spec/jobTemplate/spec/template/metadata",
          "ReplicationController", "/spec/template/metadata");

  private static final List<String> CONTAINER_LISTS =
      List.of("initContainers", "containers", "ephemeralContainers");

  private PodImages() {}

  /**
   * One container's image.
   *
   * @param pointer the JSON Pointer of the {@code image} field in the object
   * @param container the container's name
   * @param image the image as written
   */
  record ContainerImage(String pointer, String container, String image) {}

  /** Whether the webhook knows where the images of {@code kind} are. */
  static boolean known(String kind) {
    return POD_SPEC.containsKey(kind);
  }

  /**
   * The images of {@code object}, a {@code kind} object, in container-list order (init, regular,
   * ephemeral); containers without an image are skipped (the API server rejects them anyway).
   */
  static List<ContainerImage> of(String kind, JsonNode object) {
    String specPointer = POD_SPEC.get(kind);
    if (specPointer == null || object == null) {
      return List.of();
    }
    JsonNode spec = object.at(specPointer);
    List<ContainerImage> out = new ArrayList<>();
    for (String list : CONTAINER_LISTS) {
      JsonNode cs = spec.path(list);
      for (int i = 0; i < cs.size(); i++) {
        JsonNode image = cs.get(i).path("image");
        if (image.isString() && !image.asString().isBlank()) {
          out.add(
              new ContainerImage(
                  specPointer + "/" + list + "/" + i + "/image",
                  cs.get(i).path("name").asString(""),
                  image.asString()));
        }
      }
    }
    return out;
  }
}
