package io.xenia.dht.scenarios;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A running node renews its membership certificate without a restart: new handshakes present the
 * renewed one, so a peer that already considers the old one expired admits the node again.
 */
class CertificateRenewalTest {
  private final SecureRandom random = new SecureRandom();
  private final Ed25519KeyPair ca = Ed25519KeyPair.generate(random);
  private final Instant now = Instant.now();

  private MembershipCertificate certificate(Ed25519KeyPair key, Instant notAfter) {
    return MembershipCertificate.issue(
        ca,
        MembershipClaims.of(
            key.publicKey(), MembershipRole.BROKER, "renewing", 1, now.minusSeconds(60), notAfter));
  }

  private UdpDhtNode node(NodeIdentity identity, Clock clock) {
    return UdpDhtNode.start(
        DhtConfig.defaults().withRpcTimeoutMillis(300),
        identity,
        MembershipPolicy.requireCertificate(ca.publicKey(), clock),
        new InetSocketAddress("127.0.0.1", 0));
  }

  @Test
  void aRenewedCertificateIsPresentedInTheNextHandshake() {
    Ed25519KeyPair renewingKey = Ed25519KeyPair.generate(random);
    Ed25519KeyPair peerKey = Ed25519KeyPair.generate(random);
    // The peer's clock is two hours ahead: to it, the renewing node's first certificate (one hour)
    // has already expired, the renewed one (three hours) has not.
    Clock peerClock = Clock.fixed(now.plus(Duration.ofHours(2)), ZoneOffset.UTC);
    try (UdpDhtNode renewing =
            node(
                NodeIdentity.certified(
                    renewingKey, certificate(renewingKey, now.plus(Duration.ofHours(1)))),
                Clock.systemUTC());
        UdpDhtNode peer =
            node(
                NodeIdentity.certified(peerKey, certificate(peerKey, now.plus(Duration.ofDays(1)))),
                peerClock)) {
      assertFalse(
          UdpDhtScenariosTest.await(peer.node().ping(renewing.address())),
          "the peer refuses an expired certificate");

      UdpDhtScenariosTest.await(
          renewing.renewCertificate(certificate(renewingKey, now.plus(Duration.ofHours(3)))));

      assertTrue(
          UdpDhtScenariosTest.await(peer.node().ping(renewing.address())),
          "the renewed certificate is admitted");
      assertTrue(peer.transportMetrics().handshakesRefused() >= 1);
    }
  }

  @Test
  void aCertificateForAnotherKeyIsRefused() {
    Ed25519KeyPair key = Ed25519KeyPair.generate(random);
    try (UdpDhtNode node =
        node(
            NodeIdentity.certified(key, certificate(key, now.plus(Duration.ofHours(1)))),
            Clock.systemUTC())) {
      Ed25519KeyPair other = Ed25519KeyPair.generate(random);
      assertThrows(
          IllegalArgumentException.class,
          () -> node.renewCertificate(certificate(other, now.plus(Duration.ofHours(3)))));
    }
  }
}
