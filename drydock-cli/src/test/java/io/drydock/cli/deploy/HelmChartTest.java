package io.drydock.cli.deploy;

import static io.drydock.cli.deploy.Chart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart, rendered the way {@code helm install} would, checked for what an operator relies on.
 */
class HelmChartTest {
  @TempDir Path tmp;

  private static final String FULLNAME = "drydock-admission";

  private Chart.Resources render(Map<String, Object> values) {
    return Chart.load(Chart.render(values, tmp));
  }

  private Chart.Resources renderDefault() {
    return render(Chart.withKey());
  }

  private static Map<String, Object> with(String key, Object value) {
    Map<String, Object> values = Chart.withKey();
    values.put(key, value);
    return values;
  }

  @Test
  void lintPassesWithoutWarnings() {
    // helm lint renders with the chart's own values, leniently about `required` and `fail`
    LintResult lint = new Helm(Chart.CHART_DIR).lint().call();
    assertThat(lint.isFailed()).as("lint messages: %s", lint.getMessages()).isFalse();
    // helm-java's strict mode also fails on the INFO that an icon is missing: check warnings here
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void defaultsWithoutAKeyRefuseToRenderAndSayWhatIsMissing() {
    assertThatThrownBy(() -> Chart.render(new LinkedHashMap<>(), tmp))
        .hasMessageContaining("set at least one cosign public key");
    assertThatThrownBy(
            () ->
                Chart.render(
                    Map.of("existingPublicKeys", Map.of("configMap", "keys", "keys", List.of())),
                    tmp))
        .hasMessageContaining("set at least one cosign public key");
  }

  @Test
  void onlyCustomResourcesLoadUntyped() {
    // a wrong apiVersion or kind (apps/v1beta2, Deployments) would load as a generic resource and
    // dodge the typed assertions and the strict field check
    Map<String, Object> values = with("serviceMonitor", Map.of("enabled", true));
    values.put("registryCACert", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    Chart.Resources r = render(values);
    assertThat(r.items())
        .filteredOn(GenericKubernetesResource.class::isInstance)
        .extracting(HasMetadata::getApiVersion, HasMetadata::getKind)
        .allSatisfy(
            t ->
                assertThat(List.of("cert-manager.io/v1", "monitoring.coreos.com/v1"))
                    .contains((String) t.toList().get(0)));
    assertThat(r.items())
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ConfigMap",
            "ConfigMap",
            "ConfigMap",
            "Service",
            "Deployment",
            "PodDisruptionBudget",
            "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration",
            "Issuer",
            "Issuer",
            "Certificate",
            "Certificate",
            "ServiceMonitor");
  }

  @Test
  void chartMetadata() throws Exception {
    String chart = Files.readString(Chart.CHART_DIR.resolve("Chart.yaml"));
    assertThat(chart)
        .contains("apiVersion: v2")
        .contains("\nname: drydock-admission\n")
        .contains("\nversion: 0.1.0\n")
        .contains("\nappVersion: \"0.1.0\"\n");
  }

  @Test
  void deploymentIsHighlyAvailableHardenedAndProbedOverHttps() {
    Chart.Resources r = renderDefault();
    Deployment d = r.one(Deployment.class);
    assertThat(d.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();

    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    // spread over nodes: a topology spread constraint and preferred anti-affinity on the hostname
    Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
    assertThat(pod.getTopologySpreadConstraints())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
              assertThat(t.getMaxSkew()).isEqualTo(1);
              assertThat(t.getLabelSelector().getMatchLabels()).isEqualTo(selector);
            });
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.getPodAffinityTerm().getTopologyKey())
                  .isEqualTo("kubernetes.io/hostname");
              assertThat(w.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                  .isEqualTo(selector);
            });
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);

    Container c = pod.getContainers().get(0);
    assertThat(pod.getContainers()).hasSize(1);
    assertThat(c.getImage()).isEqualTo("ghcr.io/drydock-project/drydock:0.1.0");
    assertThat(c.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("https");
              assertThat(p.getContainerPort()).isEqualTo(8443);
            });
    assertHttpsProbe(c.getReadinessProbe(), "/readyz");
    assertHttpsProbe(c.getLivenessProbe(), "/healthz");
    assertHttpsProbe(c.getStartupProbe(), "/healthz");

    assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")))
        .isGreaterThanOrEqualTo(
            Quantity.getAmountInBytes(c.getResources().getRequests().get("memory")));

    var sc = c.getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getRunAsUser()).isEqualTo(65532L);
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    // writable /tmp and cache dir on emptyDirs; everything else read-only
    Map<String, String> mounts = new LinkedHashMap<>();
    c.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), m.getName()));
    assertThat(mounts).containsEntry("/tmp", "tmp").containsEntry("/var/cache/drydock", "cache");
    assertThat(pod.getVolumes())
        .filteredOn(v -> Set.of("tmp", "cache").contains(v.getName()))
        .hasSize(2)
        .allSatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
    c.getVolumeMounts().stream()
        .filter(m -> !Set.of("tmp", "cache").contains(m.getName()))
        .forEach(m -> assertThat(m.getReadOnly()).as(m.getMountPath()).isTrue());
    assertThat(env(c)).containsEntry("DRYDOCK_CACHE_DIR", "/var/cache/drydock");
    assertThat(env(c)).doesNotContainKey("DOCKER_CONFIG");

    List<String> args = c.getArgs();
    assertThat(args.subList(0, 2)).containsExactly("admission", "serve");
    assertThat(args)
        .contains(
            "--listen=:8443",
            "--policy=/etc/drydock/policy/policy.yaml",
            "--key=/etc/drydock/keys/cosign.pub",
            "--tls-cert=/etc/drydock/tls/tls.crt",
            "--tls-key=/etc/drydock/tls/tls.key",
            "--failure-mode=closed",
            "--deadline=8s",
            "--exempt-namespace=" + NAMESPACE,
            "--exempt-namespace=kube-system",
            "--keep-admitted=true",
            "--max-body-size=3145728")
        .doesNotContain("--audit");
  }

  @Test
  void podDisruptionBudgetKeepsOneReplicaAndSelectsThePods() {
    Chart.Resources r = renderDefault();
    PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(r.one(Deployment.class).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void serviceMapsHttpsToTheContainerPort() {
    Chart.Resources r = renderDefault();
    Service svc = r.one(Service.class);
    assertThat(svc.getMetadata().getName()).isEqualTo(FULLNAME);
    assertThat(svc.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(443);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("https");
            });
    assertThat(svc.getSpec().getSelector())
        .isEqualTo(r.one(Deployment.class).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void noKubernetesApiAccess() {
    Chart.Resources r = renderDefault();
    assertThat(r.items())
        .extracting(HasMetadata::getKind)
        .doesNotContain("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
    ServiceAccount sa = r.one(ServiceAccount.class);
    assertThat(sa.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void configMapsCarryPolicyAndKeysAndChecksumsRollThePods() {
    Chart.Resources r = renderDefault();
    ConfigMap policy = (ConfigMap) r.named("ConfigMap", FULLNAME + "-policy").orElseThrow();
    assertThat(policy.getData().get("policy.yaml")).contains("kind: Policy");
    ConfigMap keys = (ConfigMap) r.named("ConfigMap", FULLNAME + "-keys").orElseThrow();
    assertThat(keys.getData()).containsEntry("cosign.pub", Chart.TEST_KEY);

    Map<String, String> before = podAnnotations(r);
    assertThat(before).containsKeys("checksum/policy", "checksum/keys");

    Map<String, Object> values = Chart.withKey();
    values.put("policy", "apiVersion: drydock.io/v1\nkind: Policy\nbuiltins:\n  - no-root\n");
    Map<String, String> policyChanged = podAnnotations(render(values));
    assertThat(policyChanged.get("checksum/policy")).isNotEqualTo(before.get("checksum/policy"));
    assertThat(policyChanged.get("checksum/keys")).isEqualTo(before.get("checksum/keys"));

    Map<String, Object> twoKeys = Chart.withKey();
    twoKeys.put("publicKeys", Map.of("cosign.pub", Chart.TEST_KEY, "team-b.pub", Chart.TEST_KEY));
    Chart.Resources r2 = render(twoKeys);
    assertThat(podAnnotations(r2).get("checksum/keys")).isNotEqualTo(before.get("checksum/keys"));
    assertThat(container(r2).getArgs())
        .contains("--key=/etc/drydock/keys/cosign.pub", "--key=/etc/drydock/keys/team-b.pub");
  }

  @Test
  void existingConfigMapsAreUsedInsteadOfCreated() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("existingPolicyConfigMap", "my-policy");
    values.put("existingPublicKeys", Map.of("configMap", "my-keys", "keys", List.of("a.pub")));
    Chart.Resources r = render(values);
    assertThat(r.all(ConfigMap.class)).isEmpty();
    PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
    Map<String, String> configMaps = new LinkedHashMap<>();
    pod.getVolumes().stream()
        .filter(v -> v.getConfigMap() != null)
        .forEach(v -> configMaps.put(v.getName(), v.getConfigMap().getName()));
    assertThat(configMaps).containsEntry("policy", "my-policy").containsEntry("keys", "my-keys");
    assertThat(container(r).getArgs()).contains("--key=/etc/drydock/keys/a.pub");
  }

  @Test
  void webhooksDefaultToFailClosedAndCoverTheWorkloadKinds() {
    Chart.Resources r = renderDefault();
    ValidatingWebhook v =
        r.one(ValidatingWebhookConfiguration.class).getWebhooks().stream()
            .reduce((a, b) -> fail("one validating webhook"))
            .orElseThrow();
    MutatingWebhook m =
        r.one(MutatingWebhookConfiguration.class).getWebhooks().stream()
            .reduce((a, b) -> fail("one mutating webhook"))
            .orElseThrow();

    for (var common :
        List.of(
            new Common(
                v.getAdmissionReviewVersions(),
                v.getSideEffects(),
                v.getFailurePolicy(),
                v.getTimeoutSeconds(),
                v.getMatchPolicy(),
                v.getNamespaceSelector(),
                v.getRules(),
                v.getClientConfig()),
            new Common(
                m.getAdmissionReviewVersions(),
                m.getSideEffects(),
                m.getFailurePolicy(),
                m.getTimeoutSeconds(),
                m.getMatchPolicy(),
                m.getNamespaceSelector(),
                m.getRules(),
                m.getClientConfig()))) {
      assertThat(common.versions()).containsExactly("v1");
      assertThat(common.sideEffects()).isEqualTo("None");
      assertThat(common.failurePolicy()).isEqualTo("Fail");
      assertThat(common.timeoutSeconds()).isEqualTo(10);
      assertThat(common.matchPolicy()).isEqualTo("Equivalent");
      assertThat(common.namespaceSelector().getMatchLabels()).isNullOrEmpty();
      assertThat(common.namespaceSelector().getMatchExpressions())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
                assertThat(e.getOperator()).isEqualTo("NotIn");
                assertThat(e.getValues()).containsExactlyInAnyOrder(NAMESPACE, "kube-system");
              });
      assertThat(resources(common.rules()))
          .containsExactlyInAnyOrder(
              "/v1/pods",
              "/v1/pods/ephemeralcontainers",
              "apps/v1/deployments",
              "apps/v1/replicasets",
              "apps/v1/statefulsets",
              "apps/v1/daemonsets",
              "batch/v1/jobs",
              "batch/v1/cronjobs");
      assertThat(common.rules())
          .allSatisfy(
              rule ->
                  assertThat(rule.getOperations()).containsExactlyInAnyOrder("CREATE", "UPDATE"));
      assertThat(common.clientConfig().getService().getName()).isEqualTo(FULLNAME);
      assertThat(common.clientConfig().getService().getNamespace()).isEqualTo(NAMESPACE);
      assertThat(common.clientConfig().getService().getPort()).isEqualTo(443);
      assertThat(common.clientConfig().getUrl()).isNull();
    }
    assertThat(v.getClientConfig().getService().getPath()).isEqualTo("/validate");
    assertThat(m.getClientConfig().getService().getPath()).isEqualTo("/mutate");
    assertThat(m.getReinvocationPolicy()).isEqualTo("IfNeeded");
    // the API server waits longer than the server's own deadline
    assertThat(container(r).getArgs()).contains("--deadline=8s");
    assertThat(v.getTimeoutSeconds()).isGreaterThan(8);
  }

  @Test
  @SuppressWarnings("unchecked")
  void certManagerModeWiresTheCaIntoBothWebhooks() {
    Chart.Resources r = renderDefault();
    String injectFrom = NAMESPACE + "/" + FULLNAME + "-tls";
    assertThat(
            r.one(ValidatingWebhookConfiguration.class)
                .getMetadata()
                .getAnnotations()
                .get("cert-manager.io/inject-ca-from"))
        .isEqualTo(injectFrom);
    assertThat(
            r.one(MutatingWebhookConfiguration.class)
                .getMetadata()
                .getAnnotations()
                .get("cert-manager.io/inject-ca-from"))
        .isEqualTo(injectFrom);
    assertThat(
            r.one(ValidatingWebhookConfiguration.class)
                .getWebhooks()
                .get(0)
                .getClientConfig()
                .getCaBundle())
        .isNull();

    // the named Certificate exists, serves the service's DNS names, and is issued by a CA that a
    // self-signed issuer made
    GenericKubernetesResource tls =
        r.named("Certificate", FULLNAME + "-tls")
            .map(GenericKubernetesResource.class::cast)
            .orElseThrow();
    assertThat(tls.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    Map<String, Object> spec = spec(tls);
    assertThat(spec.get("secretName")).isEqualTo(FULLNAME + "-tls");
    assertThat((List<Object>) spec.get("dnsNames"))
        .contains(
            FULLNAME + "." + NAMESPACE + ".svc", FULLNAME + "." + NAMESPACE + ".svc.cluster.local");
    assertThat(((Map<?, ?>) spec.get("issuerRef")).get("name")).isEqualTo(FULLNAME + "-ca");
    GenericKubernetesResource caIssuer = issuer(r, FULLNAME + "-ca");
    assertThat(((Map<?, ?>) spec(caIssuer).get("ca")).get("secretName"))
        .isEqualTo(FULLNAME + "-ca");
    GenericKubernetesResource ca =
        r.named("Certificate", FULLNAME + "-ca")
            .map(GenericKubernetesResource.class::cast)
            .orElseThrow();
    assertThat(spec(ca).get("isCA")).isEqualTo(true);
    assertThat(spec(ca).get("secretName")).isEqualTo(FULLNAME + "-ca");
    String selfSigned = (String) ((Map<?, ?>) spec(ca).get("issuerRef")).get("name");
    assertThat(spec(issuer(r, selfSigned))).containsKey("selfSigned");
    for (GenericKubernetesResource cm : r.kind("Certificate")) {
      assertThat(spec(cm).keySet())
          .as("cert-manager Certificate spec fields")
          .isSubsetOf(
              "isCA",
              "commonName",
              "secretName",
              "duration",
              "renewBefore",
              "privateKey",
              "issuerRef",
              "dnsNames",
              "usages");
    }

    // the pods mount the Secret the Certificate writes
    PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(vol -> vol.getName().equals("tls"))
        .singleElement()
        .satisfies(vol -> assertThat(vol.getSecret().getSecretName()).isEqualTo(FULLNAME + "-tls"));
  }

  @Test
  void withoutCertManagerTheCaBundleAndSecretComeFromValues() {
    String caBundle =
        Base64.getEncoder()
            .encodeToString("-----BEGIN CERTIFICATE-----\n…\n".getBytes(StandardCharsets.UTF_8));
    Map<String, Object> values = with("certManager", Map.of("enabled", false));
    values.put("tls", Map.of("existingSecret", "webhook-tls", "caBundle", caBundle));
    Chart.Resources r = render(values);
    assertThat(r.kind("Certificate")).isEmpty();
    assertThat(r.kind("Issuer")).isEmpty();
    var vwc = r.one(ValidatingWebhookConfiguration.class);
    var mwc = r.one(MutatingWebhookConfiguration.class);
    assertThat(vwc.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(mwc.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(vwc.getWebhooks().get(0).getClientConfig().getCaBundle()).isEqualTo(caBundle);
    assertThat(mwc.getWebhooks().get(0).getClientConfig().getCaBundle()).isEqualTo(caBundle);
    PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(vol -> vol.getName().equals("tls"))
        .singleElement()
        .satisfies(vol -> assertThat(vol.getSecret().getSecretName()).isEqualTo("webhook-tls"));

    // without either, the chart refuses with the value to set
    Map<String, Object> missing = with("certManager", Map.of("enabled", false));
    assertThatThrownBy(() -> Chart.render(missing, tmp))
        .hasMessageContaining("tls.existingSecret is required when certManager.enabled=false");
    missing.put("tls", Map.of("existingSecret", "webhook-tls"));
    assertThatThrownBy(() -> Chart.render(missing, tmp)).hasMessageContaining("tls.caBundle");
  }

  @Test
  void failurePolicyIgnoreAndFailOpen() {
    Map<String, Object> values = with("failurePolicy", "Ignore");
    values.put("failureMode", "open");
    Chart.Resources r = render(values);
    assertThat(r.one(ValidatingWebhookConfiguration.class).getWebhooks().get(0).getFailurePolicy())
        .isEqualTo("Ignore");
    assertThat(r.one(MutatingWebhookConfiguration.class).getWebhooks().get(0).getFailurePolicy())
        .isEqualTo("Ignore");
    assertThat(container(r).getArgs())
        .contains("--failure-mode=open")
        .doesNotContain("--failure-mode=closed");

    assertThatThrownBy(() -> Chart.render(with("failurePolicy", "ignore"), tmp))
        .hasMessageContaining("failurePolicy must be Fail or Ignore");
    assertThatThrownBy(() -> Chart.render(with("failureMode", "maybe"), tmp))
        .hasMessageContaining("failureMode must be closed or open");
    // a deadline the API server would cut off
    assertThatThrownBy(() -> Chart.render(with("deadline", "12s"), tmp))
        .hasMessageContaining("must be below timeoutSeconds");
  }

  @Test
  void auditExemptionsMutateOffAndRegistryOptions() {
    Map<String, Object> values = with("audit", true);
    values.put("exemptNamespaces", List.of("kube-system", "monitoring", NAMESPACE));
    values.put("exemptImages", List.of("registry.k8s.io/*"));
    values.put("mutate", Map.of("enabled", false));
    values.put("keepAdmitted", false);
    values.put("registryCredentials", Map.of("existingSecret", "regcred"));
    values.put("insecureRegistries", List.of("registry.local:5000"));
    values.put("registryCACert", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    Chart.Resources r = render(values);
    Container c = container(r);
    assertThat(c.getArgs())
        .contains(
            "--audit",
            "--exempt-namespace=monitoring",
            "--exempt-image=registry.k8s.io/*",
            "--keep-admitted=false",
            "--insecure=registry.local:5000",
            "--ca-cert=/etc/drydock/registry-ca/ca.crt");
    // the release namespace is not repeated when listed again
    assertThat(c.getArgs()).filteredOn(("--exempt-namespace=" + NAMESPACE)::equals).hasSize(1);
    assertThat(r.all(MutatingWebhookConfiguration.class)).isEmpty();
    assertThat(
            r.one(ValidatingWebhookConfiguration.class)
                .getWebhooks()
                .get(0)
                .getNamespaceSelector()
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactlyInAnyOrder(NAMESPACE, "kube-system", "monitoring");

    // registry credentials: the dockerconfigjson Secret as $DOCKER_CONFIG/config.json
    assertThat(env(c)).containsEntry("DOCKER_CONFIG", "/etc/drydock/docker");
    PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("docker-config"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getSecret().getSecretName()).isEqualTo("regcred");
              assertThat(v.getSecret().getItems())
                  .singleElement()
                  .satisfies(
                      i -> {
                        assertThat(i.getKey()).isEqualTo(".dockerconfigjson");
                        assertThat(i.getPath()).isEqualTo("config.json");
                      });
            });
    assertThat(c.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("docker-config"))
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/etc/drydock/docker"));
    assertThat(r.named("ConfigMap", FULLNAME + "-registry-ca")).isPresent();
  }

  @Test
  void anotherNamespaceIsExcludedFromItsOwnWebhook() {
    Chart.Resources r = Chart.load(Chart.render(Chart.withKey(), tmp, "security"));
    assertThat(
            r.one(ValidatingWebhookConfiguration.class)
                .getWebhooks()
                .get(0)
                .getNamespaceSelector()
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactlyInAnyOrder("security", "kube-system");
    assertThat(r.one(ValidatingWebhookConfiguration.class).getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", "security/" + FULLNAME + "-tls");
    assertThat(container(r).getArgs()).contains("--exempt-namespace=security");
  }

  @Test
  void schedulingAndMonitoringValuesReachThePod() {
    Map<String, Object> values = with("nodeSelector", Map.of("kubernetes.io/os", "linux"));
    values.put(
        "tolerations",
        List.of(
            Map.of(
                "key",
                "dedicated",
                "operator",
                "Equal",
                "value",
                "infra",
                "effect",
                "NoSchedule")));
    values.put("podAnnotations", Map.of("example.com/team", "security"));
    values.put("image", Map.of("digest", "sha256:" + "a".repeat(64)));
    values.put("serviceMonitor", Map.of("enabled", true));
    Chart.Resources r = render(values);
    Deployment d = r.one(Deployment.class);
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(podAnnotations(r))
        .containsEntry("example.com/team", "security")
        .containsKey("checksum/policy");
    assertThat(container(r).getImage())
        .isEqualTo("ghcr.io/drydock-project/drydock@sha256:" + "a".repeat(64));
    GenericKubernetesResource sm = r.kind("ServiceMonitor").stream().findFirst().orElseThrow();
    Map<?, ?> endpoint = (Map<?, ?>) ((List<?>) spec(sm).get("endpoints")).get(0);
    assertThat(endpoint.get("scheme")).isEqualTo("https");
    assertThat(endpoint.get("path")).isEqualTo("/metrics");
    assertThat(endpoint.get("port")).isEqualTo("https");
    assertThat(renderDefault().kind("ServiceMonitor")).isEmpty();
  }

  private record Common(
      List<String> versions,
      String sideEffects,
      String failurePolicy,
      Integer timeoutSeconds,
      String matchPolicy,
      io.fabric8.kubernetes.api.model.LabelSelector namespaceSelector,
      List<RuleWithOperations> rules,
      WebhookClientConfig clientConfig) {}

  private static <T> T fail(String message) {
    throw new AssertionError(message);
  }

  private static List<String> resources(List<RuleWithOperations> rules) {
    List<String> out = new ArrayList<>();
    for (RuleWithOperations rule : rules) {
      assertThat(rule.getScope()).isEqualTo("Namespaced");
      for (String group : rule.getApiGroups()) {
        for (String version : rule.getApiVersions()) {
          for (String resource : rule.getResources()) {
            out.add(group + "/" + version + "/" + resource);
          }
        }
      }
    }
    return out;
  }

  private static void assertHttpsProbe(Probe probe, String path) {
    assertThat(probe).as("probe for %s", path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("https");
  }

  private static Container container(Chart.Resources r) {
    return r.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Map<String, String> podAnnotations(Chart.Resources r) {
    return r.one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations();
  }

  private static Map<String, String> env(Container c) {
    Map<String, String> env = new LinkedHashMap<>();
    c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }

  private static GenericKubernetesResource issuer(Chart.Resources r, String name) {
    return r.named("Issuer", name).map(GenericKubernetesResource.class::cast).orElseThrow();
  }

  static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
