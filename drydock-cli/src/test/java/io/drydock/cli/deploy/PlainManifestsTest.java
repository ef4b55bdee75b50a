package io.drydock.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/admission holds the chart rendered for users without Helm. They must stay the
 * chart's output: this test renders it with render-values.yaml and compares file by file ({@code
 * -Ddrydock.golden.update=true} rewrites them).
 */
class PlainManifestsTest {
  static final Path DIR = Chart.REPO.resolve("deploy/kubernetes/admission");

  /**
   * YAML files in the directory that are not renderings (other files, like cosign.pub, are not
   * compared).
   */
  private static final List<String> HAND_WRITTEN =
      List.of("kustomization.yaml", "namespace.yaml", "render-values.yaml");

  private static boolean isRendering(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".yaml") && !HAND_WRITTEN.contains(name);
  }

  private static final String HEADER =
      "# Generated from deploy/helm/drydock-admission/%s with render-values.yaml (namespace"
          + " drydock-system).\n"
          + "# Do not edit: change the chart and regenerate (see render-values.yaml).\n";

  /** The rendering, file name → content. */
  private static Map<String, String> rendered() {
    String yaml =
        new com.marcnuri.helm.Helm(Chart.CHART_DIR)
            .template()
            .withName(Chart.RELEASE)
            .withNamespace(Chart.NAMESPACE)
            .withValuesFile(DIR.resolve("render-values.yaml"))
            .call();
    Map<String, String> files = new TreeMap<>();
    Chart.bySource(yaml)
        .forEach(
            (source, body) -> {
              String template = source.substring(source.indexOf("templates/"));
              String name = template.substring("templates/".length());
              files.put(name, String.format(HEADER, template) + "---\n" + body);
            });
    return files;
  }

  @Test
  void manifestsAreTheChartRendering() throws IOException {
    Map<String, String> expected = rendered();
    expected.forEach(
        (name, text) ->
            assertThat(text.lines())
                .as("%s: lines with trailing blanks (template whitespace control)", name)
                .noneMatch(l -> l.endsWith(" ")));
    assertThat(expected)
        .containsKeys(
            "deployment.yaml",
            "service.yaml",
            "webhooks.yaml",
            "certificates.yaml",
            "poddisruptionbudget.yaml",
            "serviceaccount.yaml",
            "configmap-policy.yaml")
        .doesNotContainKey("configmap-keys.yaml");
    if (Boolean.getBoolean("drydock.golden.update")) {
      try (Stream<Path> old = Files.list(DIR)) {
        for (Path p : (Iterable<Path>) old::iterator) {
          if (isRendering(p)) {
            Files.delete(p);
          }
        }
      }
      for (var e : expected.entrySet()) {
        Files.writeString(DIR.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
      }
    }
    Map<String, String> actual = new TreeMap<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (isRendering(p)) {
          actual.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(actual.keySet())
        .as("rendered files in %s (-Ddrydock.golden.update=true rewrites them)", DIR)
        .containsExactlyElementsOf(expected.keySet());
    for (var e : expected.entrySet()) {
      assertThat(actual.get(e.getKey()))
          .as(
              "%s differs from the chart's rendering (-Ddrydock.golden.update=true rewrites it)",
              e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void kustomizationListsEveryManifestAndGeneratesTheKeys() throws IOException {
    String kustomization = Files.readString(DIR.resolve("kustomization.yaml"));
    List<String> resources = new ArrayList<>();
    boolean inResources = false;
    for (String line : kustomization.lines().toList()) {
      if (line.startsWith("resources:")) {
        inResources = true;
      } else if (inResources && line.startsWith("  - ")) {
        resources.add(line.substring(4).strip());
      } else if (!line.isBlank() && !line.startsWith(" ") && !line.startsWith("#")) {
        inResources = false;
      }
    }
    List<String> expected = new ArrayList<>(List.of("namespace.yaml"));
    expected.addAll(rendered().keySet());
    assertThat(resources).containsExactlyInAnyOrderElementsOf(expected);
    // the Deployment mounts the ConfigMap the generator makes from cosign.pub
    assertThat(kustomization).contains("name: drydock-admission-keys").contains("cosign.pub");
  }

  @Test
  void manifestsLoadStrictlyIntoTheirModels() throws IOException {
    StringBuilder all = new StringBuilder();
    for (String name : rendered().keySet()) {
      all.append(Files.readString(DIR.resolve(name))).append("\n---\n");
    }
    all.append(Files.readString(DIR.resolve("namespace.yaml")));
    List<HasMetadata> items = Chart.load(all.toString()).items();
    assertThat(items)
        .filteredOn(r -> !r.getKind().equals("Namespace"))
        .allSatisfy(
            r -> {
              if (!r.getKind().endsWith("WebhookConfiguration")) {
                assertThat(r.getMetadata().getNamespace())
                    .as(r.getKind())
                    .isEqualTo(Chart.NAMESPACE);
              }
            });
    Deployment d = new Chart.Resources(items).one(Deployment.class);
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("keys"))
        .singleElement()
        .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("drydock-admission-keys"));
  }
}
