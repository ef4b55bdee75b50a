package io.drydock.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict loader the chart tests rely on refuses what a lenient one would silently drop. */
class StrictLoadingTest {
  @TempDir Path tmp;

  @Test
  void misspeltProbeFieldInTheRenderedDeploymentFails() {
    String rendered = Chart.render(Chart.withKey(), tmp);
    assertThat(Chart.load(rendered).one(Deployment.class)).isNotNull();
    assertThat(rendered).contains("          readinessProbe:\n");

    String broken = rendered.replace("          readinessProbe:\n", "          readinesProbe:\n");
    assertThatThrownBy(() -> Chart.load(broken))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Deployment drydock-admission")
        .hasMessageContaining("containers[0].readinesProbe");
  }

  @Test
  void wrongTypeAndMisplacedFieldsFail() {
    String wrongType =
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: s
        spec:
          ports:
            - port: 443
              targetPort: https
              protocl: TCP
        """;
    assertThatThrownBy(() -> Chart.load(wrongType)).hasMessageContaining("ports[0].protocl");

    String misplaced =
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: w
        webhooks:
          - name: images.validate.drydock.io
            admissionReviewVersions: [v1]
            sideEffects: None
            clientConfig:
              service: {name: s, namespace: n, path: /validate}
              failurePolicy: Fail
        """;
    assertThatThrownBy(() -> Chart.load(misplaced))
        .hasMessageContaining("webhooks[0].clientConfig.failurePolicy");

    String fine =
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: s
        spec:
          ports:
            - port: 443
              targetPort: https
              protocol: TCP
        """;
    assertThat(Chart.load(fine).items()).hasSize(1);
  }
}
