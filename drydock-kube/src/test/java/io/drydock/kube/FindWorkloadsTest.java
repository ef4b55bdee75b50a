package io.drydock.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FindWorkloadsTest {
  static final String SHA1 = "sha256:" + "1".repeat(64);
  static final String SHA2 = "sha256:" + "2".repeat(64);
  static final String SHA3 = "sha256:" + "3".repeat(64);
  static final String SHA4 = "sha256:" + "4".repeat(64);
  static final String NGINX_DIGEST = "docker.io/library/nginx@" + "sha256:" + "a".repeat(64);

  static MockCluster cluster;
  static final Predicate<String> NGINX = ImageName.sameRepository("nginx");

  @BeforeAll
  static void cluster() {
    cluster = new MockCluster();
    var c = cluster.client;
    // shop/web: nginx by tag in containers[0], an envoy sidecar, nginx in initContainers[0]
    PodSpec web = MockCluster.podSpec("nginx:1.25", "envoyproxy/envoy:v1.30");
    web.setInitContainers(
        List.of(new ContainerBuilder().withName("init").withImage("nginx:1.25-alpine").build()));
    cluster.deployment("shop", "web", 2, web);
    // a different repository called nginx on another registry, and a registry with a port
    cluster.deployment("shop", "mirror", 1, MockCluster.podSpec("registry.example.com/nginx:1.25"));
    cluster.deployment("shop", "local", 1, MockCluster.podSpec("myregistry:5000/library/nginx"));
    c.apps()
        .statefulSets()
        .inNamespace("shop")
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("db")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "db")
                .endSelector()
                .withNewTemplate()
                .withSpec(MockCluster.podSpec("postgres:16"))
                .endTemplate()
                .endSpec()
                .build())
        .create();
    c.apps()
        .daemonSets()
        .inNamespace("ops")
        .resource(
            new DaemonSetBuilder()
                .withNewMetadata()
                .withNamespace("ops")
                .withName("agent")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "agent")
                .endSelector()
                .withNewTemplate()
                .withSpec(MockCluster.podSpec("fluent/fluent-bit:3.0", NGINX_DIGEST))
                .endTemplate()
                .endSpec()
                .build())
        .create();
    c.batch()
        .v1()
        .cronjobs()
        .inNamespace("batch")
        .resource(
            new CronJobBuilder()
                .withNewMetadata()
                .withNamespace("batch")
                .withName("report")
                .endMetadata()
                .withNewSpec()
                .withSchedule("0 * * * *")
                .withNewJobTemplate()
                .withNewSpec()
                .withNewTemplate()
                .withSpec(MockCluster.podSpec("nginx"))
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build())
        .create();
    // a bare pod (no controller), and pods owned by web's ReplicaSet with their resolved digests
    cluster.pod(
        "shop", "debug", Map.of("app", "debug"), false, "index.docker.io/library/nginx:1.24");
    cluster.pod(
        "shop", "web-1", Map.of("app", "web"), true, "nginx:1.25", "envoyproxy/envoy:v1.30");
    cluster.pod(
        "shop", "web-2", Map.of("app", "web"), true, "nginx:1.25", "envoyproxy/envoy:v1.30");
    cluster.pod(
        "shop", "web-3", Map.of("app", "web"), true, "nginx:1.25", "envoyproxy/envoy:v1.30");
    cluster.podStatus(
        "shop",
        "web-1",
        0,
        "docker.io/library/nginx:1.25",
        "docker-pullable://nginx@" + SHA1,
        true);
    cluster.podStatus(
        "shop",
        "web-2",
        0,
        "docker.io/library/nginx:1.25",
        "docker.io/library/nginx@" + SHA2,
        true);
    cluster.podStatus(
        "shop",
        "web-3",
        0,
        "docker.io/library/nginx:1.25",
        "docker.io/library/nginx@" + SHA2,
        true);
    // same labels, other namespace; other labels, same namespace: neither belongs to shop/web
    cluster.pod("other", "web-x", Map.of("app", "web"), true, "nginx:1.25");
    cluster.podStatus("other", "web-x", 0, "nginx:1.25", "docker.io/library/nginx@" + SHA3, true);
    cluster.pod("shop", "api-1", Map.of("app", "api"), true, "nginx:1.25");
    cluster.podStatus("shop", "api-1", 0, "nginx:1.25", "docker.io/library/nginx@" + SHA4, true);
  }

  @AfterAll
  static void close() {
    cluster.close();
  }

  @Test
  void findsExactlyTheContainersOfTheRepositoryInEveryKind() throws Exception {
    List<WorkloadContainer> found = cluster.workloads().using(NGINX);

    assertThat(found)
        .extracting(
            w -> w.workload().toString(),
            WorkloadContainer::container,
            WorkloadContainer::list,
            WorkloadContainer::image,
            WorkloadContainer::pointer)
        .containsExactly(
            tuple(
                "CronJob batch/report",
                "c0",
                ContainerList.CONTAINERS,
                "nginx",
                "/spec/jobTemplate/spec/template/spec/containers/0/image"),
            tuple(
                "DaemonSet ops/agent",
                "c1",
                ContainerList.CONTAINERS,
                NGINX_DIGEST,
                "/spec/template/spec/containers/1/image"),
            tuple(
                "Deployment shop/web",
                "c0",
                ContainerList.CONTAINERS,
                "nginx:1.25",
                "/spec/template/spec/containers/0/image"),
            tuple(
                "Deployment shop/web",
                "init",
                ContainerList.INIT_CONTAINERS,
                "nginx:1.25-alpine",
                "/spec/template/spec/initContainers/0/image"),
            tuple(
                "Pod shop/debug",
                "c0",
                ContainerList.CONTAINERS,
                "index.docker.io/library/nginx:1.24",
                "/spec/containers/0/image"));
  }

  @Test
  void ownedPodsAreNotBareWorkloads() throws Exception {
    assertThat(cluster.workloads().using(NGINX))
        .extracting(w -> w.workload().name())
        .doesNotContain("web-1", "web-2", "web-3", "web-x", "api-1")
        .contains("debug");
  }

  @Test
  void onlyTheConfiguredNamespacesAreSearched() throws Exception {
    assertThat(cluster.workloads("ops", "batch").using(NGINX))
        .extracting(w -> w.workload().toString())
        .containsExactly("CronJob batch/report", "DaemonSet ops/agent");
  }

  @Test
  void runningDigestsOfADeploymentUsingATagComeFromItsPods() throws Exception {
    WorkloadContainer web =
        cluster.workloads("shop").using(NGINX).stream()
            .filter(w -> w.workload().name().equals("web") && w.list() == ContainerList.CONTAINERS)
            .findFirst()
            .orElseThrow();

    assertThat(web.running())
        .extracting(RunningImage::pod, RunningImage::digest)
        .containsExactlyInAnyOrder(
            tuple("web-1", SHA1), tuple("web-2", SHA2), tuple("web-3", SHA2));
    assertThat(web.runningDigests()).containsExactlyInAnyOrder(SHA1, SHA2);
  }

  @Test
  void aPredicateOnTheImageAsWrittenSeesTagsAndDigests() throws Exception {
    assertThat(cluster.workloads().using(image -> image.contains("@sha256:")))
        .extracting(w -> w.workload().toString())
        .containsExactly("DaemonSet ops/agent");
    assertThat(cluster.workloads().using(ImageName.sameRepository("postgres")))
        .extracting(w -> w.workload().toString(), WorkloadContainer::running)
        .containsExactly(tuple("StatefulSet shop/db", List.of()));
  }
}
