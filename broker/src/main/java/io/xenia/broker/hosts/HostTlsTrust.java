package io.xenia.broker.hosts;

import io.micronaut.context.BeanProvider;
import io.xenia.broker.persistence.Database;
import io.xenia.protocol.tls.MutualTls;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

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
    return MutualTls.context(
        key.getPrivate(), certificate, List.of(ca.get().certificate()), this::isRevoked);
  }
}
