package io.drydock.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.testing.registry.Fault;
import io.drydock.testing.registry.InMemoryRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Single flight: concurrent requests for one cold image share one evaluation. */
class ImageJudgeTest {
  @Test
  void concurrentColdRequestsForOneDigestShareOneEvaluation() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (InMemoryRegistry registry = InMemoryRegistry.start();
        RegistryClient client = RegistryClient.create(RegistryOptions.defaults())) {
      byte[] config =
          "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
              .getBytes(StandardCharsets.UTF_8);
      String configDigest = registry.putBlob("app", config);
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
              + configDigest
              + "\",\"size\":"
              + config.length
              + "},\"layers\":[]}";
      String digest =
          registry.putManifest(
              "app",
              "1",
              "application/vnd.oci.image.manifest.v1+json",
              manifest.getBytes(StandardCharsets.UTF_8));
      // the config blob is served slowly, so every request below arrives mid-evaluation
      registry.faults().add(Fault.slowBody(400).onPath("/blobs/").times(1));
      AdmissionConfig base = TlsMaterialTest.config();
      AdmissionConfig noCache =
          new AdmissionConfig(
              base.policy(),
              base.policyHash(),
              base.keys(),
              base.failureMode(),
              base.deadline(),
              Duration.ZERO,
              Duration.ZERO,
              Duration.ZERO,
              base.exemptNamespaces(),
              base.exemptImages(),
              false,
              true,
              base.breakGlassAnnotation(),
              base.maxBodyBytes());
      ImageJudge judge = new ImageJudge(noCache, client, Clock.systemUTC(), pool);
      registry.clearRequests();
      String image = registry.hostPort() + "/app@" + digest;
      List<CompletableFuture<ImageDecision>> all = new ArrayList<>();
      all.add(judge.judge(image));
      Thread.sleep(50); // the first evaluation's registry calls are now in flight
      for (int i = 1; i < 20; i++) {
        all.add(judge.judge(image));
      }
      for (CompletableFuture<ImageDecision> f : all) {
        ImageDecision d = f.get();
        assertThat(d.allowed()).isFalse();
        assertThat(d.denials().get(0)).contains("not signed by a trusted key");
      }
      long sigLookups = registry.requests().stream().filter(r -> r.path().endsWith(".sig")).count();
      assertThat(sigLookups).as("one evaluation for 20 concurrent requests").isEqualTo(1);
      // with nothing cached, a later request evaluates again
      judge.judge(image).get();
      assertThat(registry.requests().stream().filter(r -> r.path().endsWith(".sig")).count())
          .isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }
}
