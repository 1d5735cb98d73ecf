package io.xenia.broker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Renewal and certificate expiry on a real node (no broker): the renewal falls due after two thirds
 * of the validity, the check installs a new certificate in the running transport, and health turns
 * DOWN only once the certificate in use has expired.
 */
class CertificateRenewalTest {
  private final SecureRandom random = new SecureRandom();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
  private final Ed25519KeyPair ca = Ed25519KeyPair.generate(random);
  private final MembershipIssuer issuer =
      new MembershipIssuer(ca, Duration.ofDays(30), clock, random);
  private final SearchNetwork network;

  CertificateRenewalTest() {
    Ed25519KeyPair key = Ed25519KeyPair.generate(random);
    MembershipCertificate certificate = issuer.issue(key.publicKey(), MembershipRole.BROKER, "b");
    UdpDhtNode node =
        UdpDhtNode.start(
            DhtConfig.defaults(),
            NodeIdentity.certified(key, certificate),
            MembershipPolicy.requireCertificate(ca.publicKey(), clock),
            new InetSocketAddress("127.0.0.1", 0));
    network = new SearchNetwork(node, issuer, certificate, List.of(), false);
  }

  @AfterEach
  void close() {
    network.close();
  }

  @Test
  void renewalFallsDueAfterTwoThirdsOfTheValidity() {
    MembershipClaims claims = network.certificate().claims();
    Duration validity = Duration.between(claims.notBefore(), claims.notAfter());
    assertEquals(
        claims.notBefore().plus(validity.multipliedBy(2).dividedBy(3)),
        CertificateRenewal.renewalDue(claims));
  }

  @Test
  void theCheckRenewsInTheRunningTransportAndHealthFollowsTheCertificateInUse() {
    CertificateRenewal renewal = new CertificateRenewal(network, clock);
    SearchHealthIndicator health =
        new SearchHealthIndicator(network, new SeedJoiner(network, config(), clock), clock);
    assertFalse(renewal.check(), "not due yet");
    assertEquals(HealthStatus.UP, health.result().getStatus());

    MembershipCertificate first = network.certificate();
    clock.now = CertificateRenewal.renewalDue(first.claims()).plusSeconds(1);
    assertTrue(renewal.check(), "due: renewed");
    MembershipCertificate renewed = network.certificate();
    assertEquals(first.claims().subject(), renewed.claims().subject());
    assertTrue(renewed.claims().notAfter().isAfter(first.claims().notAfter()));
    assertFalse(renewal.check(), "the renewed one is not due yet");

    clock.now = first.claims().notAfter();
    assertEquals(HealthStatus.UP, health.result().getStatus(), "the old expiry no longer matters");

    clock.now = network.certificate().claims().notAfter();
    HealthResult expired = health.result();
    assertEquals(HealthStatus.DOWN, expired.getStatus());
    String reason = String.valueOf(((Map<?, ?>) expired.getDetails()).get("reason"));
    assertTrue(reason.contains("expired"), reason);
  }

  private static SearchConfig config() {
    return new SearchConfig(
        true,
        "127.0.0.1:0",
        List.of(),
        null,
        null,
        false,
        Duration.ofDays(30),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Map.of());
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
