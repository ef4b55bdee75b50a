package io.drydock.kube;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fabric8 CRUD mock server, with two corrections so it answers as the API server does: a failed
 * JSON patch {@code test} is 422 (the mock leaves the request unanswered), and patches can be
 * refused with 403 to play a service account without the {@code patch} verb.
 */
final class MockCluster implements AutoCloseable {
  /** Strong references: JUL forgets loggers nobody holds, and with them their level. */
  private static final List<Logger> QUIET =
      List.of(Logger.getLogger("io.fabric8.mockwebserver"), Logger.getLogger("io.vertx"));

  static {
    QUIET.forEach(l -> l.setLevel(Level.WARNING));
  }

  static final Instant NOW = Instant.parse("2026-11-29T10:15:30Z");

  final KubernetesMockServer server;
  final KubernetesClient client;
  volatile boolean forbidPatches;

  MockCluster() {
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new Dispatcher(), false);
    server.init();
    client = server.createClient(new JdkHttpClientFactory());
  }

  Fabric8Workloads workloads(String... namespaces) {
    return new Fabric8Workloads(
        client,
        List.of(namespaces),
        Clock.fixed(NOW, ZoneOffset.UTC),
        Duration.ofMillis(20),
        Duration.ofMillis(100));
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private final class Dispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse handlePatch(RecordedRequest request) {
      if (forbidPatches) {
        return status(
            403,
            "Forbidden",
            "deployments.apps is forbidden: User \"system:serviceaccount:drydock:refresh\" cannot"
                + " patch resource \"deployments\" in API group \"apps\" in the namespace");
      }
      try {
        return super.handlePatch(request);
      } catch (RuntimeException e) { // zjsonpatch: a test op failed or a path is missing
        return status(422, "", e.getMessage());
      }
    }

    private MockResponse status(int code, String reason, String message) {
      Status s =
          new StatusBuilder()
              .withStatus("Failure")
              .withCode(code)
              .withReason(reason)
              .withMessage(message)
              .build();
      return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(s));
    }
  }

  // ------------------------------------------------------------------ builders

  static PodSpec podSpec(String... containerImages) {
    PodSpecBuilder b = new PodSpecBuilder();
    for (int i = 0; i < containerImages.length; i++) {
      b.addToContainers(
          new ContainerBuilder().withName("c" + i).withImage(containerImages[i]).build());
    }
    return b.build();
  }

  Deployment deployment(String ns, String name, int replicas, PodSpec spec) {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .addToAnnotations("team", "shop")
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withSpec(spec)
            .endTemplate()
            .endSpec()
            .build();
    return client.apps().deployments().inNamespace(ns).resource(d).create();
  }

  /** A pod owned by a ReplicaSet, with one container status per {@code imageIds} entry. */
  Pod pod(String ns, String name, Map<String, String> labels, boolean owned, String... images) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .withLabels(labels)
            .endMetadata()
            .withSpec(podSpec(images));
    if (owned) {
      b.editMetadata()
          .addToOwnerReferences(
              new OwnerReferenceBuilder()
                  .withApiVersion("apps/v1")
                  .withKind("ReplicaSet")
                  .withName(name + "-rs")
                  .withUid("uid-" + name)
                  .withController(true)
                  .build())
          .endMetadata();
    }
    return client.pods().inNamespace(ns).resource(b.build()).create();
  }

  /** Sets container c{@code index}'s status of a pod as the kubelet would. */
  void podStatus(String ns, String name, int index, String image, String imageId, boolean ready) {
    client
        .pods()
        .inNamespace(ns)
        .withName(name)
        .editStatus(
            p -> {
              p.setStatus(
                  new io.fabric8.kubernetes.api.model.PodStatusBuilder(
                          p.getStatus() == null
                              ? new io.fabric8.kubernetes.api.model.PodStatus()
                              : p.getStatus())
                      .addNewContainerStatus()
                      .withName("c" + index)
                      .withImage(image)
                      .withImageID(imageId)
                      .withReady(ready)
                      .endContainerStatus()
                      .build());
              return p;
            });
  }
}
