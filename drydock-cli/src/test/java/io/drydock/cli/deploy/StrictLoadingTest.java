package io.drydock.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;

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
  void jacksonsOwnStrictModeWouldNotCatchTheTypo() {
    // why Chart.load walks additionalProperties: every fabric8 model has a @JsonAnySetter, so
    // FAIL_ON_UNKNOWN_PROPERTIES never fires and the typo is kept, not refused
    String json =
        "{\"apiVersion\":\"v1\",\"kind\":\"Probe\",\"periodSeconds\":5,\"perodSeconds\":6}";
    ObjectMapper strict =
        Serialization.jsonMapper()
            .rebuild()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    Probe probe = strict.readValue(json, Probe.class);
    assertThat(probe.getPeriodSeconds()).isEqualTo(5);
    assertThat(probe.getAdditionalProperties()).containsKey("perodSeconds");
    List<String> unknown = new ArrayList<>();
    Chart.unknownFields(probe, "probe", unknown);
    assertThat(unknown).contains("probe.perodSeconds");
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
