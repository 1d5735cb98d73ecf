package io.xenia.broker.sessions;

import io.micronaut.context.BeanProvider;
import io.xenia.broker.hosts.HostCertificateAuthority;
import io.xenia.broker.hosts.HostTlsTrust;
import io.xenia.broker.search.SearchKeys;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who the broker is to hosts and customers in sessions: the Ed25519 key that countersigns
 * agreements on behalf of customers ({@code xenia.sessions.signing-key-file}, created if absent;
 * without the setting a key made at start-up, whose signatures outlive it only as long as the
 * customer kept its public key) and the mTLS client identity for host control APIs (a fresh P-256
 * key with a certificate from the host CA, renewed before it expires).
 */
@Singleton
public final class BrokerIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerIdentity.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final BeanProvider<HostCertificateAuthority> ca;
  private final HostTlsTrust trust;
  private final Clock clock;
  private final Ed25519KeyPair signingKey;
  private TlsIdentity tls;

  private record TlsIdentity(SSLContext context, Instant renewAfter) {}

  BrokerIdentity(
      SessionsConfig config,
      BeanProvider<HostCertificateAuthority> ca,
      HostTlsTrust trust,
      Clock clock) {
    this.ca = ca;
    this.trust = trust;
    this.clock = clock;
    if (config.signingKeyFile() == null || config.signingKeyFile().isBlank()) {
      LOG.warn(
          "xenia.sessions.signing-key-file is not set: agreements are countersigned with a key made"
              + " at start-up");
      this.signingKey = Ed25519KeyPair.generate(RANDOM);
    } else {
      this.signingKey =
          SearchKeys.loadOrCreate(
              Path.of(config.signingKeyFile()), "xenia.sessions.signing-key-file", RANDOM);
    }
  }

  public Ed25519KeyPair signingKey() {
    return signingKey;
  }

  public Ed25519PublicKey publicKey() {
    return signingKey.publicKey();
  }

  /** The client TLS context for host control APIs (trusting only non-revoked host certificates). */
  public synchronized SSLContext tls() {
    Instant now = clock.instant();
    if (tls == null || now.isAfter(tls.renewAfter())) {
      KeyPair key = p256();
      X509Certificate certificate = ca.get().issueBroker("broker", key.getPublic()).certificate();
      Instant notAfter = certificate.getNotAfter().toInstant();
      Duration life = Duration.between(now, notAfter);
      tls = new TlsIdentity(trust.clientContext(key, certificate), now.plus(life.dividedBy(2)));
    }
    return tls.context();
  }

  private static KeyPair p256() {
    try {
      var generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("no P-256 key generator", e);
    }
  }
}
