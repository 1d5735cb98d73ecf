package io.xenia.protocol.tls;

import java.math.BigInteger;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A PKIX trust manager plus a revocation check: a peer whose certificate (or any certificate of its
 * chain) has a revoked serial fails the handshake.
 */
final class RevocationCheckingTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private final Predicate<BigInteger> isRevoked;

  RevocationCheckingTrustManager(
      X509ExtendedTrustManager delegate, Predicate<BigInteger> isRevoked) {
    this.delegate = delegate;
    this.isRevoked = isRevoked;
  }

  private void checkRevoked(X509Certificate[] chain) throws CertificateException {
    for (X509Certificate c : chain) {
      if (isRevoked.test(c.getSerialNumber())) {
        throw new CertificateException(
            "certificate serial "
                + c.getSerialNumber()
                + " ("
                + c.getSubjectX500Principal()
                + ") is revoked");
      }
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
    checkRevoked(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
    checkRevoked(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
    checkRevoked(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
    checkRevoked(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, engine);
    checkRevoked(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
    checkRevoked(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
