package io.xenia.dht.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.dht.security.MembershipException.Reason;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MembershipCertificateTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Ed25519KeyPair ca = Ed25519KeyPair.generate(RANDOM);
  private final Ed25519KeyPair node = Ed25519KeyPair.generate(RANDOM);
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  private final MembershipCertificate cert =
      MembershipCertificate.issue(
          ca,
          MembershipClaims.of(
              node.publicKey(), MembershipRole.HOST, "host-17", 42, t0, t0.plusSeconds(3600)));

  private static Reason reason(Runnable r) {
    return assertThrows(MembershipException.class, r::run).reason();
  }

  @Test
  void roundTripsThroughCanonicalJsonAndVerifies() {
    MembershipCertificate back = MembershipCertificate.fromJson(cert.toJson());
    assertEquals(cert, back);
    assertEquals(cert.claims(), back.verify(ca.publicKey(), t0.plusSeconds(1)));
    String json = new String(cert.toJson(), StandardCharsets.UTF_8);
    assertEquals(true, json.contains("\"type\":\"dht-membership\""), json);
    assertEquals(true, json.contains("\"role\":\"host\""), json);
  }

  @Test
  void refusesWithAReasonPerFailure() {
    Ed25519KeyPair otherCa = Ed25519KeyPair.generate(RANDOM);
    assertEquals(Reason.WRONG_ISSUER, reason(() -> cert.verify(otherCa.publicKey(), t0)));
    assertEquals(
        Reason.NOT_YET_VALID, reason(() -> cert.verify(ca.publicKey(), t0.minusMillis(1))));
    assertEquals(Reason.EXPIRED, reason(() -> cert.verify(ca.publicKey(), t0.plusSeconds(3600))));
    byte[] tampered =
        new String(cert.toJson(), StandardCharsets.UTF_8)
            .replace("host-17", "host-18")
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(Reason.BAD_SIGNATURE, reason(() -> MembershipCertificate.fromJson(tampered)));
    assertEquals(Reason.MALFORMED, reason(() -> MembershipCertificate.fromJson("{}".getBytes())));
  }

  @Test
  void closedPolicyChecksPresenceIssuerTimeAndKey() {
    Clock clock = Clock.fixed(t0.plusSeconds(10), ZoneOffset.UTC);
    MembershipPolicy policy = MembershipPolicy.requireCertificate(ca.publicKey(), clock);
    policy.admit(node.publicKey(), Optional.of(cert));
    assertEquals(Reason.MISSING, reason(() -> policy.admit(node.publicKey(), Optional.empty())));
    Ed25519KeyPair stranger = Ed25519KeyPair.generate(RANDOM);
    assertEquals(
        Reason.KEY_MISMATCH, reason(() -> policy.admit(stranger.publicKey(), Optional.of(cert))));
    MembershipPolicy.open().admit(stranger.publicKey(), Optional.empty());
  }

  @Test
  void identityRefusesACertificateForAnotherKey() {
    Ed25519KeyPair stranger = Ed25519KeyPair.generate(RANDOM);
    assertThrows(IllegalArgumentException.class, () -> NodeIdentity.certified(stranger, cert));
    assertEquals(
        io.xenia.dht.NodeId.of(node.publicKey()), NodeIdentity.certified(node, cert).nodeId());
  }

  @Test
  void claimsValidateTheirFields() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MembershipClaims.of(node.publicKey(), MembershipRole.BROKER, "x", 1, t0, t0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            MembershipClaims.of(
                node.publicKey(), MembershipRole.BROKER, "bad name", 1, t0, t0.plusSeconds(1)));
  }
}
