package io.drydock.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's Helm chart ({@code deploy/helm/drydock-server}): one replica on SQLite with a
 * persistent volume by default, several replicas only on PostgreSQL, read-only RBAC for the pod
 * watch, scoped to the namespaces asked for.
 */
class ServerChartTest {
  static final Path CHART = Chart.REPO.resolve("deploy/helm/drydock-server");
  @TempDir Path tmp;

  Chart.Resources render(Map<String, Object> values) {
    return Chart.load(Chart.render(CHART, "drydock", values, tmp, "drydock-system"));
  }

  static Container container(Chart.Resources r) {
    return r.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void theDefaultIsOneReplicaOnSqliteWithAVolumeThatOutlivesTheRelease() {
    Chart.Resources r = render(Map.of());
    Deployment d = r.one(Deployment.class);
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    PersistentVolumeClaim pvc = r.one(PersistentVolumeClaim.class);
    assertThat(pvc.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("data");
              assertThat(v.getPersistentVolumeClaim().getClaimName())
                  .isEqualTo(pvc.getMetadata().getName());
            });
    Container c = container(r);
    assertThat(c.getArgs())
        .startsWith("server")
        .contains("--listen=:8080", "--data-dir=/var/lib/drydock", "--namespace=*")
        .noneMatch(a -> a.startsWith("--db-url"));
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(r.all(PodDisruptionBudget.class)).isEmpty();
    assertThat(r.one(Service.class).getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
    // pods in all namespaces: a cluster-wide, read-only binding
    ClusterRole role = r.one(ClusterRole.class);
    assertThat(role.getRules())
        .allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactly("get", "list", "watch"));
    assertThat(r.one(ClusterRoleBinding.class).getRoleRef().getName())
        .isEqualTo(role.getMetadata().getName());
  }

  @Test
  void severalReplicasRunOnPostgresqlFromASecret() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("replicaCount", 3);
    v.put("database", Map.of("existingSecret", "drydock-db"));
    v.put("apiToken", Map.of("existingSecret", "drydock-token", "key", "token"));
    Chart.Resources r = render(v);
    Deployment d = r.one(Deployment.class);
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(r.all(PersistentVolumeClaim.class)).as("state is in PostgreSQL").isEmpty();
    Container c = container(r);
    assertThat(c.getArgs())
        .contains("--db-url=$(DRYDOCK_DB_URL)", "--token-file=/etc/drydock/token/token");
    EnvVar url =
        c.getEnv().stream()
            .filter(e -> e.getName().equals("DRYDOCK_DB_URL"))
            .findFirst()
            .orElseThrow();
    assertThat(url.getValueFrom().getSecretKeyRef().getName()).isEqualTo("drydock-db");
    assertThat(url.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("url");
    assertThat(r.one(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal())
        .isEqualTo(1);
    assertThat(d.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()).isNotNull();
  }

  @Test
  void severalReplicasOnSqliteAreRefused() {
    assertThatThrownBy(() -> render(Map.of("replicaCount", 2)))
        .hasMessageContaining("replicaCount=2 needs PostgreSQL: set database.existingSecret");
    assertThatThrownBy(() -> render(Map.of("persistence", Map.of("enabled", false))))
        .hasMessageContaining("persistence.enabled=false would lose it");
    assertThatThrownBy(() -> render(Map.of("updateEvery", "often")))
        .hasMessageContaining("updateEvery must be a duration");
  }

  @Test
  void namedNamespacesGetOneRoleBindingEachAndNoClusterBinding() {
    Chart.Resources r =
        render(Map.of("kubernetes", Map.of("watch", true, "namespaces", List.of("shop", "web"))));
    assertThat(r.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(r.all(RoleBinding.class))
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactly("shop", "web");
    assertThat(container(r).getArgs())
        .contains("--namespace=shop", "--namespace=web")
        .doesNotContain("--namespace=*");
  }

  @Test
  void withoutTheWatchThereIsNoRbacAndNoServiceAccountToken() {
    Chart.Resources r = render(Map.of("kubernetes", Map.of("watch", false)));
    assertThat(r.all(ClusterRole.class)).isEmpty();
    assertThat(r.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(container(r).getArgs()).noneMatch(a -> a.startsWith("--namespace"));
    assertThat(
            r.one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAutomountServiceAccountToken())
        .isFalse();
  }

  /** Every arg the chart can render parses with the real {@code drydock server} command line. */
  @Test
  void theRenderedArgsParseWithTheRealCommand() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("replicaCount", 2);
    v.put("database", Map.of("existingSecret", "db"));
    v.put("apiToken", Map.of("existingSecret", "t", "key", "token"));
    v.put("notify", Map.of("existingSecret", "n"));
    v.put("registryWebhook", Map.of("existingSecret", "w"));
    v.put("insecureRegistries", List.of("registry.local:5000"));
    v.put("kubernetes", Map.of("watch", true, "namespaces", List.of("shop")));
    for (Map<String, Object> values : List.of(Map.<String, Object>of(), v)) {
      List<String> args = container(render(values)).getArgs();
      picocli.CommandLine.ParseResult top =
          io.drydock.cli.CliParsing.parse(args.toArray(String[]::new));
      assertThat(top.subcommand()).as("%s", args).isNotNull();
      assertThat(top.subcommand().commandSpec().name()).isEqualTo("server");
      assertThat(top.subcommand().unmatched()).as("%s", args).isEmpty();
      assertThat(top.subcommand().matchedOptions()).as("%s", args).hasSize(args.size() - 1);
    }
  }
}
