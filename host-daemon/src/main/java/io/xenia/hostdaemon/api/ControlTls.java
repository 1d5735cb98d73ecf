package io.xenia.hostdaemon.api;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS contexts for the control API: the host's key and certificate, trusting only the host CA
 * certificates (and the {@link RevocationList}). TLS 1.3 only; the protocol list is set where the
 * context is used.
 */
public final class ControlTls {
  private static final char[] NO_PASSWORD = new char[0];

  private ControlTls() {}

  public static SSLContext context(
      PrivateKey key,
      X509Certificate certificate,
      List<X509Certificate> trustedCas,
      RevocationList revocations) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("host", key, NO_PASSWORD, new X509Certificate[] {certificate});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, NO_PASSWORD);

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (int i = 0; i < trustedCas.size(); i++) {
        trust.setCertificateEntry("ca-" + i, trustedCas.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      X509ExtendedTrustManager pkix = null;
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          pkix = x;
        }
      }
      if (pkix == null) {
        throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
      }
      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(
          kmf.getKeyManagers(),
          new TrustManager[] {new RevocationCheckingTrustManager(pkix, revocations)},
          new SecureRandom());
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the control API's TLS context: " + e, e);
    }
  }
}
