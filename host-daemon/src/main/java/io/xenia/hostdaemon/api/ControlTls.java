package io.xenia.hostdaemon.api;

import io.xenia.protocol.tls.MutualTls;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * TLS contexts for the control API: the host's key and certificate, trusting only the host CA
 * certificates and refusing the serials of the {@link RevocationList} ({@link MutualTls}). TLS 1.3
 * only; the protocol list is set where the context is used.
 */
public final class ControlTls {
  private ControlTls() {}

  public static SSLContext context(
      PrivateKey key,
      X509Certificate certificate,
      List<X509Certificate> trustedCas,
      RevocationList revocations) {
    return MutualTls.context(key, certificate, trustedCas, revocations::isRevoked);
  }

  /** The same with a key and certificate that can be switched while the server runs. */
  public static SSLContext context(
      RotatingKeyManager keys, List<X509Certificate> trustedCas, RevocationList revocations) {
    return MutualTls.context(keys, trustedCas, revocations::isRevoked);
  }
}
