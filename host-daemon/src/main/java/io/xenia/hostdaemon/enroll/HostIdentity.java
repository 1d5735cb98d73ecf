package io.xenia.hostdaemon.enroll;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What enrollment gave the host, as loaded from its data directory: its id at the broker, its
 * Ed25519 identity key, its TLS key and certificate, the CA certificates to trust, its DHT
 * membership certificate, and the heartbeat interval the broker asked for.
 */
public record HostIdentity(
    UUID hostId,
    URI broker,
    Ed25519KeyPair hostKey,
    PrivateKey tlsKey,
    X509Certificate tlsCertificate,
    List<X509Certificate> caCertificates,
    byte[] membershipCertificate,
    Duration heartbeatInterval) {
  public HostIdentity {
    requireNonNull(hostId, "hostId is null");
    requireNonNull(broker, "broker is null");
    requireNonNull(hostKey, "hostKey is null");
    requireNonNull(tlsKey, "tlsKey is null");
    requireNonNull(tlsCertificate, "tlsCertificate is null");
    caCertificates = List.copyOf(caCertificates);
    membershipCertificate = membershipCertificate.clone();
    requireNonNull(heartbeatInterval, "heartbeatInterval is null");
  }

  @Override
  public byte[] membershipCertificate() {
    return membershipCertificate.clone();
  }
}
