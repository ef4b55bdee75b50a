package io.drydock.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PodImagesTest {
  static JsonNode podSpec(String... images) {
    StringBuilder cs = new StringBuilder();
    for (int i = 0; i < images.length; i++) {
      cs.append(i == 0 ? "" : ",")
          .append("{\"name\":\"c")
          .append(i)
          .append("\",\"image\":\"")
          .append(images[i])
          .append("\"}");
    }
    return Json.MAPPER.readTree(
        "{\"initContainers\":[{\"name\":\"init\",\"image\":\"busybox:1\"}],\"containers\":["
            + cs
            + "],\"ephemeralContainers\":[{\"name\":\"dbg\",\"image\":\"debug:2\"}]}");
  }

  @Test
  void everyPodTemplateOwnerHasItsPodSpecFound() {
    String spec = podSpec("app:1", "side:2").toString();
    String template = "{\"metadata\":{},\"spec\":" + spec + "}";
    record Case(String kind, String json, String prefix) {}
    List<Case> cases =
        List.of(
            new Case("Pod", "{\"spec\":" + spec + "}", "/spec"),
            new Case(
                "Deployment", "{\"spec\":{\"template\":" + template + "}}", "/spec/template/spec"),
            new Case(
                "ReplicaSet", "{\"spec\":{\"template\":" + template + "}}", "/spec/template/spec"),
            new Case(
                "StatefulSet", "{\"spec\":{\"template\":" + template + "}}", "/spec/template/spec"),
            new Case(
                "DaemonSet", "{\"spec\":{\"template\":" + template + "}}", "/spec/template/spec"),
            new Case("Job", "{\"spec\":{\"template\":" + template + "}}", "/spec/template/spec"),
            new Case(
                "CronJob",
                "{\"spec\":{\"jobTemplate\":{\"spec\":{\"template\":" + template + "}}}}",
                "/spec/jobTemplate/spec/template/spec"));
    for (Case c : cases) {
      List<PodImages.ContainerImage> images =
          PodImages.of(c.kind(), Json.MAPPER.readTree(c.json()));
      assertThat(images)
          .as(c.kind())
          .extracting(PodImages.ContainerImage::pointer, PodImages.ContainerImage::image)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  c.prefix() + "/initContainers/0/image", "busybox:1"),
              org.assertj.core.groups.Tuple.tuple(c.prefix() + "/containers/0/image", "app:1"),
              org.assertj.core.groups.Tuple.tuple(c.prefix() + "/containers/1/image", "side:2"),
              org.assertj.core.groups.Tuple.tuple(
                  c.prefix() + "/ephemeralContainers/0/image", "debug:2"));
    }
  }

  @Test
  void oddShapesGiveNoImagesRatherThanErrors() {
    assertThat(PodImages.known("Service")).isFalse();
    assertThat(PodImages.of("Service", Json.MAPPER.readTree("{}"))).isEmpty();
    assertThat(PodImages.of("Pod", null)).isEmpty();
    for (String odd :
        List.of(
            "{}",
            "{\"spec\":\"nope\"}",
            "{\"spec\":{\"containers\":\"nope\"}}",
            "{\"spec\":{\"containers\":[1,null,{\"image\":7},{\"image\":\"\"},{\"name\":\"x\"}]}}")) {
      assertThat(PodImages.of("Pod", Json.MAPPER.readTree(odd))).as(odd).isEmpty();
    }
  }
}
