package io.xenia.dht.transport.udp;

import static org.junit.jupiter.api.Assertions.fail;

import io.xenia.dht.NodeId;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.vivaldi.Coordinate;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/** Test fixtures: keys, certificates and transports on 127.0.0.1. */
final class Peers {
  static final SecureRandom RANDOM = new SecureRandom();
  static final Coordinate HERE = new Coordinate(new double[] {1, 2, 3, 4}, 0.5, 0.25);

  private Peers() {}

  static Ed25519KeyPair key() {
    return Ed25519KeyPair.generate(RANDOM);
  }

  static InetSocketAddress anyPort() {
    return new InetSocketAddress("127.0.0.1", 0);
  }

  static UdpTransport open(Ed25519KeyPair key) {
    return open(key, anyPort());
  }

  static UdpTransport open(Ed25519KeyPair key, InetSocketAddress bind) {
    return UdpTransport.builder()
        .bind(bind)
        .identity(NodeIdentity.uncertified(key))
        .policy(MembershipPolicy.open())
        .build();
  }

  static MembershipCertificate certificate(
      Ed25519KeyPair ca, Ed25519KeyPair subject, Instant notBefore, Instant notAfter) {
    return MembershipCertificate.issue(
        ca,
        MembershipClaims.of(
            subject.publicKey(), MembershipRole.SEARCH_NODE, "node-1", 7, notBefore, notAfter));
  }

  static MembershipCertificate validCertificate(Ed25519KeyPair ca, Ed25519KeyPair subject) {
    Instant now = Instant.now();
    return certificate(ca, subject, now.minusSeconds(60), now.plusSeconds(3600));
  }

  static MembershipPolicy closed(Ed25519KeyPair ca) {
    return MembershipPolicy.requireCertificate(ca.publicKey(), Clock.systemUTC());
  }

  static NodeId id(Ed25519KeyPair key) {
    return NodeId.of(key.publicKey());
  }

  /** Waits up to five seconds for a counter to reach {@code atLeast}. */
  static void awaitCount(LongSupplier counter, long atLeast, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (counter.getAsLong() < atLeast) {
      if (System.nanoTime() > deadline) {
        fail(what + " stayed at " + counter.getAsLong() + ", expected >= " + atLeast);
      }
      Thread.sleep(5);
    }
  }
}
