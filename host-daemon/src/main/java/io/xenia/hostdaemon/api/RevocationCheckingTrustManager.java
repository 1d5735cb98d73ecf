package io.xenia.hostdaemon.api;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager over the host CA certificates, plus a check against the {@link
 * RevocationList}: a client whose certificate (or any certificate of its chain) is revoked fails
 * the handshake, before any request is read.
 */
final class RevocationCheckingTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private final RevocationList revocations;

  RevocationCheckingTrustManager(X509ExtendedTrustManager delegate, RevocationList revocations) {
    this.delegate = delegate;
    this.revocations = revocations;
  }

  private void checkRevoked(X509Certificate[] chain) throws CertificateException {
    for (X509Certificate c : chain) {
      if (revocations.isRevoked(c.getSerialNumber())) {
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
