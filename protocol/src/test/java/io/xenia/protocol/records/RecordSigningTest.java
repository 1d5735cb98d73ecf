package io.xenia.protocol.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.signing.SignedEnvelope;
import io.xenia.protocol.signing.VerificationException;
import io.xenia.protocol.signing.VerificationException.Reason;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RecordSigningTest {

  @Test
  void advertisementMustBeSignedByItsHost() {
    SignedEnvelope envelope =
        SignedEnvelope.sign(Advertisement.TYPE, Fixtures.advertisement(), Fixtures.HOST);
    assertEquals(Fixtures.advertisement(), Advertisement.open(envelope).record());
    SignedEnvelope byOther =
        SignedEnvelope.sign(Advertisement.TYPE, Fixtures.advertisement(), Fixtures.BROKER);
    assertEquals(Reason.MISSING_SIGNER, reason(() -> Advertisement.open(byOther)));
  }

  @Test
  void agreementNeedsHostAndBroker() {
    SignedEnvelope hostOnly =
        SignedEnvelope.sign(Agreement.TYPE, Fixtures.agreement(), Fixtures.HOST);
    assertEquals(
        Reason.MISSING_SIGNER, reason(() -> Agreement.open(hostOnly, Fixtures.BROKER.publicKey())));
    // The broker checks the host's signature before adding its own.
    Agreement.TYPE.name();
    hostOnly.open(Agreement.TYPE).requireSignerWithFingerprint(Fixtures.agreement().hostId());
    SignedEnvelope both = hostOnly.cosign(Fixtures.BROKER);
    assertEquals(Fixtures.agreement(), Agreement.open(both, Fixtures.BROKER.publicKey()).record());

    SignedEnvelope brokerOnly =
        SignedEnvelope.sign(Agreement.TYPE, Fixtures.agreement(), Fixtures.BROKER);
    assertEquals(
        Reason.MISSING_SIGNER,
        reason(() -> Agreement.open(brokerOnly, Fixtures.BROKER.publicKey())));
    Ed25519KeyPair impostor = Ed25519KeyPair.generate(new SecureRandom());
    SignedEnvelope wrongBroker = hostOnly.cosign(impostor);
    assertEquals(
        Reason.MISSING_SIGNER,
        reason(() -> Agreement.open(wrongBroker, Fixtures.BROKER.publicKey())));
  }

  @Test
  void usageMustBeSignedByItsHostAndCannotPassAsAnotherType() {
    SignedEnvelope envelope =
        SignedEnvelope.sign(UsageRecord.TYPE, Fixtures.usage(), Fixtures.HOST);
    assertEquals(Fixtures.usage(), UsageRecord.open(envelope).record());
    assertEquals(Reason.WRONG_TYPE, reason(() -> Advertisement.open(envelope)));
  }

  @Test
  void futureRecordVersionsAreReportedAsUnsupported() {
    byte[] body =
        io.xenia.protocol.encoding.CanonicalJson.encode(
            Trees.with(
                Fixtures.usage().toCanonical(),
                "version",
                io.xenia.protocol.encoding.CanonicalValue.of(2)));
    SignedEnvelope envelope =
        SignedEnvelope.of(
            1,
            "usage",
            body,
            java.util.List.of(
                new io.xenia.protocol.signing.RecordSignature(
                    Fixtures.HOST.publicKey(),
                    Fixtures.HOST.sign(SignedEnvelope.signingInput("usage", body)))));
    assertEquals(Reason.UNSUPPORTED_VERSION, reason(() -> UsageRecord.open(envelope)));
  }

  private static Reason reason(Runnable action) {
    return assertThrows(VerificationException.class, action::run).reason();
  }
}
