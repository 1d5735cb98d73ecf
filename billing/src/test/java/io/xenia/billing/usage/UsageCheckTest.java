package io.xenia.billing.usage;

import static io.xenia.billing.support.Usage.agreement;
import static io.xenia.billing.support.Usage.machineSeconds;
import static io.xenia.billing.support.Usage.newKey;
import static io.xenia.billing.support.Usage.openEnded;
import static io.xenia.billing.support.Usage.prices;
import static io.xenia.billing.support.Usage.record;
import static io.xenia.billing.support.Usage.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageCheckTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private final Ed25519KeyPair host = newKey();
  private final UUID session = UUID.randomUUID();
  private final Agreement open =
      agreement(
          "ag-1",
          session,
          host,
          UUID.randomUUID(),
          UUID.randomUUID(),
          prices("1"),
          T0,
          openEnded());

  @Test
  void aRecordOfTheAgreementsSessionAndHostInsideTheLeaseIsBillableAsIs() throws Exception {
    var r = record(open, 1, T0, T0.plusSeconds(60), machineSeconds(60));
    assertEquals(r.quantities(), UsageCheck.billable(r, open));
  }

  @Test
  void machineTimePastAFixedEndIsCut() throws Exception {
    Agreement fixed =
        agreement(
            "ag-2",
            session,
            host,
            UUID.randomUUID(),
            UUID.randomUUID(),
            prices("1"),
            T0,
            new LeaseEnd.Fixed(T0.plusSeconds(90)));
    var r = record(fixed, 2, T0.plusSeconds(60), T0.plusSeconds(120), machineSeconds(60));
    assertEquals(30, UsageCheck.billable(r, fixed).machineSeconds());
    var after = record(fixed, 3, T0.plusSeconds(90), T0.plusSeconds(150), machineSeconds(60));
    var e = assertThrows(InvalidUsageException.class, () -> UsageCheck.billable(after, fixed));
    assertEquals(DeadLetterReason.OUTSIDE_LEASE, e.reason());
  }

  @Test
  void aRecordBeforeTheLeaseIsRefused() {
    var r = record(open, 1, T0.minusSeconds(60), T0, machineSeconds(60));
    var e = assertThrows(InvalidUsageException.class, () -> UsageCheck.billable(r, open));
    assertEquals(DeadLetterReason.OUTSIDE_LEASE, e.reason());
  }

  @Test
  void anotherSessionsAgreementIsAMismatch() {
    Agreement other =
        agreement(
            "ag-1",
            UUID.randomUUID(),
            host,
            UUID.randomUUID(),
            UUID.randomUUID(),
            prices("1"),
            T0,
            openEnded());
    var r = record(open, 1, T0, T0.plusSeconds(60), machineSeconds(60));
    var e = assertThrows(InvalidUsageException.class, () -> UsageCheck.billable(r, other));
    assertEquals(DeadLetterReason.AGREEMENT_MISMATCH, e.reason());
  }

  @Test
  void incomingRecordsAreOpenedOnlyWhenTheirHostSignedThem() throws Exception {
    var r = record(open, 1, T0, T0.plusSeconds(60), machineSeconds(60));
    assertEquals(r, IncomingRecord.open(signed(r, host)).get(0).record());

    var forged =
        assertThrows(InvalidUsageException.class, () -> IncomingRecord.open(signed(r, newKey())));
    assertEquals(DeadLetterReason.BAD_SIGNATURE, forged.reason());

    byte[] tampered =
        new String(signed(r, host), StandardCharsets.UTF_8)
            .replace("\"machineSeconds\":60", "\"machineSeconds\":6000")
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(
        DeadLetterReason.BAD_SIGNATURE,
        assertThrows(InvalidUsageException.class, () -> IncomingRecord.open(tampered)).reason());

    assertEquals(
        DeadLetterReason.MALFORMED,
        assertThrows(
                InvalidUsageException.class,
                () -> IncomingRecord.open("{not json".getBytes(StandardCharsets.UTF_8)))
            .reason());
  }

  @Test
  void aBatchOpensIntoItsMembersWithTheHashesTheyHaveAlone() throws Exception {
    var records =
        java.util.List.of(
            record(open, 1, T0, T0.plusSeconds(60), machineSeconds(60)),
            record(open, 2, T0.plusSeconds(60), T0.plusSeconds(120), machineSeconds(60)));
    var members = IncomingRecord.open(io.xenia.billing.support.Usage.signedBatch(records, host));
    assertEquals(2, members.size());
    for (int i = 0; i < 2; i++) {
      assertEquals(records.get(i), members.get(i).record());
      assertEquals(i, members.get(i).index());
      assertEquals(host.publicKey(), members.get(i).signer());
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          IncomingRecord.open(signed(records.get(i), host)).get(0).sha256(),
          members.get(i).sha256());
    }
    assertEquals(
        DeadLetterReason.BAD_SIGNATURE,
        assertThrows(
                InvalidUsageException.class,
                () ->
                    IncomingRecord.open(
                        io.xenia.billing.support.Usage.signedBatch(records, newKey())))
            .reason());
  }
}
