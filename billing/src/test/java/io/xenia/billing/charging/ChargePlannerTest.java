package io.xenia.billing.charging;

import static io.xenia.billing.support.Usage.EUR;
import static io.xenia.billing.support.Usage.agreement;
import static io.xenia.billing.support.Usage.eur;
import static io.xenia.billing.support.Usage.machineSeconds;
import static io.xenia.billing.support.Usage.newKey;
import static io.xenia.billing.support.Usage.openEnded;
import static io.xenia.billing.support.Usage.prices;
import static io.xenia.billing.support.Usage.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.billing.charging.RatedRecord.ChargeKey;
import io.xenia.billing.rating.FeeRate;
import io.xenia.billing.rating.Rater;
import io.xenia.billing.usage.DeadLetterReason;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChargePlannerTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private final Ed25519KeyPair host = newKey();
  private final UUID session = UUID.randomUUID();
  private final UUID order = UUID.randomUUID();
  private final Agreement agreement =
      agreement("ag-1", session, host, UUID.randomUUID(), order, prices("36.00"), T0, openEnded());
  private final SessionFacts facts =
      new SessionFacts(
          session,
          UUID.randomUUID(),
          order,
          UUID.randomUUID(),
          UUID.randomUUID(),
          host.publicKey(),
          Optional.of("eu-west-1"),
          EUR);
  private final ChargePlanner planner = new ChargePlanner(new FeeRate(1000));

  /** Record n covers minute n (0.60 EUR at 36.00/h). */
  private RatedRecord minute(long n) throws Exception {
    var r =
        record(
            agreement, n, T0.plusSeconds(60 * (n - 1)), T0.plusSeconds(60 * n), machineSeconds(60));
    byte[] hash = new byte[32];
    hash[0] = (byte) n;
    return new RatedRecord(
        new Delivered("usage.v1", 0, n, new byte[] {1}),
        r,
        hash,
        facts,
        Rater.rate(agreement.prices(), r.quantities()));
  }

  /** Record n over [from, to). */
  private RatedRecord rated(long n, Instant from, Instant to) throws Exception {
    var r = record(agreement, n, from, to, machineSeconds(Duration.between(from, to).toSeconds()));
    return new RatedRecord(
        new Delivered("usage.v1", 0, n, new byte[] {1}),
        r,
        new byte[32],
        facts,
        Rater.rate(agreement.prices(), r.quantities()));
  }

  @Test
  void eachRecordIsChargedItsRatingWithTheFeeSplitOff() throws Exception {
    ChargePlan plan =
        planner.plan(List.of(minute(1), minute(2)), Map.of(), Map.of(order, eur("100")));
    assertEquals(2, plan.charges().size());
    assertEquals(eur("0.60"), plan.charges().get(0).charged());
    assertEquals(eur("0.06"), plan.charges().get(0).fee());
    assertEquals(eur("0.54"), plan.charges().get(0).hostShare());
    assertEquals(Money.zero(EUR), plan.charges().get(1).overrun());
  }

  @Test
  void anOrderPaysWhatItHoldsAndTheRestIsAnOverrun() throws Exception {
    ChargePlan plan =
        planner.plan(
            List.of(minute(1), minute(2), minute(3)), Map.of(), Map.of(order, eur("1.00")));
    assertEquals(eur("0.60"), plan.charges().get(0).charged());
    assertEquals(eur("0.40"), plan.charges().get(1).charged());
    assertEquals(eur("0.20"), plan.charges().get(1).overrun());
    assertEquals(Money.zero(EUR), plan.charges().get(2).charged());
    assertEquals(eur("0.60"), plan.charges().get(2).overrun());
  }

  @Test
  void replaysAreSkippedAndAReusedSequenceIsADeadLetter() throws Exception {
    RatedRecord one = minute(1);
    byte[] otherBody = new byte[32];
    ChargePlan plan =
        planner.plan(
            List.of(one, minute(2), one),
            Map.of(
                new ChargeKey(session, 2),
                new StoredAround(Optional.of(otherBody), Optional.empty(), Optional.empty())),
            Map.of(order, eur("100")));
    assertEquals(1, plan.charges().size());
    assertEquals(1, plan.replays());
    assertEquals(DeadLetterReason.SEQUENCE_REUSED, plan.deadLetters().get(0).reason());
  }

  @Test
  void overlappingIntervalsAreDeadLetters() throws Exception {
    RatedRecord one = minute(1);
    RatedRecord nine = rated(9, T0.plusSeconds(30), T0.plusSeconds(90));
    // Stored before minute 3: a record numbered 2 that ran 30 s into minute 3.
    StoredAround aroundThree =
        new StoredAround(
            Optional.empty(),
            Optional.of(new ChargedInterval(2, T0.plusSeconds(60), T0.plusSeconds(150))),
            Optional.empty());
    ChargePlan plan =
        planner.plan(
            List.of(one, nine, minute(3)),
            Map.of(new ChargeKey(session, 3), aroundThree),
            Map.of(order, eur("100")));
    assertEquals(1, plan.charges().size());
    assertEquals(2, plan.deadLetters().size());
    plan.deadLetters()
        .forEach(d -> assertEquals(DeadLetterReason.OVERLAPPING_INTERVAL, d.reason()));
  }

  @Test
  void anIntervalOutOfTheOrderOfItsSequenceIsADeadLetter() throws Exception {
    // Minute 5 numbered 2, after minute 1 (numbered 1) and before a stored minute 3 (numbered 3):
    // it overlaps neither, yet it ends after the record numbered after it starts.
    RatedRecord misnumbered = rated(2, T0.plusSeconds(240), T0.plusSeconds(300));
    StoredAround aroundTwo =
        new StoredAround(
            Optional.empty(),
            Optional.empty(),
            Optional.of(new ChargedInterval(3, T0.plusSeconds(120), T0.plusSeconds(180))));
    ChargePlan plan =
        planner.plan(
            List.of(minute(1), misnumbered),
            Map.of(new ChargeKey(session, 2), aroundTwo),
            Map.of(order, eur("100")));
    assertEquals(1, plan.charges().size());
    assertEquals(DeadLetterReason.INTERVAL_OUT_OF_ORDER, plan.deadLetters().get(0).reason());
    // Within one batch too: minute 4 numbered 7, after minute 6 numbered 6.
    ChargePlan batch =
        planner.plan(
            List.of(minute(6), rated(7, T0.plusSeconds(180), T0.plusSeconds(240))),
            Map.of(),
            Map.of(order, eur("100")));
    assertEquals(DeadLetterReason.INTERVAL_OUT_OF_ORDER, batch.deadLetters().get(0).reason());
  }

  @Test
  void aLateRecordThatFitsItsGapIsCharged() throws Exception {
    StoredAround aroundFive =
        new StoredAround(
            Optional.empty(),
            Optional.of(new ChargedInterval(4, T0.plusSeconds(180), T0.plusSeconds(240))),
            Optional.of(new ChargedInterval(6, T0.plusSeconds(300), T0.plusSeconds(360))));
    ChargePlan plan =
        planner.plan(
            List.of(minute(5)),
            Map.of(new ChargeKey(session, 5), aroundFive),
            Map.of(order, eur("100")));
    assertEquals(1, plan.charges().size());
    assertEquals(List.of(), plan.deadLetters());
  }

  @Test
  void eachRecordIsCheckedAgainstItsNearestNeighboursStoredOrEarlierInTheBatch() throws Exception {
    // Stored: minute 2 numbered 2 and minute 9 numbered 9; the batch fills in between.
    StoredAround between =
        new StoredAround(
            Optional.empty(),
            Optional.of(new ChargedInterval(2, T0.plusSeconds(60), T0.plusSeconds(120))),
            Optional.of(new ChargedInterval(9, T0.plusSeconds(480), T0.plusSeconds(540))));
    Map<ChargeKey, StoredAround> stored = new java.util.HashMap<>();
    for (long q = 3; q <= 8; q++) {
      stored.put(new ChargeKey(session, q), between);
    }
    ChargePlan plan =
        planner.plan(
            List.of(
                minute(4),
                // Fits between the stored neighbours, but overlaps minute 4 accepted just before.
                rated(5, T0.plusSeconds(200), T0.plusSeconds(230)),
                minute(6),
                // Before minute 6 in time, after it by number; overlaps nothing.
                rated(8, T0.plusSeconds(250), T0.plusSeconds(290)),
                // Late, and fits between stored minute 2 and minute 4 of the batch.
                minute(3)),
            stored,
            Map.of(order, eur("100")));
    assertEquals(
        List.of(4L, 6L, 3L), plan.charges().stream().map(c -> c.rated().key().sequence()).toList());
    assertEquals(
        List.of(DeadLetterReason.OVERLAPPING_INTERVAL, DeadLetterReason.INTERVAL_OUT_OF_ORDER),
        plan.deadLetters().stream().map(DeadLetter::reason).toList());
  }

  @Test
  void anyOrderOfTheSameRecordsChargesTheSameTotal() throws Exception {
    List<RatedRecord> records = new ArrayList<>();
    for (int n = 1; n <= 20; n++) {
      records.add(minute(n));
    }
    Money expected = total(planner.plan(records, Map.of(), Map.of(order, eur("7.00"))));
    for (int shuffle = 0; shuffle < 10; shuffle++) {
      Collections.shuffle(records);
      assertEquals(expected, total(planner.plan(records, Map.of(), Map.of(order, eur("7.00")))));
    }
    assertEquals(eur("7.00"), expected);
  }

  private static Money total(ChargePlan plan) {
    Money sum = Money.zero(EUR);
    for (PlannedCharge c : plan.charges()) {
      sum = sum.plus(c.charged());
    }
    return sum;
  }
}
