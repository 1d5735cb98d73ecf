package io.xenia.broker.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import io.xenia.protocol.signing.SignedEnvelope;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The broker countersigns only what it proposed, signed by the right host. */
class AgreementCheckTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Ed25519KeyPair host = Ed25519KeyPair.generate(RANDOM);
  private final Ed25519KeyPair broker = Ed25519KeyPair.generate(RANDOM);
  private final Ed25519KeyPair customer = Ed25519KeyPair.generate(RANDOM);
  private final Instant now = Instant.parse("2026-11-30T12:00:00Z");

  private Agreement agreement(String id, String price) {
    return agreement(id, price, now);
  }

  private Agreement agreement(String id, String price, Instant start) {
    return new Agreement(
        1,
        id,
        "s-1",
        host.publicKey().fingerprint(),
        "m-1",
        "acct-1",
        customer.publicKey(),
        "po-1",
        new Resources(2, 2048, 10, 1000, 0, ""),
        PriceList.hourly(Money.parse("EUR", price)),
        start,
        new LeaseEnd.Fixed(start.plusSeconds(3600)),
        "2026-11-01");
  }

  @Test
  void theHostsSignatureOnTheProposalIsCountersignedAndBothVerify() {
    Agreement proposal = agreement("agr-broker", "0.40");
    // The host may pick its own agreement id.
    SignedEnvelope signed =
        SignedEnvelope.sign(Agreement.TYPE, agreement("agr-host", "0.40"), host);
    Agreement a = AgreementCheck.hostSigned(signed, host.publicKey(), proposal);
    assertEquals("agr-host", a.agreementId());
    SignedEnvelope both = signed.cosign(broker);
    var opened = SignedEnvelope.fromJson(both.toJson()).open(Agreement.TYPE);
    assertEquals(a, opened.record());
    assertEquals(2, both.signatures().size());
  }

  @Test
  void theHostStartsTheLeaseAtAdmissionForTheSameLengthButNotMuchLaterOrLonger() {
    Agreement proposal = agreement("agr-1", "0.40");
    Agreement later = agreement("agr-1", "0.40", now.plusMillis(1500));
    assertEquals(
        later,
        AgreementCheck.hostSigned(
            SignedEnvelope.sign(Agreement.TYPE, later, host), host.publicKey(), proposal));
    Agreement muchLater = agreement("agr-1", "0.40", now.plusSeconds(600));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AgreementCheck.hostSigned(
                SignedEnvelope.sign(Agreement.TYPE, muchLater, host), host.publicKey(), proposal));
  }

  @Test
  void anotherKeyOrAChangedTermIsRefused() {
    Agreement proposal = agreement("agr-1", "0.40");
    Ed25519KeyPair other = Ed25519KeyPair.generate(RANDOM);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AgreementCheck.hostSigned(
                SignedEnvelope.sign(Agreement.TYPE, proposal, other), host.publicKey(), proposal));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AgreementCheck.hostSigned(
                SignedEnvelope.sign(Agreement.TYPE, agreement("agr-1", "0.50"), host),
                host.publicKey(),
                proposal));
  }
}
