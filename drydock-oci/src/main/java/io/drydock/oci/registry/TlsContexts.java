package io.drydock.oci.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** The two TLS contexts a client needs: verified (JDK trust + extra CAs) and trust-all. */
final class TlsContexts {
  private TlsContexts() {}

  /** JDK default trust anchors plus every certificate in {@code pems}. */
  static SSLContext verified(List<Path> pems) throws IOException {
    try {
      if (pems.isEmpty()) {
        return SSLContext.getDefault();
      }
      TrustManagerFactory jdk =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jdk.init((KeyStore) null);
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int n = 0;
      for (TrustManager tm : jdk.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            ks.setCertificateEntry("jdk-" + n++, c);
          }
        }
      }
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Path pem : pems) {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
          certs = cf.generateCertificates(in);
        } catch (CertificateException e) {
          throw new IOException(
              "CA certificate file " + pem + " is not valid PEM: " + e.getMessage());
        }
        if (certs.isEmpty()) {
          throw new IOException("CA certificate file " + pem + " holds no certificate");
        }
        for (Certificate c : certs) {
          ks.setCertificateEntry("extra-" + n++, c);
        }
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }

  /**
   * Trusts no certificate at all: for clients that only ever speak plain HTTP, where building the
   * default context would load the JDK trust store for nothing.
   */
  static SSLContext trustNothing() {
    try {
      KeyStore empty = KeyStore.getInstance(KeyStore.getDefaultType());
      empty.load(null, null);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(empty);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up an empty TLS context", e);
    }
  }

  /**
   * Accepts any certificate for any host name (host-name checks happen in the extended trust
   * manager, which this one replaces). Only for {@code --insecure} hosts.
   */
  static SSLContext trustAll() throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new TrustAll()}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
