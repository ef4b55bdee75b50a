package io.drydock.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.cli.CliParsing;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The container args the chart renders parse with the real {@code drydock} command line, so a
 * renamed or removed server option fails here rather than in a CrashLoopBackOff.
 *
 * <p>{@link #defaultArgsParse} and {@link #everyOptionalArgParses} need {@code drydock admission
 * serve} (drydock-admission, merged separately): until then they fail with "Unmatched argument …
 * 'admission'". {@link #argsMatchTheDocumentedContract} checks the same args against a stub of the
 * documented contract and passes on its own.
 */
class ServeArgsParseTest {
  @TempDir Path tmp;

  private List<String> args(Map<String, Object> values) {
    return Chart.load(Chart.render(values, tmp))
        .one(Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getArgs();
  }

  private static CommandLine.ParseResult serve(List<String> args) {
    CommandLine.ParseResult top = CliParsing.parse(args.toArray(String[]::new));
    assertThat(top.subcommand()).as("subcommand of %s", args).isNotNull();
    assertThat(top.subcommand().commandSpec().name()).isEqualTo("admission");
    CommandLine.ParseResult serve = top.subcommand().subcommand();
    assertThat(serve).isNotNull();
    assertThat(serve.commandSpec().name()).isEqualTo("serve");
    assertThat(serve.unmatched()).isEmpty();
    return serve;
  }

  /** The documented {@code admission serve} options, as a picocli stub (no behaviour). */
  @CommandLine.Command(name = "serve")
  static final class ServeContract {
    @CommandLine.Option(names = "--policy", required = true)
    Path policy;

    @CommandLine.Option(names = "--key", required = true)
    List<Path> keys;

    @CommandLine.Option(names = "--tls-cert")
    Path tlsCert;

    @CommandLine.Option(names = "--tls-key")
    Path tlsKey;

    @CommandLine.Option(names = "--listen")
    String listen;

    enum FailureMode {
      closed,
      open
    }

    @CommandLine.Option(names = "--failure-mode")
    FailureMode failureMode;

    @CommandLine.Option(
        names = {"--deadline", "--registry-timeout", "--cache-ttl", "--negative-cache-ttl"})
    List<String> durations;

    @CommandLine.Option(names = "--exempt-namespace")
    List<String> exemptNamespaces;

    @CommandLine.Option(names = "--exempt-image")
    List<String> exemptImages;

    @CommandLine.Option(names = "--audit")
    boolean audit;

    @CommandLine.Option(names = "--keep-admitted", arity = "1")
    boolean keepAdmitted;

    @CommandLine.Option(names = "--break-glass-annotation")
    String breakGlass;

    @CommandLine.Option(names = "--max-body-size")
    long maxBodySize;

    @CommandLine.Option(names = "--insecure")
    List<String> insecure;

    @CommandLine.Option(names = "--ca-cert")
    Path caCert;
  }

  @Test
  void argsMatchTheDocumentedContract() {
    Map<String, Object> values = Chart.withKey();
    values.put("audit", true);
    values.put("keepAdmitted", false);
    values.put("exemptImages", List.of("registry.k8s.io/*"));
    values.put("insecureRegistries", List.of("registry.local:5000"));
    values.put("registryCACert", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    List<String> args = args(values);
    assertThat(args.subList(0, 2)).containsExactly("admission", "serve");
    ServeContract serve = new ServeContract();
    new CommandLine(serve).parseArgs(args.subList(2, args.size()).toArray(String[]::new));
    assertThat(serve.policy).isEqualTo(Path.of("/etc/drydock/policy/policy.yaml"));
    assertThat(serve.keys).containsExactly(Path.of("/etc/drydock/keys/cosign.pub"));
    assertThat(serve.listen).isEqualTo(":8443");
    assertThat(serve.failureMode).isEqualTo(ServeContract.FailureMode.closed);
    assertThat(serve.durations)
        .containsExactly("8s", "3s", "5m", "30s")
        .allMatch(d -> d.matches("[0-9]+(ms|s|m|h)"));
    assertThat(serve.audit).isTrue();
    assertThat(serve.keepAdmitted).isFalse();
    assertThat(serve.maxBodySize).isEqualTo(3_145_728L);
    assertThat(serve.breakGlass).isEqualTo("drydock.io/break-glass");
    assertThat(serve.exemptNamespaces).containsExactly(Chart.NAMESPACE, "kube-system");
    assertThat(serve.exemptImages).containsExactly("registry.k8s.io/*");
    assertThat(serve.insecure).containsExactly("registry.local:5000");
    assertThat(serve.caCert).isEqualTo(Path.of("/etc/drydock/registry-ca/ca.crt"));
    assertThat(serve.tlsCert).isEqualTo(Path.of("/etc/drydock/tls/tls.crt"));
    assertThat(serve.tlsKey).isEqualTo(Path.of("/etc/drydock/tls/tls.key"));
  }

  @Test
  void defaultArgsParse() {
    CommandLine.ParseResult serve = serve(args(Chart.withKey()));
    assertThat(serve.hasMatchedOption("--policy")).isTrue();
    assertThat(serve.hasMatchedOption("--key")).isTrue();
    assertThat(serve.hasMatchedOption("--tls-cert")).isTrue();
    assertThat(serve.hasMatchedOption("--tls-key")).isTrue();
    assertThat(serve.hasMatchedOption("--audit")).isFalse();
    assertThat(serve.matchedOption("--exempt-namespace").stringValues())
        .containsExactly(Chart.NAMESPACE, "kube-system");
  }

  @Test
  void everyOptionalArgParses() {
    Map<String, Object> values = Chart.withKey();
    values.put("publicKeys", Map.of("a.pub", Chart.TEST_KEY, "b.pub", Chart.TEST_KEY));
    values.put("audit", true);
    values.put("failureMode", "open");
    values.put("keepAdmitted", false);
    values.put("exemptImages", List.of("registry.k8s.io/*", "ghcr.io/acme/tools/*"));
    values.put("insecureRegistries", List.of("registry.local:5000"));
    values.put("registryCACert", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    values.put(
        "reportTo", Map.of("url", "http://drydock-server.drydock-system:8080", "tokenSecret", "t"));
    CommandLine.ParseResult serve = serve(args(values));
    assertThat(serve.matchedOption("--report-to").stringValues())
        .containsExactly("http://drydock-server.drydock-system:8080");
    assertThat(serve.matchedOption("--report-token-file").stringValues())
        .containsExactly("/etc/drydock/report/token");
    assertThat(serve.hasMatchedOption("--audit")).isTrue();
    assertThat(serve.matchedOption("--key").stringValues())
        .containsExactly("/etc/drydock/keys/a.pub", "/etc/drydock/keys/b.pub");
    assertThat(serve.matchedOption("--exempt-image").stringValues()).hasSize(2);
    assertThat(serve.hasMatchedOption("--insecure")).isTrue();
    assertThat(serve.hasMatchedOption("--ca-cert")).isTrue();
  }
}
