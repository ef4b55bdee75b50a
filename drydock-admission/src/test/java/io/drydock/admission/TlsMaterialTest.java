package io.drydock.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.policy.PolicyEngine;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serving certificates from PEM files in every key form, hostile files, and live reload. */
class TlsMaterialTest {
  @TempDir Path dir;

  static KeyPair keyPair(String alg) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
    if (alg.equals("EC")) {
      g.initialize(new ECGenParameterSpec("secp256r1"));
    } else {
      g.initialize(2048);
    }
    return g.generateKeyPair();
  }

  static X509Certificate cert(KeyPair kp, long serial) throws Exception {
    X500Name name = new X500Name("CN=drydock-admission.drydock-system.svc");
    Instant now = Instant.now();
    var b =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(serial),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plus(Duration.ofDays(1))),
            name,
            kp.getPublic());
    String alg = kp.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(kp.getPrivate())));
  }

  static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o);
    }
    return w.toString();
  }

  static String pkcs8(KeyPair kp) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(kp.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  void write(X509Certificate c, String key) throws Exception {
    // write then move, as the kubelet swaps a secret volume's files
    Path tmpCert = Files.writeString(dir.resolve("tls.crt.tmp"), pem(c));
    Path tmpKey = Files.writeString(dir.resolve("tls.key.tmp"), key);
    Files.move(tmpKey, dir.resolve("tls.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmpCert, dir.resolve("tls.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  static void openssl(Path dir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
  }

  /** Keys as openssl (and so cert-manager and kubectl) write them: PKCS#1, SEC1 and PKCS#8. */
  @Test
  void readsPkcs1Sec1AndPkcs8Keys() throws Exception {
    openssl(dir, "genrsa", "-traditional", "-out", "rsa1.key", "2048");
    openssl(dir, "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "sec1.key");
    openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", "sec1.key", "-out", "pkcs8.key");
    assertThat(Files.readString(dir.resolve("rsa1.key"))).contains("BEGIN RSA PRIVATE KEY");
    assertThat(Files.readString(dir.resolve("sec1.key"))).contains("BEGIN EC PRIVATE KEY");
    assertThat(Files.readString(dir.resolve("pkcs8.key"))).contains("BEGIN PRIVATE KEY");
    int serial = 7;
    for (String key : List.of("rsa1.key", "sec1.key", "pkcs8.key")) {
      String crt = key + ".crt";
      openssl(
          dir,
          "req",
          "-x509",
          "-key",
          key,
          "-subj",
          "/CN=drydock-admission",
          "-days",
          "1",
          "-set_serial",
          String.valueOf(serial),
          "-out",
          crt);
      KeyStore ks = TlsMaterial.load(dir.resolve(crt), dir.resolve(key));
      assertThat(((X509Certificate) ks.getCertificate("serving")).getSerialNumber())
          .isEqualTo(BigInteger.valueOf(serial));
      assertThat(ks.getKey("serving", TlsMaterial.PASSWORD.toCharArray()).getAlgorithm())
          .isEqualTo(key.startsWith("rsa") ? "RSA" : "EC");
      serial++;
    }
  }

  @Test
  void hostileFilesAreOneClearError() throws Exception {
    KeyPair ec = keyPair("EC");
    Path crt = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Files.writeString(crt, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
    Files.writeString(key, pkcs8(ec));
    assertThatThrownBy(() -> TlsMaterial.load(crt, key))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(crt.toString());
    Files.writeString(crt, "");
    assertThatThrownBy(() -> TlsMaterial.load(crt, key)).hasMessageContaining("no certificate");
    Files.writeString(crt, pem(cert(ec, 1)));
    Files.writeString(key, "garbage");
    assertThatThrownBy(() -> TlsMaterial.load(crt, key))
        .hasMessageContaining(key.toString())
        .hasMessageContaining("no unencrypted private key");
    Files.writeString(key, pem(keyPair("RSA")));
    assertThatThrownBy(() -> TlsMaterial.load(crt, key)).hasMessageContaining("does not belong");
    Files.write(key, new byte[2 << 20]);
    assertThatThrownBy(() -> TlsMaterial.load(crt, key)).hasMessageContaining("too large");
  }

  /** Accepts any server certificate: these tests read the certificate, they do not trust it. */
  static final TrustManager[] TRUST_ANY = {
    new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] c, String a) {}

      @Override
      public void checkServerTrusted(X509Certificate[] c, String a) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }
  };

  /** The serial of the certificate the server presents now. */
  static BigInteger served(int port) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, TRUST_ANY, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.startHandshake();
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  static AdmissionConfig config() throws Exception {
    return new AdmissionConfig(
        PolicyEngine.parse(
            "apiVersion: drydock.io/v1\nkind: Policy\nbuiltins:\n  - no-kev\n", "test"),
        "h",
        Map.of("k.pub", keyPair("EC").getPublic()),
        FailureMode.CLOSED,
        Duration.ofSeconds(2),
        Duration.ofMinutes(1),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Set.of(),
        List.of(),
        false,
        true,
        "drydock.io/break-glass",
        AdmissionConfig.DEFAULT_MAX_BODY);
  }

  @Test
  void rotatedCertificateFilesAreServedWithoutRestart() throws Exception {
    KeyPair kp = keyPair("EC");
    write(cert(kp, 1), pkcs8(kp));
    try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults());
        AdmissionServer server =
            AdmissionServer.start(
                config(),
                client,
                "127.0.0.1",
                0,
                new AdmissionServer.Tls(dir.resolve("tls.crt"), dir.resolve("tls.key")),
                Duration.ofMillis(100))) {
      assertThat(served(server.port())).isEqualTo(BigInteger.ONE);
      // a half-written rotation (new cert, old key) is not taken; the old pair keeps serving
      KeyPair next = keyPair("RSA");
      Files.writeString(dir.resolve("tls.crt"), pem(cert(next, 2)));
      Thread.sleep(400);
      assertThat(served(server.port())).isEqualTo(BigInteger.ONE);
      write(cert(next, 2), pem(next));
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      BigInteger now = served(server.port());
      while (!now.equals(BigInteger.TWO) && System.nanoTime() < until) {
        Thread.sleep(100);
        now = served(server.port());
      }
      assertThat(now).isEqualTo(BigInteger.TWO);
    }
  }

  @Test
  void onlyTls12AndNewerAreOffered() throws Exception {
    KeyPair kp = keyPair("EC");
    try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults());
        AdmissionServer server =
            AdmissionServer.start(
                config(),
                client,
                "127.0.0.1",
                0,
                AdmissionServer.Tls.selfSigned(),
                Duration.ofSeconds(10))) {
      assertThat(server.selfSignedCertificate()).startsWith("-----BEGIN CERTIFICATE-----");
      for (String proto : List.of("TLSv1.2", "TLSv1.3")) {
        SSLContext trusting = SSLContext.getInstance(proto);
        trusting.init(null, TRUST_ANY, null);
        try (SSLSocket s =
            (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", server.port())) {
          s.setEnabledProtocols(new String[] {proto});
          s.startHandshake();
          assertThat(s.getSession().getProtocol()).isEqualTo(proto);
        }
      }
      assertThat(kp).isNotNull();
    }
  }
}
