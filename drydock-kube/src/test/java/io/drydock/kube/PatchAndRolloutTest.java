package io.drydock.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PatchAndRolloutTest {
  MockCluster cluster;
  Fabric8Workloads workloads;

  @BeforeEach
  void cluster() {
    cluster = new MockCluster();
    workloads = cluster.workloads();
  }

  @AfterEach
  void close() {
    cluster.close();
  }

  WorkloadContainer find(String kindAndName) throws KubeException {
    return workloads.using(i -> true).stream()
        .filter(w -> w.workload().toString().equals(kindAndName))
        .findFirst()
        .orElseThrow();
  }

  Deployment web() {
    return cluster.client.apps().deployments().inNamespace("shop").withName("web").get();
  }

  String webImage() {
    return web().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  // ------------------------------------------------------------------ patching

  @Test
  void patchWritesTheImageAndAnnotations() throws Exception {
    cluster.deployment("shop", "web", 2, MockCluster.podSpec("nginx:1.25"));
    WorkloadContainer target = find("Deployment shop/web");

    ImagePatch patch = workloads.setImage(target, "nginx:1.25@sha256:" + "b".repeat(64));

    Deployment stored = web();
    assertThat(webImage()).isEqualTo("nginx:1.25@sha256:" + "b".repeat(64));
    assertThat(stored.getMetadata().getAnnotations())
        .containsEntry(Fabric8Workloads.REFRESHED_FROM, "nginx:1.25")
        .containsEntry(Fabric8Workloads.REFRESHED_AT, "2026-11-29T10:15:30Z")
        .containsEntry("team", "shop"); // existing annotations are kept
    assertThat(patch.oldImage()).isEqualTo("nginx:1.25");
    assertThat(patch.generation()).isEqualTo(stored.getMetadata().getGeneration()).isEqualTo(2);
    assertThat(patch.resourceVersion()).isEqualTo(stored.getMetadata().getResourceVersion());
  }

  @Test
  void patchAddsTheAnnotationsMapWhenThereIsNone() throws Exception {
    createStatefulSet("OnDelete");
    WorkloadContainer target = find("StatefulSet shop/db");

    workloads.setImage(target, "postgres:16.4");

    StatefulSet stored =
        cluster.client.apps().statefulSets().inNamespace("shop").withName("db").get();
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("postgres:16.4");
    assertThat(stored.getMetadata().getAnnotations())
        .containsEntry(Fabric8Workloads.REFRESHED_FROM, "postgres:16");
  }

  @Test
  void aConcurrentChangeBeforeThePatchFailsCleanly() throws Exception {
    cluster.deployment("shop", "web", 2, MockCluster.podSpec("nginx:1.25"));
    WorkloadContainer target = find("Deployment shop/web");
    cluster
        .client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("web")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.27");
              return d;
            });

    assertThatThrownBy(() -> workloads.setImage(target, "nginx:1.26"))
        .isInstanceOfSatisfying(
            KubeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(KubeException.Reason.CONFLICT);
              assertThat(e.workload()).isEqualTo(target.workload());
            })
        .hasMessage(
            "Deployment shop/web: container c0 now runs 'nginx:1.27', not 'nginx:1.25' as read"
                + " (changed concurrently); not patched");
    assertThat(webImage()).isEqualTo("nginx:1.27");
  }

  @Test
  void theServerRefusesAPatchWhoseTestFails() throws Exception {
    // the race between our read and our patch: the patch's own test operation catches it
    cluster.deployment("shop", "web", 2, MockCluster.podSpec("nginx:1.27"));
    WorkloadContainer found = find("Deployment shop/web");
    WorkloadContainer stale =
        new WorkloadContainer(
            found.workload(),
            found.container(),
            found.list(),
            found.index(),
            "nginx:1.25",
            found.pointer(),
            List.of());

    assertThatThrownBy(
            () -> workloads.patchImage(stale, "nginx:1.26", true, "a.io/from", "a.io/at"))
        .isInstanceOfSatisfying(
            KubeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(KubeException.Reason.CONFLICT);
              assertThat(e.code()).isEqualTo(422);
              assertThat(e.getCause()).isNull();
            })
        .hasMessageStartingWith(
            "Deployment shop/web: the image changed since it was read (patch test failed); not"
                + " patched: ")
        .hasMessageNotContaining("\n");
    assertThat(webImage()).isEqualTo("nginx:1.27");
    assertThat(web().getMetadata().getAnnotations()).doesNotContainKey("a.io/from");
  }

  @Test
  void forbiddenPatchSaysWhichPermissionIsMissing() throws Exception {
    cluster.deployment("shop", "web", 2, MockCluster.podSpec("nginx:1.25"));
    WorkloadContainer target = find("Deployment shop/web");
    cluster.forbidPatches = true;

    assertThatThrownBy(() -> workloads.setImage(target, "nginx:1.26"))
        .isInstanceOfSatisfying(
            KubeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(KubeException.Reason.FORBIDDEN);
              assertThat(e.getCause()).isNull();
            })
        .hasMessage(
            "Deployment shop/web: the service account may not patch deployments in namespace shop"
                + " (403 Forbidden)");
  }

  @Test
  void aDeletedWorkloadIsNotFound() throws Exception {
    cluster.deployment("shop", "web", 2, MockCluster.podSpec("nginx:1.25"));
    WorkloadContainer target = find("Deployment shop/web");
    cluster.client.apps().deployments().inNamespace("shop").withName("web").delete();

    assertThatThrownBy(() -> workloads.setImage(target, "nginx:1.26"))
        .isInstanceOfSatisfying(
            KubeException.class,
            e -> assertThat(e.reason()).isEqualTo(KubeException.Reason.NOT_FOUND))
        .hasMessageStartingWith("Deployment shop/web: not found");
  }

  // ------------------------------------------------------------------ Deployments

  /** Plays the deployment controller: after a pause, writes each status in turn. */
  CompletableFuture<Void> controller(Runnable... steps) {
    return CompletableFuture.runAsync(
        () -> {
          for (Runnable step : steps) {
            sleep(150);
            step.run();
          }
        });
  }

  void deploymentStatus(int replicas, int updated, int available, String progressingReason) {
    cluster
        .client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("web")
        .editStatus(
            d -> {
              var b =
                  new DeploymentStatusBuilder()
                      .withObservedGeneration(d.getMetadata().getGeneration())
                      .withReplicas(replicas)
                      .withUpdatedReplicas(updated)
                      .withAvailableReplicas(available);
              if (progressingReason != null) {
                b.addNewCondition()
                    .withType("Progressing")
                    .withStatus("False")
                    .withReason(progressingReason)
                    .withMessage("ReplicaSet \"web-7d4\" has timed out progressing.")
                    .endCondition();
              }
              d.setStatus(b.build());
              return d;
            });
  }

  @Test
  void followSucceedsWhenTheControllerFinishes() throws Exception {
    cluster.deployment("shop", "web", 2, MockCluster.podSpec("nginx:1.25"));
    ImagePatch patch = workloads.setImage(find("Deployment shop/web"), "nginx:1.26");
    CompletableFuture<Void> controller =
        controller(
            () -> deploymentStatus(3, 1, 1, null), // 2 old replicas still there
            () -> deploymentStatus(2, 2, 1, null), // all updated, one not yet available
            () -> deploymentStatus(2, 2, 2, null));

    RolloutStatus status = workloads.follow(patch, Duration.ofSeconds(30));

    controller.get(10, TimeUnit.SECONDS);
    assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.SUCCEEDED);
    assertThat(status.workload()).hasToString("Deployment shop/web");
    assertThat(status.message()).contains("2 replicas");
  }

  @Test
  void followReportsAProgressDeadlineAndRollBackRestoresTheImage() throws Exception {
    cluster.deployment("shop", "web", 2, MockCluster.podSpec("nginx:1.25"));
    ImagePatch patch = workloads.setImage(find("Deployment shop/web"), "nginx:1.26");
    CompletableFuture<Void> controller =
        controller(() -> deploymentStatus(3, 1, 0, "ProgressDeadlineExceeded"));

    RolloutStatus status = workloads.follow(patch, Duration.ofSeconds(30));
    controller.get(10, TimeUnit.SECONDS);

    assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.FAILED);
    assertThat(status.message())
        .isEqualTo(
            "exceeded its progress deadline: ReplicaSet \"web-7d4\" has timed out progressing.");

    ImagePatch back = workloads.rollBack(patch);

    assertThat(webImage()).isEqualTo("nginx:1.25");
    assertThat(back.oldImage()).isEqualTo("nginx:1.26");
    assertThat(back.newImage()).isEqualTo("nginx:1.25");
    assertThat(back.generation()).isGreaterThan(patch.generation());
    assertThat(web().getMetadata().getAnnotations())
        .containsEntry(Fabric8Workloads.ROLLED_BACK_FROM, "nginx:1.26")
        .containsEntry(Fabric8Workloads.REFRESHED_FROM, "nginx:1.25");
  }

  @Test
  void rollBackRefusesWhenSomeoneElseChangedTheImage() throws Exception {
    cluster.deployment("shop", "web", 2, MockCluster.podSpec("nginx:1.25"));
    ImagePatch patch = workloads.setImage(find("Deployment shop/web"), "nginx:1.26");
    cluster
        .client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("web")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.28");
              return d;
            });

    assertThatThrownBy(() -> workloads.rollBack(patch))
        .isInstanceOf(KubeException.class)
        .hasMessageContaining("now runs 'nginx:1.28', not 'nginx:1.26'");
    assertThat(webImage()).isEqualTo("nginx:1.28");
  }

  @Test
  void followTimesOutWhenTheStatusNeverChanges() throws Exception {
    cluster.deployment("shop", "web", 2, MockCluster.podSpec("nginx:1.25"));
    ImagePatch patch = workloads.setImage(find("Deployment shop/web"), "nginx:1.26");

    RolloutStatus status = workloads.follow(patch, Duration.ofMillis(300));

    assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.TIMED_OUT);
    assertThat(status.message())
        .startsWith("not done after PT0.3S: waiting for the controller to observe generation 2");
  }

  @Test
  void followIsCancelledByInterrupt() throws Exception {
    cluster.deployment("shop", "web", 2, MockCluster.podSpec("nginx:1.25"));
    ImagePatch patch = workloads.setImage(find("Deployment shop/web"), "nginx:1.26");
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread follower =
        new Thread(
            () -> {
              try {
                workloads.follow(patch, Duration.ofMinutes(5));
                outcome.complete(null);
              } catch (Throwable t) {
                outcome.complete(t);
              }
            });
    follower.start();
    sleep(300);
    follower.interrupt();

    assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
  }

  // ------------------------------------------------------------------ StatefulSets, DaemonSets

  void createStatefulSet(String strategy) {
    cluster
        .client
        .apps()
        .statefulSets()
        .inNamespace("shop")
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("db")
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withNewUpdateStrategy()
                .withType(strategy)
                .endUpdateStrategy()
                .withNewSelector()
                .addToMatchLabels("app", "db")
                .endSelector()
                .withNewTemplate()
                .withSpec(MockCluster.podSpec("postgres:16"))
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  void statefulSetStatus(int ready, int updated, String current, String update) {
    cluster
        .client
        .apps()
        .statefulSets()
        .inNamespace("shop")
        .withName("db")
        .editStatus(
            s -> {
              s.setStatus(
                  new StatefulSetStatusBuilder()
                      .withObservedGeneration(s.getMetadata().getGeneration())
                      .withReplicas(3)
                      .withReadyReplicas(ready)
                      .withUpdatedReplicas(updated)
                      .withCurrentReplicas(3 - updated)
                      .withCurrentRevision(current)
                      .withUpdateRevision(update)
                      .build());
              return s;
            });
  }

  @Test
  void statefulSetSucceedsWhenTheCurrentRevisionIsTheUpdateRevision() throws Exception {
    createStatefulSet("RollingUpdate");
    ImagePatch patch = workloads.setImage(find("StatefulSet shop/db"), "postgres:16.4");
    CompletableFuture<Void> controller =
        controller(
            () -> statefulSetStatus(2, 1, "db-1", "db-2"),
            () -> statefulSetStatus(3, 3, "db-1", "db-2"), // all updated, revision not yet moved
            () -> statefulSetStatus(3, 3, "db-2", "db-2"));

    RolloutStatus status = workloads.follow(patch, Duration.ofSeconds(30));
    controller.get(10, TimeUnit.SECONDS);

    assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.SUCCEEDED);
    assertThat(status.message()).isEqualTo("rolling update complete: 3 pods at revision db-2");
  }

  @Test
  void statefulSetStuckBetweenRevisionsTimesOut() throws Exception {
    createStatefulSet("RollingUpdate");
    ImagePatch patch = workloads.setImage(find("StatefulSet shop/db"), "postgres:16.4");
    statefulSetStatus(3, 3, "db-1", "db-2");

    RolloutStatus status = workloads.follow(patch, Duration.ofMillis(300));

    assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.TIMED_OUT);
    assertThat(status.message()).contains("revision db-1, update revision db-2");
  }

  @Test
  void onDeleteStatefulSetCannotBeFollowed() throws Exception {
    createStatefulSet("OnDelete");
    ImagePatch patch = workloads.setImage(find("StatefulSet shop/db"), "postgres:16.4");

    RolloutStatus status = workloads.follow(patch, Duration.ofSeconds(30));

    assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.NOT_FOLLOWABLE);
    assertThat(status.message()).contains("'OnDelete'");
  }

  void createDaemonSet() {
    cluster
        .client
        .apps()
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
                .withSpec(MockCluster.podSpec("fluent/fluent-bit:3.0"))
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  void daemonSetStatus(int desired, int updated, int available) {
    cluster
        .client
        .apps()
        .daemonSets()
        .inNamespace("ops")
        .withName("agent")
        .editStatus(
            d -> {
              d.setStatus(
                  new DaemonSetStatusBuilder()
                      .withObservedGeneration(d.getMetadata().getGeneration())
                      .withDesiredNumberScheduled(desired)
                      .withUpdatedNumberScheduled(updated)
                      .withNumberAvailable(available)
                      .build());
              return d;
            });
  }

  @Test
  void daemonSetSucceedsWhenEveryNodeRunsAnAvailableUpdatedPod() throws Exception {
    createDaemonSet();
    ImagePatch patch = workloads.setImage(find("DaemonSet ops/agent"), "fluent/fluent-bit:3.1");
    CompletableFuture<Void> controller =
        controller(() -> daemonSetStatus(3, 2, 2), () -> daemonSetStatus(3, 3, 3));

    RolloutStatus status = workloads.follow(patch, Duration.ofSeconds(30));
    controller.get(10, TimeUnit.SECONDS);

    assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.SUCCEEDED);
    DaemonSet stored =
        cluster.client.apps().daemonSets().inNamespace("ops").withName("agent").get();
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("fluent/fluent-bit:3.1");
  }

  @Test
  void daemonSetWithUnavailablePodsTimesOut() throws Exception {
    createDaemonSet();
    ImagePatch patch = workloads.setImage(find("DaemonSet ops/agent"), "fluent/fluent-bit:3.1");
    daemonSetStatus(3, 3, 2);

    RolloutStatus status = workloads.follow(patch, Duration.ofMillis(300));

    assertThat(status.outcome()).isEqualTo(RolloutStatus.Outcome.TIMED_OUT);
    assertThat(status.message()).endsWith("2 of 3 updated pods are available");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
