package io.xenia.protocol.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.encoding.CanonicalArray;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.RecordFormatException;
import io.xenia.protocol.signing.SignedEnvelope;
import io.xenia.protocol.signing.VerificationException;
import io.xenia.protocol.signing.VerificationException.Reason;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class UsageBatchTest {

  private static UsageRecord usage(String session, long sequence, String hostId) {
    Instant start = Instant.parse("2026-11-22T04:00:00Z").plusSeconds(5 * (sequence - 1));
    return new UsageRecord(
        1,
        session,
        "agr-" + session,
        hostId,
        sequence,
        start,
        start.plusSeconds(5),
        new UsageQuantities(10, 20_480, 1_000, 2_000, 5),
        start.plusSeconds(5));
  }

  private static List<UsageRecord> records(int n) {
    String host = Fixtures.HOST.publicKey().fingerprint();
    List<UsageRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(usage("sess-" + (i % 3), 1 + i / 3, host));
    }
    return records;
  }

  @Test
  void roundTripsSignedAndOpensWithOneVerification() {
    UsageBatch batch = UsageBatch.of(records(7));
    SignedEnvelope envelope = SignedEnvelope.sign(UsageBatch.TYPE, batch, Fixtures.HOST);
    SignedEnvelope received = SignedEnvelope.fromJson(envelope.toJson());
    assertEquals(batch, UsageBatch.open(received).record());
    assertEquals(batch, UsageBatch.fromCanonical(batch.toCanonical()));
    assertEquals("usage-batch", received.type());
  }

  @Test
  void aTamperedMemberSpoilsTheSignature() {
    UsageBatch batch = UsageBatch.of(records(3));
    SignedEnvelope envelope = SignedEnvelope.sign(UsageBatch.TYPE, batch, Fixtures.HOST);
    List<UsageRecord> changed = new ArrayList<>(batch.records());
    UsageRecord r = changed.get(1);
    changed.set(
        1,
        new UsageRecord(
            1,
            r.sessionId(),
            r.agreementId(),
            r.hostId(),
            r.sequence(),
            r.intervalStart(),
            r.intervalEnd(),
            new UsageQuantities(1, 1, 1, 1, 1),
            r.issuedAt()));
    SignedEnvelope forged =
        SignedEnvelope.of(
            1,
            "usage-batch",
            CanonicalJson.encode(UsageBatch.of(changed).toCanonical()),
            envelope.signatures());
    assertEquals(Reason.BAD_SIGNATURE, reason(() -> UsageBatch.open(forged)));
  }

  @Test
  void mustBeSignedByTheHostItNames() {
    Ed25519KeyPair other = Ed25519KeyPair.generate(new SecureRandom());
    SignedEnvelope envelope =
        SignedEnvelope.sign(UsageBatch.TYPE, UsageBatch.of(records(2)), other);
    assertEquals(Reason.MISSING_SIGNER, reason(() -> UsageBatch.open(envelope)));
    SignedEnvelope single = SignedEnvelope.sign(UsageRecord.TYPE, Fixtures.usage(), Fixtures.HOST);
    assertEquals(Reason.WRONG_TYPE, reason(() -> UsageBatch.open(single)));
  }

  @Test
  void refusesAMemberOfAnotherHost() {
    List<UsageRecord> records = records(3);
    String foreign = Ed25519KeyPair.generate(new SecureRandom()).publicKey().fingerprint();
    records.set(2, usage("sess-x", 1, foreign));
    var e = assertThrows(IllegalArgumentException.class, () -> UsageBatch.of(records));
    assertTrue(e.getMessage().contains("records[2] names host"), e.getMessage());
    CanonicalValue wire = wire(records);
    assertThrows(RecordFormatException.class, () -> UsageBatch.fromCanonical(wire));
  }

  @Test
  void refusesASequenceTwice() {
    List<UsageRecord> records = records(4);
    records.add(records.get(1));
    var e = assertThrows(IllegalArgumentException.class, () -> UsageBatch.of(records));
    assertTrue(e.getMessage().contains("repeats sequence"), e.getMessage());
    CanonicalValue wire = wire(records);
    assertThrows(RecordFormatException.class, () -> UsageBatch.fromCanonical(wire));
  }

  @Test
  void refusesEmptyAndOverfullBatches() {
    String host = Fixtures.HOST.publicKey().fingerprint();
    assertThrows(IllegalArgumentException.class, () -> new UsageBatch(1, host, List.of()));
    assertThrows(RecordFormatException.class, () -> UsageBatch.fromCanonical(wire(List.of())));
    List<UsageRecord> many = records(UsageBatch.MAX_RECORDS + 1);
    assertThrows(IllegalArgumentException.class, () -> UsageBatch.of(many));
    assertThrows(RecordFormatException.class, () -> UsageBatch.fromCanonical(wire(many)));
    assertEquals(UsageBatch.MAX_RECORDS, UsageBatch.of(many.subList(0, 1000)).records().size());
  }

  @Test
  void refusesAMemberWithFieldsAUsageRecordDoesNotHave() {
    List<UsageRecord> records = records(1);
    CanonicalObject member = (CanonicalObject) records.get(0).toCanonical();
    TreeMap<String, CanonicalValue> more = new TreeMap<>(member.members());
    more.put("extra", member.get("sessionId"));
    CanonicalValue wire =
        CanonicalObject.builder()
            .put("version", 1)
            .put("hostId", records.get(0).hostId())
            .put("records", CanonicalArray.of(new CanonicalObject(more)))
            .build();
    assertThrows(RecordFormatException.class, () -> UsageBatch.fromCanonical(wire));
  }

  @Test
  void aMembersHashIsTheHashOfTheSameRecordSignedAlone() throws Exception {
    UsageBatch batch = UsageBatch.of(records(5));
    SignedEnvelope envelope = SignedEnvelope.sign(UsageBatch.TYPE, batch, Fixtures.HOST);
    UsageBatch opened = UsageBatch.open(SignedEnvelope.fromJson(envelope.toJson())).record();
    for (int i = 0; i < opened.records().size(); i++) {
      SignedEnvelope alone =
          SignedEnvelope.sign(UsageRecord.TYPE, batch.records().get(i), Fixtures.HOST);
      SignedEnvelope aloneReceived = SignedEnvelope.fromJson(alone.toJson());
      assertArrayEquals(aloneReceived.body(), opened.memberBody(i));
      assertArrayEquals(sha256(aloneReceived.body()), sha256(opened.memberBody(i)));
    }
  }

  private static CanonicalValue wire(List<UsageRecord> records) {
    List<CanonicalValue> members = new ArrayList<>();
    records.forEach(r -> members.add(r.toCanonical()));
    return CanonicalObject.builder()
        .put("version", 1)
        .put("hostId", Fixtures.HOST.publicKey().fingerprint())
        .put("records", new CanonicalArray(members))
        .build();
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  private static Reason reason(Runnable r) {
    return assertThrows(VerificationException.class, r::run).reason();
  }
}
