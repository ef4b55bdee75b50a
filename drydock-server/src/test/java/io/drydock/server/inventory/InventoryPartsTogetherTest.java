package io.drydock.server.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.kube.PodWatch;
import io.drydock.server.DrydockServer;
import io.drydock.server.ServerConfig;
import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.server.inventory.LineageGraph.Base;
import io.drydock.server.inventory.LineageGraph.WorkloadRef;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The inventory parts composed in one server, as the CLI wires them: a registry pushes a base and
 * an app, the cluster runs the app, the lineage shows base → app → workload.
 */
class InventoryPartsTogetherTest {
  static final String BASE = "sha256:" + "b".repeat(64);
  static final String APP = "sha256:" + "a".repeat(64);
  static final String HOST = "127.0.0.1:5001";

  @TempDir Path dir;

  static String push(String repo, String tag, String digest) {
    return "{\"events\": [{\"action\": \"push\", \"target\": {\"mediaType\":"
        + " \"application/vnd.oci.image.manifest.v1+json\", \"digest\": \""
        + digest
        + "\", \"repository\": \""
        + repo
        + "\", \"tag\": \""
        + tag
        + "\"}, \"request\": {\"host\": \""
        + HOST
        + "\"}}]}";
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void pushedAndRunningImagesMeetInTheLineage(Vendor vendor) throws Exception {
    KubernetesMockServer kube =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    kube.init();
    KubernetesClient client = kube.createClient(new JdkHttpClientFactory());
    try {
      client
          .pods()
          .inNamespace("shop")
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withNamespace("shop")
                  .withName("api")
                  .endMetadata()
                  .withNewSpec()
                  .withContainers(
                      new ContainerBuilder().withName("app").withImage(HOST + "/api:1").build())
                  .endSpec()
                  .build())
          .create();
      client
          .pods()
          .inNamespace("shop")
          .withName("api")
          .editStatus(
              p -> {
                p.setStatus(
                    new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                        .withPhase("Running")
                        .addNewContainerStatus()
                        .withName("app")
                        .withImageID(HOST + "/api@" + APP)
                        .endContainerStatus()
                        .build());
                return p;
              });
      ServerConfig cfg =
          Servers.config(dir, TestDatabases.url(vendor, dir), List.of("shop"), "tok");
      try (DrydockServer server =
          DrydockServer.start(
              cfg,
              Clock.systemUTC(),
              List.of(
                  KubeInventoryPart.factory(ns -> new PodWatch(client, ns)),
                  RegistryWebhookPart.factory(),
                  RefreshHistoryPart.factory()))) {
        HttpClient http = HttpClient.newHttpClient();
        for (String body : List.of(push("debian", "12", BASE), push("api", "1", APP))) {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/webhooks/registry"))
                      .header("Authorization", "Bearer tok")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
        }
        Database db = server.context().db();
        // the app was seen by both: one image, two references, one scan
        assertThat(
                RegistryWebhookPartTest.rows(
                    db,
                    "SELECT reference || ' ' || source FROM image_refs WHERE digest = '"
                        + APP
                        + "' ORDER BY reference"))
            .containsExactly(HOST + "/api:1 registry", HOST + "/api@" + APP + " kubernetes");
        assertThat(RegistryWebhookPartTest.rows(db, "SELECT subject FROM jobs ORDER BY subject"))
            .containsExactly(HOST + "/api@" + APP, HOST + "/debian@" + BASE);

        // what the scan part records: the layers
        db.jdbi()
            .useHandle(
                h -> {
                  h.execute(
                      "UPDATE images SET diff_ids = '[\"sha256:l1\"]' WHERE digest = ?", BASE);
                  h.execute(
                      "UPDATE images SET diff_ids = '[\"sha256:l1\", \"sha256:l2\"]' WHERE"
                          + " digest = ?",
                      APP);
                });
        Base b = new LineageGraph(db).baseOf(APP).orElseThrow();
        assertThat(b.digest()).isEqualTo(BASE);
        assertThat(b.name()).isEqualTo(HOST + "/debian:12");
        assertThat(b.apps().get(0).workloads())
            .containsExactly(new WorkloadRef("shop", "Pod", "api", "app"));
      }
    } finally {
      client.close();
      kube.destroy();
    }
  }
}
