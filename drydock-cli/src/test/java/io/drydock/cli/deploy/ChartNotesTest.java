package io.drydock.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NOTES.txt, as {@code helm install} prints it (client-only dry run: no cluster). */
class ChartNotesTest {
  @TempDir Path tmp;

  private String notes(Map<String, Object> values) throws IOException {
    Path file = Files.createTempFile(tmp, "values", ".yaml");
    Files.writeString(file, Serialization.asYaml(values));
    return new Helm(Chart.CHART_DIR)
        .install()
        .withName(Chart.RELEASE)
        .withNamespace(Chart.NAMESPACE)
        .withValuesFile(file)
        .clientOnly()
        .dryRun()
        .call()
        .getOutput();
  }

  @Test
  void notesSayWhatIsEnforcedAndHowToCheck() throws IOException {
    String enforce = notes(Chart.withKey());
    assertThat(enforce)
        .contains("ENFORCE")
        .contains("failurePolicy=Fail")
        .contains("failureMode=closed")
        .contains("Exempt namespaces: drydock-system, kube-system")
        .contains("kubectl -n drydock-system rollout status deployment/drydock-admission")
        .contains("certificate/drydock-admission-tls")
        .contains("no RBAC objects");

    Map<String, Object> values = Chart.withKey();
    values.put("audit", true);
    values.put("failurePolicy", "Ignore");
    String audit = notes(values);
    assertThat(audit).contains("AUDIT").contains("failurePolicy=Ignore").doesNotContain("ENFORCE");
  }
}
