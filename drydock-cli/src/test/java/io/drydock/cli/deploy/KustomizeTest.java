package io.drydock.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl kustomize deploy/kubernetes/admission} builds, and the Deployment mounts the keys
 * ConfigMap under the hash-suffixed name the generator gives it. Skips when kubectl is not on PATH.
 */
class KustomizeTest {
  @TempDir Path tmp;

  @Test
  void kustomizeBuildsWithTheGeneratedKeysConfigMap() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not on PATH");
    Path dir = tmp.resolve("admission");
    HelmChartTest.copyTree(PlainManifestsTest.DIR, dir);
    Files.writeString(dir.resolve("cosign.pub"), Chart.TEST_KEY);
    Process p =
        new ProcessBuilder("kubectl", "kustomize", dir.toString())
            .redirectOutput(tmp.resolve("out.yaml").toFile())
            .redirectError(tmp.resolve("err").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("err"))).isZero();

    Chart.Resources r = Chart.load(Files.readString(tmp.resolve("out.yaml")));
    ConfigMap keys =
        r.all(ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().startsWith("drydock-admission-keys-"))
            .findFirst()
            .orElseThrow();
    assertThat(keys.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(keys.getData()).containsEntry("cosign.pub", Chart.TEST_KEY);
    Deployment d = r.one(Deployment.class);
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("keys"))
        .singleElement()
        .satisfies(
            v -> assertThat(v.getConfigMap().getName()).isEqualTo(keys.getMetadata().getName()));
    assertThat(r.items()).extracting(m -> m.getKind()).contains("Namespace");
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
