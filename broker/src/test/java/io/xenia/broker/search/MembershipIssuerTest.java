package io.xenia.broker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import io.xenia.dht.security.MembershipException;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MembershipIssuerTest {
  private final SecureRandom random = new SecureRandom();
  private final Ed25519KeyPair ca = Ed25519KeyPair.generate(random);
  private final Instant now = Instant.parse("2026-11-30T12:00:00Z");
  private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
  private final MembershipIssuer issuer =
      new MembershipIssuer(ca, Duration.ofDays(30), clock, random);

  @Test
  void aCertificateNamesTheKeyAndRoleAndIsValidFromJustBeforeNowForTheValidity() {
    Ed25519KeyPair host = Ed25519KeyPair.generate(random);
    MembershipCertificate certificate =
        issuer.issue(host.publicKey(), MembershipRole.HOST, "host-42");
    MembershipClaims claims = certificate.verify(ca.publicKey(), now);
    assertEquals(host.publicKey(), claims.subject());
    assertEquals(MembershipRole.HOST, claims.role());
    assertEquals("host-42", claims.subjectName());
    assertEquals(now.minus(MembershipIssuer.SKEW_ALLOWANCE), claims.notBefore());
    assertEquals(now.plus(Duration.ofDays(30)), claims.notAfter());
    assertEquals(ca.publicKey(), issuer.caPublicKey());
    // What a member's transport applies in the handshake.
    MembershipPolicy.requireCertificate(ca.publicKey(), clock)
        .admit(host.publicKey(), Optional.of(certificate));
  }

  @Test
  void aShorterValidityCanBeAskedFor() {
    MembershipCertificate certificate =
        issuer.issue(
            Ed25519KeyPair.generate(random).publicKey(),
            MembershipRole.SEARCH_NODE,
            "search-node-1",
            Duration.ofHours(1));
    assertEquals(now.plus(Duration.ofHours(1)), certificate.claims().notAfter());
    assertThrows(
        IllegalArgumentException.class,
        () -> issuer.issue(ca.publicKey(), MembershipRole.BROKER, "b", Duration.ZERO));
  }

  @Test
  void anotherCasPolicyRefusesIt() {
    Ed25519KeyPair node = Ed25519KeyPair.generate(random);
    MembershipCertificate certificate =
        issuer.issue(node.publicKey(), MembershipRole.BROKER, "broker-1");
    Ed25519KeyPair otherCa = Ed25519KeyPair.generate(random);
    MembershipException e =
        assertThrows(
            MembershipException.class,
            () ->
                MembershipPolicy.requireCertificate(otherCa.publicKey(), clock)
                    .admit(node.publicKey(), Optional.of(certificate)));
    assertEquals(MembershipException.Reason.WRONG_ISSUER, e.reason());
  }

  @Test
  void serialsDifferAndNamesAreChecked() {
    Ed25519KeyPair node = Ed25519KeyPair.generate(random);
    long a = issuer.issue(node.publicKey(), MembershipRole.BROKER, "b").claims().serial();
    long b = issuer.issue(node.publicKey(), MembershipRole.BROKER, "b").claims().serial();
    assertTrue(a != b);
    assertThrows(
        IllegalArgumentException.class,
        () -> issuer.issue(node.publicKey(), MembershipRole.BROKER, "no spaces allowed"));
  }
}
