package io.drydock.admission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The serving certificate and key as an in-memory key store. PEM files as Kubernetes TLS secrets
 * and cert-manager write them: a certificate chain, and a key in PKCS#8, PKCS#1 (RSA) or SEC1 (EC)
 * form, which is why BouncyCastle's PEM parser is used rather than the JDK, which reads PKCS#8
 * only.
 */
final class TlsMaterial {
  /** Password of the in-memory key store; it never leaves the process. */
  static final String PASSWORD = "drydock-in-memory";

  private static final int MAX_PEM_BYTES = 1 << 20;

  private TlsMaterial() {}

  /**
   * Reads the chain and key.
   *
   * @throws IOException unreadable files, no certificate, no or an unsupported key, or a key that
   *     does not belong to the certificate; the message names the file
   */
  static KeyStore load(Path certFile, Path keyFile) throws IOException {
    List<Certificate> chain = readChain(certFile);
    PrivateKey key = readKey(keyFile);
    if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
      throw new IOException(
          keyFile
              + ": a "
              + key.getAlgorithm()
              + " key does not belong to the "
              + chain.get(0).getPublicKey().getAlgorithm()
              + " certificate in "
              + certFile);
    }
    return keyStore(key, chain);
  }

  static KeyStore keyStore(PrivateKey key, List<Certificate> chain) throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("serving", key, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
      return ks;
    } catch (GeneralSecurityException e) {
      throw new IOException("building the TLS key store: " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_PEM_BYTES) {
      throw new IOException(file + ": " + size + " bytes, too large for a PEM file");
    }
    return Files.readAllBytes(file);
  }

  static List<Certificate> readChain(Path certFile) throws IOException {
    byte[] pem = read(certFile);
    List<Certificate> chain;
    try {
      chain =
          new ArrayList<>(
              CertificateFactory.getInstance("X.509")
                  .generateCertificates(new ByteArrayInputStream(pem)));
    } catch (GeneralSecurityException e) {
      throw new IOException(certFile + ": not a PEM certificate: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IOException(certFile + ": no certificate in the file");
    }
    return chain;
  }

  static PrivateKey readKey(Path keyFile) throws IOException {
    String pem = new String(read(keyFile), StandardCharsets.US_ASCII);
    Object o;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      o = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IOException(keyFile + ": not a PEM private key: " + e.getMessage(), e);
    }
    // BouncyCastle reads every form (SEC1 keys may carry their curve only inside the key);
    // the JDK's KeyFactory then re-reads BouncyCastle's PKCS#8 so that JSSE gets a JDK key.
    JcaPEMKeyConverter converter =
        new JcaPEMKeyConverter()
            .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    PrivateKey bc = null;
    if (o instanceof PEMKeyPair kp) {
      bc = converter.getPrivateKey(kp.getPrivateKeyInfo());
    } else if (o instanceof PrivateKeyInfo info) {
      bc = converter.getPrivateKey(info);
    }
    if (bc != null) {
      try {
        String alg = bc.getAlgorithm().equals("ECDSA") ? "EC" : bc.getAlgorithm();
        return java.security.KeyFactory.getInstance(alg)
            .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(bc.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IOException(keyFile + ": unsupported private key: " + e.getMessage(), e);
      }
    }
    throw new IOException(
        keyFile
            + ": no unencrypted private key (PKCS#8, PKCS#1 or SEC1 PEM) in the file"
            + (o == null ? "" : ", found " + o.getClass().getSimpleName()));
  }

  /**
   * A self-signed EC P-256 certificate for {@code localhost}, {@code 127.0.0.1} and this host's
   * name, valid for a year, with its key.
   */
  static SelfSigned selfSigned() throws IOException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      Instant now = Instant.now();
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "localhost";
      }
      X500Name subject = new X500Name("CN=drydock-admission");
      var builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(365))),
              subject,
              kp.getPublic());
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, host),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      return new SelfSigned(keyStore(kp.getPrivate(), List.of(cert)), cert);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("generating a self-signed certificate: " + e.getMessage(), e);
    }
  }

  /** A generated certificate and the key store holding it with its key. */
  record SelfSigned(KeyStore keyStore, X509Certificate certificate) {
    /** The certificate in PEM, for clients to trust. */
    String pem() throws IOException {
      try {
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
      } catch (GeneralSecurityException e) {
        throw new IOException("encoding the certificate: " + e.getMessage(), e);
      }
    }
  }
}
