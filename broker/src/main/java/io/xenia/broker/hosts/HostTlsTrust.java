package io.xenia.broker.hosts;

import io.micronaut.context.BeanProvider;
import io.xenia.broker.persistence.Database;
import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The broker's side of the daemons' mTLS: a client {@link SSLContext} for calling host control APIs
 * that trusts only the host CA and refuses a daemon whose certificate is revoked — so a revoked
 * host's answers are refused in the handshake. The revoked serials are reloaded from the database
 * by every failure-detector sweep ({@code xenia.hosts.detector-interval}) and right after a
 * revocation on this broker. Thread-safe.
 */
@jakarta.inject.Singleton
public final class HostTlsTrust {
  // Looked up when a context is built, not at start-up: a broker that never enrolls hosts (search
  // disabled, no host CA configured) still starts.
  private final BeanProvider<HostCertificateAuthority> ca;
  private final Database database;
  private volatile Set<BigInteger> revoked = Set.of();

  HostTlsTrust(BeanProvider<HostCertificateAuthority> ca, Database database) {
    this.ca = ca;
    this.database = database;
  }

  public boolean isRevoked(BigInteger serial) {
    return revoked.contains(serial);
  }

  /** Reloads the revoked TLS serials. */
  public CompletableFuture<Void> refresh() {
    return database
        .read(
            session ->
                session
                    .createSelectionQuery(
                        "select serial from HostCertificateEntity"
                            + " where kind = 'tls' and revokedAt is not null",
                        Long.class)
                    .getResultList())
        .thenAccept(
            serials -> {
              Set<BigInteger> next = new HashSet<>();
              serials.forEach(s -> next.add(BigInteger.valueOf(s)));
              revoked = Set.copyOf(next);
            });
  }

  /**
   * A TLS 1.3 client context presenting {@code certificate} (from {@link
   * HostCertificateAuthority#issueBroker}) and trusting only non-revoked host certificates.
   */
  public SSLContext clientContext(KeyPair key, X509Certificate certificate) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "broker", key.getPrivate(), new char[0], new X509Certificate[] {certificate});
      var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("host-ca", ca.get().certificate());
      var tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      X509ExtendedTrustManager pkix = null;
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          pkix = x;
        }
      }
      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(
          kmf.getKeyManagers(), new TrustManager[] {new Checking(pkix)}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the host control client context", e);
    }
  }

  /** PKIX over the host CA, then the revoked serials. */
  private final class Checking extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;

    Checking(X509ExtendedTrustManager pkix) {
      this.pkix = pkix;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      for (X509Certificate c : chain) {
        if (isRevoked(c.getSerialNumber())) {
          throw new CertificateException("host certificate " + c.getSerialNumber() + " is revoked");
        }
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      pkix.checkServerTrusted(chain, authType, socket);
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      pkix.checkServerTrusted(chain, authType, engine);
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      pkix.checkServerTrusted(chain, authType);
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      pkix.checkClientTrusted(chain, authType, socket);
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      pkix.checkClientTrusted(chain, authType, engine);
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      pkix.checkClientTrusted(chain, authType);
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return pkix.getAcceptedIssuers();
    }
  }
}
