package io.xenia.cli.agreements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import io.xenia.protocol.signing.SignedEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A countersigned agreement verifies; a tampered, mis-signed or foreign one does not. Pure. */
class AgreementVerificationTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SESSION = "7b0c3c1e-5a57-4f5e-9d0e-2b1f3f0b8a11";
  private final Ed25519KeyPair host = Ed25519KeyPair.generate(RANDOM);
  private final Ed25519KeyPair broker = Ed25519KeyPair.generate(RANDOM);
  private final Ed25519KeyPair customer = Ed25519KeyPair.generate(RANDOM);

  private Agreement agreement(String session, Ed25519KeyPair namedHost) {
    Instant start = Instant.parse("2026-11-30T16:00:00Z");
    return new Agreement(
        1,
        "a-1",
        session,
        namedHost.publicKey().fingerprint(),
        "m-1",
        "acct-1",
        customer.publicKey(),
        "po-1",
        new Resources(2, 2048, 10, 1000, 0, ""),
        PriceList.hourly(Money.parse("EUR", "0.40")),
        start,
        new LeaseEnd.Fixed(start.plusSeconds(3600)),
        "2026-11-01");
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private byte[] countersigned(Agreement a) {
    return SignedEnvelope.sign(Agreement.TYPE, a, host).cosign(broker).toJson();
  }

  private AgreementVerification.Result verify(byte[] envelope, Optional<String> enrolled) {
    return AgreementVerification.verify(
        b64(envelope),
        host.publicKey().toBase64Url(),
        broker.publicKey().toBase64Url(),
        SESSION,
        enrolled);
  }

  @Test
  void aCountersignedAgreementVerifies() {
    var r =
        verify(
            countersigned(agreement(SESSION, host)), Optional.of(host.publicKey().toBase64Url()));
    assertTrue(r.verified(), r.failures()::toString);
    assertEquals(4, r.checks().size(), r.checks()::toString);
    assertEquals("m-1", r.agreement().orElseThrow().machineId());
  }

  @Test
  void aTamperedDocumentDoesNot() {
    String json = new String(countersigned(agreement(SESSION, host)), StandardCharsets.UTF_8);
    // The body is base64url inside the envelope: decode, change the price, re-encode.
    var envelope = SignedEnvelope.fromJson(json.getBytes(StandardCharsets.UTF_8));
    String body = new String(envelope.body(), StandardCharsets.UTF_8);
    String cheaper = body.replace("\"perHour\":\"0.40\"", "\"perHour\":\"0.01\"");
    assertFalse(body.equals(cheaper), body);
    var tampered =
        SignedEnvelope.of(
            envelope.version(),
            envelope.type(),
            cheaper.getBytes(StandardCharsets.UTF_8),
            envelope.signatures());
    var r = verify(tampered.toJson(), Optional.empty());
    assertFalse(r.verified());
    assertTrue(r.failures().get(0).contains("BAD_SIGNATURE"), r.failures()::toString);
    // What the bad document claims is still shown.
    assertTrue(r.agreement().isPresent());
  }

  @Test
  void onlyHostSignedOrSignedByAnotherHostOrForAnotherSessionDoesNot() {
    var onlyHost = SignedEnvelope.sign(Agreement.TYPE, agreement(SESSION, host), host).toJson();
    var r1 = verify(onlyHost, Optional.empty());
    assertTrue(r1.failures().get(0).contains("MISSING_SIGNER"), r1.failures()::toString);

    Ed25519KeyPair other = Ed25519KeyPair.generate(RANDOM);
    var r2 = verify(countersigned(agreement(SESSION, other)), Optional.empty());
    assertTrue(r2.failures().get(0).contains("names host"), r2.failures()::toString);

    var r3 = verify(countersigned(agreement("another-session", host)), Optional.empty());
    assertTrue(r3.failures().get(0).contains("another-session"), r3.failures()::toString);

    var r4 =
        verify(
            countersigned(agreement(SESSION, host)), Optional.of(other.publicKey().toBase64Url()));
    assertTrue(r4.failures().get(0).contains("enrolled"), r4.failures()::toString);

    var r5 = AgreementVerification.verify("not base64!", "x", "y", SESSION, Optional.empty());
    assertTrue(r5.failures().get(0).contains("malformed"), r5.failures()::toString);
  }
}
