package io.drydock.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Helm chart under {@code deploy/helm/drydock-admission}, rendered with helm-java (Helm's own
 * template engine, linked natively) and loaded strictly into fabric8's typed models.
 */
final class Chart {
  /** The repository root (surefire runs tests in the module directory). */
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  static final Path CHART_DIR = REPO.resolve("deploy/helm/drydock-admission");
  static final String RELEASE = "drydock-admission";
  static final String NAMESPACE = "drydock-system";

  /** An ECDSA P-256 public key (PEM), as `drydock generate-key-pair` writes to cosign.pub. */
  static final String TEST_KEY =
      "-----BEGIN PUBLIC KEY-----\n"
          + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEI8m24C/CDsg+FXSLMLZN0V+ELaUw\n"
          + "AY8LhkLAGU3o9cfVI9T69ntfzY70eYFDWRUxFNiG4T2sFLHdjZNzjXky+Q==\n"
          + "-----END PUBLIC KEY-----\n";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: ([^\\n]+)\\n");

  private Chart() {}

  /** The minimal values an install needs: one public key. */
  static Map<String, Object> withKey() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("publicKeys", Map.of("cosign.pub", TEST_KEY));
    return values;
  }

  /** {@code helm template RELEASE CHART -n NAMESPACE -f <values>}; throws on a template error. */
  static String render(Map<String, Object> values, Path tempDir) {
    return render(values, tempDir, NAMESPACE);
  }

  static String render(Map<String, Object> values, Path tempDir, String namespace) {
    return render(CHART_DIR, RELEASE, values, tempDir, namespace);
  }

  /** {@code helm template RELEASE CHART_DIR -n NAMESPACE -f <values>} for any chart here. */
  static String render(
      Path chartDir, String release, Map<String, Object> values, Path tempDir, String namespace) {
    try {
      Path file = Files.createTempFile(tempDir, "values", ".yaml");
      Files.writeString(file, Serialization.asYaml(values));
      return new Helm(chartDir)
          .template()
          .withName(release)
          .withNamespace(namespace)
          .withValuesFile(file)
          .call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rendered text per template ({@code drydock-admission/templates/x.yaml} → documents). */
  static Map<String, String> bySource(String rendered) {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String doc : documents(rendered)) {
      var m = SOURCE.matcher(doc);
      assertThat(m.find()).as("a # Source: line in %s", doc).isTrue();
      String body = doc.substring(0, m.start()) + doc.substring(m.end());
      sources.merge(m.group(1), body.strip() + "\n", (a, b) -> a + "---\n" + b);
    }
    return sources;
  }

  /** The non-empty YAML documents of a multi-document stream. */
  static List<String> documents(String yaml) {
    List<String> docs = new ArrayList<>();
    for (String doc : DOCUMENT_SEPARATOR.split(yaml)) {
      if (!doc.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
        docs.add(doc);
      }
    }
    return docs;
  }

  /**
   * Loads every document into its typed fabric8 model; fails on any field the model does not know.
   */
  static Resources load(String yaml) {
    List<HasMetadata> items = new ArrayList<>();
    for (String doc : documents(yaml)) {
      HasMetadata resource = Serialization.unmarshal(doc);
      List<String> unknown = new ArrayList<>();
      if (!(resource instanceof GenericKubernetesResource)) {
        unknownFields(resource, resource.getKind(), unknown);
      }
      if (!unknown.isEmpty()) {
        throw new AssertionError(
            resource.getKind()
                + " "
                + resource.getMetadata().getName()
                + " has fields its schema does not know: "
                + unknown);
      }
      items.add(resource);
    }
    return new Resources(items);
  }

  /**
   * Collects the paths of fields that landed in a model's {@code additionalProperties}: fabric8
   * keeps unknown fields (and values of the wrong type) there instead of failing, so this is the
   * strict check Jackson's FAIL_ON_UNKNOWN_PROPERTIES cannot be (the models' any-setter takes
   * everything).
   */
  static void unknownFields(Object value, String path, List<String> out) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        unknownFields(item, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "[" + k + "]", out));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      String name = getter.getName();
      if (getter.getParameterCount() != 0
          || getter.getDeclaringClass() == Object.class
          || !(name.startsWith("get") || name.startsWith("is"))
          || name.equals("getClass")) {
        continue;
      }
      Object field;
      try {
        field = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (name.equals("getAdditionalProperties")) {
        if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> out.add(path + "." + k));
        }
        continue;
      }
      String property = name.startsWith("is") ? name.substring(2) : name.substring(3);
      if (!property.isEmpty()) {
        property = Character.toLowerCase(property.charAt(0)) + property.substring(1);
      }
      unknownFields(field, path + "." + property, out);
    }
  }

  /** The loaded resources of one rendering. */
  record Resources(List<HasMetadata> items) {
    <T extends HasMetadata> List<T> all(Class<T> type) {
      return items.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
      List<T> found = all(type);
      assertThat(found).as("exactly one %s", type.getSimpleName()).hasSize(1);
      return found.get(0);
    }

    List<GenericKubernetesResource> kind(String kind) {
      return items.stream()
          .filter(r -> r instanceof GenericKubernetesResource && kind.equals(r.getKind()))
          .map(GenericKubernetesResource.class::cast)
          .toList();
    }

    Optional<HasMetadata> named(String kind, String name) {
      return items.stream()
          .filter(r -> kind.equals(r.getKind()) && name.equals(r.getMetadata().getName()))
          .findFirst();
    }
  }
}
