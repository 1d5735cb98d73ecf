package io.xenia.billing.charging;

import io.xenia.billing.charging.RatedRecord.ChargeKey;
import io.xenia.billing.rating.FeeRate;
import io.xenia.billing.usage.DeadLetterReason;
import io.xenia.billing.usage.InvalidUsageException;
import io.xenia.protocol.money.Money;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Decides, for a batch of rated records in delivery order, which are charged and how much, given
 * what is already stored. Pure: the store loads the inputs under its locks and writes the plan.
 *
 * <p>The rules, each independent of the order records arrive in, so a replayed or reordered stream
 * ends in the same ledger as a clean one (of two records that break them against each other, the
 * one charged first stands):
 *
 * <ul>
 *   <li>a (session, sequence) already charged with the same body is a replay: nothing happens; with
 *       another body it is a reused sequence: dead letter;
 *   <li>a session's intervals follow its sequence numbers (a host meters interval after interval
 *       and numbers them as it goes): a record must start no earlier than the record charged
 *       nearest before it (by sequence, stored or earlier in the batch) ends, and end no later than
 *       the one nearest after it starts. One that does not is a dead letter: {@code
 *       overlapping-interval} when it shares time with that neighbour, else {@code
 *       interval-out-of-order}. So charged intervals never overlap, and a late record is still
 *       charged when it fits its gap;
 *   <li>an order pays what it holds and no more: the rest of a record's rating is an overrun.
 * </ul>
 */
public final class ChargePlanner {
  private final FeeRate feeRate;

  public ChargePlanner(FeeRate feeRate) {
    this.feeRate = feeRate;
  }

  /**
   * @param batch the records, in delivery order
   * @param stored what is charged around each of the batch's keys; a key with nothing charged
   *     around it may be missing
   * @param available what each order of the batch can still pay (its ring-fenced balance above its
   *     floor)
   */
  public ChargePlan plan(
      List<RatedRecord> batch, Map<ChargeKey, StoredAround> stored, Map<UUID, Money> available) {
    List<PlannedCharge> charges = new ArrayList<>();
    List<DeadLetter> dead = new ArrayList<>();
    int replays = 0;
    Map<ChargeKey, byte[]> accepted = new HashMap<>();
    // Per session, the records accepted so far in this batch, by sequence.
    Map<UUID, NavigableMap<Long, ChargedInterval>> acceptedIntervals = new HashMap<>();
    Map<UUID, Money> left = new HashMap<>(available);
    for (RatedRecord r : batch) {
      ChargeKey key = r.key();
      StoredAround around = stored.getOrDefault(key, StoredAround.NOTHING);
      byte[] earlier = accepted.get(key);
      if (earlier == null) {
        earlier = around.sameSequenceSha256().orElse(null);
      }
      if (earlier != null) {
        if (Arrays.equals(earlier, r.sha256())) {
          replays++;
        } else {
          dead.add(
              dead(
                  r,
                  DeadLetterReason.SEQUENCE_REUSED,
                  "sequence "
                      + key.sequence()
                      + " of session "
                      + key.session()
                      + " was already charged for another record"));
        }
        continue;
      }
      ChargedInterval own =
          new ChargedInterval(key.sequence(), r.record().intervalStart(), r.record().intervalEnd());
      ChargedInterval clash = outOfOrder(own, around, acceptedIntervals.get(key.session()));
      if (clash != null) {
        dead.add(dead(r, clash, own, key.session()));
        continue;
      }
      accepted.put(key, r.sha256());
      acceptedIntervals
          .computeIfAbsent(key.session(), k -> new TreeMap<>())
          .put(key.sequence(), own);
      UUID order = r.session().purchaseOrder();
      Money rating = r.rating().total();
      Money can = left.getOrDefault(order, Money.zero(rating.currency()));
      Money charged = can.compareTo(rating) >= 0 ? rating : max(can, Money.zero(rating.currency()));
      left.put(order, can.minus(charged));
      charges.add(new PlannedCharge(r, charged, feeRate.feeOf(charged), rating.minus(charged)));
    }
    return new ChargePlan(charges, dead, replays);
  }

  /**
   * The record charged for the session nearest before {@code own} (by sequence) if {@code own} is
   * out of order with it, else the nearest after if so, else null. What is charged (stored, and
   * accepted earlier in the batch) is in order, so a record in order with its two nearest
   * neighbours is in order with all: the check costs a lookup, however many records of the session
   * the batch holds.
   */
  private static ChargedInterval outOfOrder(
      ChargedInterval own, StoredAround around, NavigableMap<Long, ChargedInterval> accepted) {
    ChargedInterval before = around.before().orElse(null);
    ChargedInterval after = around.after().orElse(null);
    if (accepted != null) {
      before = nearer(before, accepted.lowerEntry(own.sequence()), true);
      after = nearer(after, accepted.higherEntry(own.sequence()), false);
    }
    for (ChargedInterval neighbour : Arrays.asList(before, after)) {
      if (neighbour != null && !neighbour.inOrderWith(own.sequence(), own.start(), own.end())) {
        return neighbour;
      }
    }
    return null;
  }

  /** Of a stored neighbour and one accepted in the batch, the one closer in sequence. */
  private static ChargedInterval nearer(
      ChargedInterval stored, Map.Entry<Long, ChargedInterval> accepted, boolean below) {
    if (accepted == null) {
      return stored;
    }
    ChargedInterval candidate = accepted.getValue();
    if (stored == null) {
      return candidate;
    }
    boolean candidateCloser =
        below ? candidate.sequence() > stored.sequence() : candidate.sequence() < stored.sequence();
    return candidateCloser ? candidate : stored;
  }

  private static DeadLetter dead(
      RatedRecord r, ChargedInterval clash, ChargedInterval own, UUID session) {
    String interval = "interval [" + own.start() + ", " + own.end() + ")";
    String other =
        "that of sequence "
            + clash.sequence()
            + ", ["
            + clash.start()
            + ", "
            + clash.end()
            + "), already charged for session "
            + session;
    if (clash.overlaps(own.start(), own.end())) {
      return dead(r, DeadLetterReason.OVERLAPPING_INTERVAL, interval + " overlaps " + other);
    }
    return dead(
        r,
        DeadLetterReason.INTERVAL_OUT_OF_ORDER,
        interval
            + " of sequence "
            + own.sequence()
            + " is out of order with "
            + other
            + ": a session's intervals follow its sequence numbers");
  }

  private static Money max(Money a, Money b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static DeadLetter dead(RatedRecord r, DeadLetterReason reason, String detail) {
    return DeadLetter.of(
        r.source(),
        new InvalidUsageException(reason, detail),
        r.record().sessionId(),
        r.record().sequence(),
        r.sourceIndex());
  }
}
