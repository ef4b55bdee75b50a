package io.drydock.cli;

import io.drydock.admission.AdmissionConfig;
import io.drydock.admission.AdmissionServer;
import io.drydock.admission.FailureMode;
import io.drydock.policy.ImageGlob;
import io.drydock.policy.PolicyEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drydock admission serve}: runs the webhook until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    header = "Serve the admission webhook over HTTPS (/validate, /mutate).",
    description = {
      "Serve the admission webhook over HTTPS: POST /validate and /mutate (AdmissionReview",
      "admission.k8s.io/v1), GET /healthz, /readyz and /metrics (Prometheus), on one port.",
      "Per image: the tag is resolved to a digest, the cosign signature and the vulnerability",
      "scan attestation (drydock attest --scan) are verified with the --key(s), and the policy",
      "is evaluated on the attested scan. Runs until SIGTERM/SIGINT."
    })
final class AdmissionServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "FILE",
      description = "The policy file (apiVersion drydock.io/v1, kind Policy).")
  Path policy;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE.pub",
      description =
          "Trusted public key (repeatable). An image needs a signature and a scan attestation"
              + " verified by one of them; the policy sees the file name as keyId.")
  List<Path> keys = new ArrayList<>();

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description =
          "Serving certificate chain (PEM); re-read when it changes. Without --tls-cert/--tls-key"
              + " a self-signed certificate is generated and written to the cache dir.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "Its private key (PEM).")
  Path tlsKey;

  @Option(
      names = "--listen",
      defaultValue = ":8443",
      paramLabel = "[HOST]:PORT",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--failure-mode",
      defaultValue = "closed",
      paramLabel = "closed|open",
      description =
          "When an image cannot be decided within the deadline (registry down, slow): deny"
              + " (closed) or allow with a warning (open). Default: ${DEFAULT-VALUE}.")
  String failureMode;

  @Option(
      names = "--deadline",
      defaultValue = "8s",
      paramLabel = "DURATION",
      converter = SigningKeys.DurationConverter.class,
      description =
          "Longest wait for a request's decisions; keep it below the webhook's timeoutSeconds"
              + " (default: ${DEFAULT-VALUE}).")
  Duration deadline;

  @Option(
      names = "--registry-timeout",
      defaultValue = "3s",
      paramLabel = "DURATION",
      converter = SigningKeys.DurationConverter.class,
      description =
          "Connect and request timeout of every registry call (default: ${DEFAULT-VALUE}).")
  Duration registryTimeout;

  @Option(
      names = "--cache-ttl",
      defaultValue = "5m",
      paramLabel = "DURATION",
      converter = SigningKeys.DurationConverter.class,
      description = "How long an allow decision is reused per digest (default: ${DEFAULT-VALUE}).")
  Duration cacheTtl;

  @Option(
      names = "--negative-cache-ttl",
      defaultValue = "30s",
      paramLabel = "DURATION",
      converter = SigningKeys.DurationConverter.class,
      description = "How long a deny decision is reused (default: ${DEFAULT-VALUE}).")
  Duration negativeCacheTtl;

  @Option(
      names = "--tag-cache-ttl",
      defaultValue = "30s",
      paramLabel = "DURATION",
      converter = SigningKeys.DurationConverter.class,
      description = "How long a tag's digest is reused (default: ${DEFAULT-VALUE}).")
  Duration tagCacheTtl;

  @Option(
      names = "--exempt-namespace",
      paramLabel = "NS",
      description = "Namespace whose requests are allowed without checks (repeatable).")
  List<String> exemptNamespaces = new ArrayList<>();

  @Option(
      names = "--exempt-image",
      paramLabel = "GLOB",
      description =
          "Image allowed without checks (repeatable; * within a path segment, ** across).")
  List<String> exemptImages = new ArrayList<>();

  @Option(
      names = "--audit",
      description = "Deny nothing: log what would be denied and return it as a warning.")
  boolean audit;

  @Option(
      names = "--keep-admitted",
      defaultValue = "true",
      arity = "1",
      paramLabel = "true|false",
      description =
          "Pods that controllers re-create from an admitted template keep being admitted when"
              + " only new findings would deny them (a warning says so); new deployments follow"
              + " the current policy (default: ${DEFAULT-VALUE}).")
  boolean keepAdmitted;

  @Option(
      names = "--break-glass-annotation",
      defaultValue = "drydock.io/break-glass",
      paramLabel = "NAME",
      description =
          "Annotation whose non-empty value (the reason) admits an object without checks;"
              + " logged at WARN (default: ${DEFAULT-VALUE}).")
  String breakGlassAnnotation;

  @Option(
      names = "--max-body-size",
      defaultValue = "3145728",
      paramLabel = "BYTES",
      description = "Largest request body read (default: ${DEFAULT-VALUE}).")
  long maxBodySize;

  @Mixin ReportToOptions report;

  @Mixin SourceOptions sourceOptions;
  @Mixin CacheDirOptions cache;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (maxBodySize <= 0) {
      throw new IllegalArgumentException("--max-body-size " + maxBodySize + ": must be positive");
    }
    if (deadline.isZero()) {
      throw new IllegalArgumentException("--deadline 0s: must be positive");
    }
    FailureMode mode = FailureMode.parse(failureMode);
    String[] hostPort = listen(listen);
    PolicyEngine engine = PolicyEngine.load(policy);
    Map<String, PublicKey> trusted = new LinkedHashMap<>();
    for (Path k : keys) {
      trusted.put(k.getFileName().toString(), SigningKeys.publicKey(k));
    }
    List<ImageGlob> globs = new ArrayList<>();
    for (String g : exemptImages) {
      try {
        globs.add(ImageGlob.compile(g));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--exempt-image " + g + ": " + e.getMessage());
      }
    }
    AdmissionConfig config =
        new AdmissionConfig(
            engine,
            hash(),
            trusted,
            mode,
            deadline,
            cacheTtl,
            negativeCacheTtl,
            tagCacheTtl,
            new java.util.HashSet<>(exemptNamespaces),
            globs,
            audit,
            keepAdmitted,
            breakGlassAnnotation,
            maxBodySize);
    sourceOptions.timeout = registryTimeout;
    AdmissionServer.Tls tls = new AdmissionServer.Tls(tlsCert, tlsKey);
    io.drydock.admission.ImageSightings sightings = io.drydock.admission.ImageSightings.NONE;
    io.drydock.admission.ServerReporter reporter = null;
    ReportToOptions.Target target = report.target();
    if (target != null) {
      reporter =
          new io.drydock.admission.ServerReporter(
              target.server(),
              target.token(),
              java.time.Duration.ofHours(1),
              java.time.Clock.systemUTC());
      sightings = reporter;
    }
    AdmissionServer server =
        AdmissionServer.start(
            config,
            sourceOptions.client(),
            hostPort[0],
            Integer.parseInt(hostPort[1]),
            tls,
            AdmissionServer.DEFAULT_RELOAD_INTERVAL,
            sightings);
    io.drydock.admission.ServerReporter stopReporter = reporter;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  if (stopReporter != null) {
                    stopReporter.close();
                  }
                },
                "drydock-admission-stop"));
    if (server.selfSignedCertificate() != null) {
      Path dir = cache.dir().resolve("admission");
      Files.createDirectories(dir);
      Path pem = dir.resolve("self-signed.crt");
      Files.writeString(pem, server.selfSignedCertificate(), StandardCharsets.US_ASCII);
      err.println(
          "warning: no --tls-cert/--tls-key: serving a self-signed certificate (" + pem + ")");
    }
    err.println(
        "drydock admission: serving https://"
            + (hostPort[0].isEmpty() ? "0.0.0.0" : hostPort[0])
            + ":"
            + server.port()
            + " (/validate, /mutate, /healthz, /readyz, /metrics); policy "
            + policy
            + ", "
            + trusted.size()
            + " key(s), failure mode "
            + mode.label()
            + ", deadline "
            + deadline.toMillis()
            + " ms"
            + (audit ? ", AUDIT mode (nothing is denied)" : ""));
    err.flush();
    server.join();
    return 0;
  }

  /** {@code [HOST]:PORT} → host ("" for all) and port. */
  static String[] listen(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--listen " + listen + ": expected [HOST]:PORT");
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String port = listen.substring(colon + 1);
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      p = -1;
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException(
          "--listen " + listen + ": port \"" + port + "\" is not 0-65535");
    }
    return new String[] {host, String.valueOf(p)};
  }

  /** SHA-256 over the policy file and the key files: part of every decision's cache key. */
  private String hash() throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(Files.readAllBytes(policy));
      for (Path k : keys) {
        md.update((byte) 0);
        md.update(Files.readAllBytes(k));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
