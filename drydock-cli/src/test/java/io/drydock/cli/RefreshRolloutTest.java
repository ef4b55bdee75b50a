package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import io.drydock.testing.Testbed;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The refresh loop end to end with a cluster: the fabric8 Kubernetes mock server (CRUD mode) holds
 * a Deployment running the app's old digest; a thread in the test plays the deployment controller.
 * The base tag moves in the real testbed registry; {@code refresh --once} rebases, validates,
 * signs, patches the Deployment to the new digest and follows the rollout — or rolls it back when
 * it never becomes ready.
 */
class RefreshRolloutTest {
  static {
    Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
  }

  KubernetesMockServer server;
  KubernetesClient client;
  Path kubeconfig;
  final java.util.List<Thread> controllers = new java.util.ArrayList<>();
  final AtomicBoolean stop = new AtomicBoolean();

  @BeforeEach
  void cluster() throws Exception {
    RefreshCommandTest.setUp();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient(new JdkHttpClientFactory());
    kubeconfig =
        Files.writeString(
            RefreshCommandTest.dir.resolve("kubeconfig-" + UUID.randomUUID()),
            "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster:\n    server: "
                + client.getConfiguration().getMasterUrl()
                + "\ncontexts:\n- name: mock\n  context:\n    cluster: mock\n    user: u\n"
                + "current-context: mock\nusers:\n- name: u\n  user:\n    token: t\n");
  }

  @AfterEach
  void down() throws Exception {
    stop.set(true);
    for (Thread controller : controllers) {
      controller.join(5_000);
    }
    client.close();
    server.destroy();
  }

  void deployment(String image) {
    deployment("web", image);
  }

  void deployment(String name, String image) {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("shop")
            .withGeneration(1L)
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .withProgressDeadlineSeconds(600)
            .withNewSelector()
            .addToMatchLabels("app", "web")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "web")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("web")
            .withImage(image)
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .withStatus(
                new DeploymentStatusBuilder()
                    .withObservedGeneration(1L)
                    .withReplicas(2)
                    .withUpdatedReplicas(2)
                    .withAvailableReplicas(2)
                    .build())
            .build();
    client.apps().deployments().inNamespace("shop").resource(d).create();
  }

  String image() {
    return client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("web")
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  /**
   * Plays the deployment controller: whenever the image differs from {@code initial}, bumps the
   * generation and reports the rollout done ({@code ready}) or stuck past its progress deadline.
   */
  void controller(String initial, boolean ready) {
    controller("web", initial, ready);
  }

  void controller(String name, String initial, boolean ready) {
    Thread controller =
        new Thread(
            () -> {
              String seen = initial;
              while (!stop.get()) {
                try {
                  Thread.sleep(100);
                  String now = image(name);
                  if (now.equals(seen)) {
                    continue;
                  }
                  seen = now;
                  boolean stuck = !ready && !now.equals(initial);
                  client
                      .apps()
                      .deployments()
                      .inNamespace("shop")
                      .withName(name)
                      .editStatus(
                          d -> {
                            var b =
                                new DeploymentStatusBuilder()
                                    .withObservedGeneration(d.getMetadata().getGeneration())
                                    .withReplicas(stuck ? 3 : 2)
                                    .withUpdatedReplicas(stuck ? 1 : 2)
                                    .withAvailableReplicas(stuck ? 2 : 2);
                            if (stuck) {
                              b.addNewCondition()
                                  .withType("Progressing")
                                  .withStatus("False")
                                  .withReason("ProgressDeadlineExceeded")
                                  .withMessage("ReplicaSet \"web-5c9\" has timed out progressing.")
                                  .endCondition();
                            }
                            d.setStatus(b.build());
                            return d;
                          });
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // the object is being patched concurrently: look again next round
                }
              }
            },
            "deployment-controller");
    controller.setDaemon(true);
    controller.start();
    controllers.add(controller);
  }

  RefreshCommandTest.Setup setupWithCluster() throws Exception {
    RefreshCommandTest.Setup s = RefreshCommandTest.setup(RefreshCommandTest.POLICY);
    Files.writeString(
        s.config(),
        Files.readString(s.config())
            + "kubernetes:\n  enabled: true\n  namespaces: [shop]\n  rolloutTimeout: 30s\n");
    return s;
  }

  @Test
  void theDeploymentRunningTheOldDigestMovesToTheRefreshedOne() throws Exception {
    RefreshCommandTest.Setup s = setupWithCluster();
    String old = s.app() + "@" + RefreshCommandTest.digest(s.app());
    deployment(old);
    controller(old, true);
    CliRunner graph =
        CliRunner.run(
            "refresh",
            "--config",
            s.config().toString(),
            "--lineage",
            "-f",
            "json",
            "--kubeconfig",
            kubeconfig.toString());
    assertThat(graph.code()).as(graph.err()).isZero();
    JsonNode node = Json.MAPPER.readTree(graph.out()).path("bases").get(0).path("apps").get(0);
    assertThat(node.path("rule").asString()).isEqualTo("CONFIG");
    assertThat(node.path("workloads").toString()).contains("Deployment shop/web[web]");
    assertThat(RefreshCommandTest.refresh(s, "--kubeconfig", kubeconfig.toString()).code())
        .isZero();
    RefreshCommandTest.copy(
        RefreshCommandTest.registryImage(Testbed.Img.DEBIAN_BOOKWORM_V2), s.base());

    CliRunner plan =
        RefreshCommandTest.refresh(
            s, "--kubeconfig", kubeconfig.toString(), "--dry-run", "-f", "json");
    assertThat(plan.code()).as(plan.err()).isZero();
    JsonNode planned = Json.MAPPER.readTree(plan.out()).get(0).path("apps").get(0);
    // the plan's diff: which workload changes from which image to which
    assertThat(planned.path("workloads").get(0).asString())
        .isEqualTo(
            "Deployment shop/web[web]: "
                + old
                + " → "
                + s.app()
                + "@"
                + planned.path("newDigest").asString());
    assertThat(image()).isEqualTo(old);

    CliRunner run =
        RefreshCommandTest.refresh(s, "--kubeconfig", kubeconfig.toString(), "-f", "json");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    JsonNode app = Json.MAPPER.readTree(run.out()).get(0).path("apps").get(0);
    assertThat(app.path("status").asString()).isEqualTo("REFRESHED");
    assertThat(app.path("workloads").toString()).contains("Deployment shop/web[web]");
    assertThat(app.path("millis").has("rollout")).isTrue();
    String refreshed = app.path("newDigest").asString();
    assertThat(image()).isEqualTo(s.app() + "@" + refreshed);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getMetadata()
                .getAnnotations())
        .containsEntry("drydock.io/refreshed-from", old);

    CliRunner again = RefreshCommandTest.refresh(s, "--kubeconfig", kubeconfig.toString());
    assertThat(again.out()).contains("No base changed.");
    assertThat(image()).isEqualTo(s.app() + "@" + refreshed);
  }

  @Test
  void aRolloutThatNeverBecomesReadyIsRolledBack() throws Exception {
    RefreshCommandTest.Setup s = setupWithCluster();
    String old = s.app() + "@" + RefreshCommandTest.digest(s.app());
    deployment(old);
    controller(old, false);
    assertThat(RefreshCommandTest.refresh(s, "--kubeconfig", kubeconfig.toString()).code())
        .isZero();
    RefreshCommandTest.copy(
        RefreshCommandTest.registryImage(Testbed.Img.DEBIAN_BOOKWORM_V2), s.base());
    CliRunner run = RefreshCommandTest.refresh(s, "--kubeconfig", kubeconfig.toString());
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(4);
    assertThat(run.out()).contains("ROLLED_BACK").contains("rolled back Deployment shop/web[web]");
    assertThat(run.err()).contains("exceeded its progress deadline");
    assertThat(image()).isEqualTo(old);
  }

  /**
   * Issue 8's lineage from the cluster: with {@code kubernetes.discover} and no apps listed, the
   * image a Deployment runs by tag is found to sit on the changed base by its layers, rebased,
   * validated, tagged and rolled out, with the workload that runs the app's old digest; an image on
   * another base is left alone.
   */
  @Test
  void anAppRunningInTheClusterIsDiscoveredOnTheBaseAndRefreshed() throws Exception {
    RefreshCommandTest.Setup s = RefreshCommandTest.setup(RefreshCommandTest.POLICY);
    String prefix = s.base().substring(0, s.base().indexOf("/debian:"));
    String other = prefix + "/other:2";
    RefreshCommandTest.copy(
        RefreshCommandTest.registryImage(Testbed.Img.DEBIAN_BOOKWORM_V2_FLAT), other);
    Files.writeString(
        s.config(),
        "apiVersion: drydock.io/v1\nkind: RefreshConfig\nbases:\n  - "
            + s.base()
            + "\npolicy: "
            + RefreshCommandTest.policyOf(s)
            + "\nsigningKey: "
            + RefreshCommandTest.dir.resolve("cosign.key")
            + "\nkubernetes:\n  enabled: true\n  namespaces: [shop]\n  rolloutTimeout: 30s\n"
            + "  discover: true\n");
    deployment(s.app());
    deployment("other", other);
    String pinned = s.app() + "@" + RefreshCommandTest.digest(s.app());
    deployment("pinned", pinned);
    controller(s.app(), true);
    controller("pinned", pinned, true);

    CliRunner graph =
        CliRunner.run(
            "refresh",
            "--config",
            s.config().toString(),
            "--lineage",
            "-f",
            "json",
            "--kubeconfig",
            kubeconfig.toString());
    assertThat(graph.code()).as(graph.err()).isZero();
    JsonNode apps = Json.MAPPER.readTree(graph.out()).path("bases").get(0).path("apps");
    assertThat(apps).hasSize(1);
    assertThat(apps.get(0).path("app").asString()).isEqualTo(s.app());
    assertThat(apps.get(0).path("rule").asString()).isIn("LAYER_PREFIX", "ANNOTATION");
    assertThat(apps.get(0).path("workloads").toString())
        .contains("Deployment shop/web[web]", "Deployment shop/pinned[web]");

    assertThat(RefreshCommandTest.refresh(s, "--kubeconfig", kubeconfig.toString()).code())
        .isZero();
    RefreshCommandTest.copy(
        RefreshCommandTest.registryImage(Testbed.Img.DEBIAN_BOOKWORM_V2), s.base());
    CliRunner run =
        RefreshCommandTest.refresh(s, "--kubeconfig", kubeconfig.toString(), "-f", "json");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    JsonNode results = Json.MAPPER.readTree(run.out()).get(0).path("apps");
    assertThat(results).as(run.out()).hasSize(1);
    JsonNode app = results.get(0);
    assertThat(app.path("app").asString()).isEqualTo(s.app());
    assertThat(app.path("status").asString()).isEqualTo("REFRESHED");
    String refreshed = app.path("newDigest").asString();
    assertThat(image()).isEqualTo(s.app() + "@" + refreshed);
    assertThat(RefreshCommandTest.digest(s.app())).as("the tag moved").isEqualTo(refreshed);
    assertThat(image("other")).isEqualTo(other);
    assertThat(image("pinned")).isEqualTo(s.app() + "@" + refreshed);
    assertThat(run.err()).doesNotContain("discover: skipping");
  }

  String image(String name) {
    return client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName(name)
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }
}
