package io.xenia.protocol.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS 1.3 contexts for the mTLS between brokers and host daemons, one recipe for both ends: present
 * this key and certificate, trust only these CA certificates (PKIX), and refuse a peer whose chain
 * holds a revoked serial during the handshake, before any request is read.
 */
public final class MutualTls {
  private static final char[] NO_PASSWORD = new char[0];

  private MutualTls() {}

  /**
   * A context for either side of a connection.
   *
   * @param isRevoked asked on every handshake, so a revocation list that changes is honoured at
   *     once
   * @throws IllegalStateException if the JDK cannot build it (a key that does not fit, no PKIX)
   */
  public static SSLContext context(
      PrivateKey key,
      X509Certificate certificate,
      List<X509Certificate> trustedCas,
      Predicate<BigInteger> isRevoked) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("own", key, NO_PASSWORD, new X509Certificate[] {certificate});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, NO_PASSWORD);
      return context(kmf.getKeyManagers(), trustedCas, isRevoked);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build an mTLS context: " + e, e);
    }
  }

  /**
   * A context whose own key and certificate come from {@code keys} at each handshake (a key manager
   * that can switch to a rotated certificate without restarting the server).
   */
  public static SSLContext context(
      KeyManager keys, List<X509Certificate> trustedCas, Predicate<BigInteger> isRevoked) {
    return context(new KeyManager[] {keys}, trustedCas, isRevoked);
  }

  private static SSLContext context(
      KeyManager[] keys, List<X509Certificate> trustedCas, Predicate<BigInteger> isRevoked) {
    try {
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
          keys,
          new TrustManager[] {new RevocationCheckingTrustManager(pkix, isRevoked)},
          new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build an mTLS context: " + e, e);
    }
  }
}
