package io.drydock.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/gen-webhook-cert.sh, run as an operator would (bash and openssl on PATH). */
class WebhookCertScriptTest {
  private static final Path SCRIPT = Chart.REPO.resolve("deploy/gen-webhook-cert.sh");

  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(tmp.toFile())
            .redirectOutput(tmp.resolve("stdout").toFile())
            .redirectError(tmp.resolve("stderr").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("script finished").isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(tmp.resolve("stdout")),
        Files.readString(tmp.resolve("stderr")));
  }

  @Test
  void issuesAServingCertificateForTheServiceThatChainsToTheCa() throws Exception {
    Path out = tmp.resolve("certs");
    Run run = run("drydock-system", "drydock-admission", out.toString());
    assertThat(run.code()).as("stderr: %s", run.err()).isZero();

    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate ca = read(cf, out.resolve("ca.crt"));
    X509Certificate tls = read(cf, out.resolve("tls.crt"));

    // SANs: the names the API server and in-cluster clients use
    List<String> dns = new ArrayList<>();
    for (List<?> san : tls.getSubjectAlternativeNames()) {
      if ((Integer) san.get(0) == 2) {
        dns.add((String) san.get(1));
      }
    }
    assertThat(dns)
        .contains(
            "drydock-admission.drydock-system.svc",
            "drydock-admission.drydock-system.svc.cluster.local");
    assertThat(tls.getBasicConstraints()).isEqualTo(-1);
    assertThat(tls.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth
    assertThat(tls.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(tls.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);

    // PKIX path validation with the CA as the only trust anchor
    CertPath path = cf.generateCertPath(List.of(tls));
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(path, params);

    // tls.key is the serving certificate's key (PKCS#8): sign with it, verify with the cert
    PrivateKey key = readKey(out.resolve("tls.key"));
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    byte[] data = "drydock".getBytes(StandardCharsets.UTF_8);
    signer.update(data);
    byte[] sig = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(tls);
    verifier.update(data);
    assertThat(verifier.verify(sig)).isTrue();

    // stdout: the caBundle is base64 of ca.crt, and the Secret command names the files
    String caBundle = Base64.getEncoder().encodeToString(Files.readAllBytes(out.resolve("ca.crt")));
    assertThat(run.out().lines()).contains(caBundle);
    assertThat(run.out())
        .contains(
            "kubectl -n drydock-system create secret tls drydock-admission-tls --cert="
                + out.resolve("tls.crt")
                + " --key="
                + out.resolve("tls.key"));
  }

  @Test
  void defaultsServiceAndOutputDirectory() throws Exception {
    Run run = run("security");
    assertThat(run.code()).as("stderr: %s", run.err()).isZero();
    X509Certificate tls =
        read(CertificateFactory.getInstance("X.509"), tmp.resolve("drydock-admission-tls/tls.crt"));
    assertThat(tls.getSubjectX500Principal().getName())
        .isEqualTo("CN=drydock-admission.security.svc");
  }

  @Test
  void refusesBadArgumentsWithOneLine() throws Exception {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"Bad_NS"},
            new String[] {"ns", "svc.with.dots"},
            new String[] {"a", "b", "c", "d"})) {
      Run run = run(args);
      assertThat(run.code()).as("args %s", List.of(args)).isEqualTo(2);
      assertThat(run.err().strip().lines()).as("stderr %s", run.err()).hasSize(1);
      assertThat(run.err()).startsWith("gen-webhook-cert.sh: ");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void refusesAnOutputDirectoryThatIsAFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    Run run = run("ns", "svc", file.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("cannot create output directory");
  }

  @Test
  void refusesToOverwriteAnExistingCertificate() throws Exception {
    Path out = tmp.resolve("certs");
    assertThat(run("ns", "svc", out.toString()).code()).isZero();
    byte[] before = Files.readAllBytes(out.resolve("tls.crt"));
    Run again = run("ns", "svc", out.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("refusing to overwrite");
    assertThat(Files.readAllBytes(out.resolve("tls.crt"))).isEqualTo(before);
  }

  private static X509Certificate read(CertificateFactory cf, Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) cf.generateCertificate(in);
    }
  }

  private static PrivateKey readKey(Path file) throws Exception {
    String pem = Files.readString(file);
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }
}
