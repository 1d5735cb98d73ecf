package io.xenia.billing.charging;

import io.xenia.billing.charging.RatedRecord.ChargeKey;
import io.xenia.billing.rating.FeeRate;
import io.xenia.billing.usage.DeadLetterReason;
import io.xenia.billing.usage.InvalidUsageException;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Decides, for a batch of rated records in delivery order, which are charged and how much, given
 * what is already stored. Pure: the store loads the inputs under its locks and writes the plan.
 *
 * <p>The rules, each independent of the order records arrive in, so a replayed or reordered stream
 * ends in the same ledger as a clean one:
 *
 * <ul>
 *   <li>a (session, sequence) already charged with the same body is a replay: nothing happens; with
 *       another body it is a reused sequence: dead letter;
 *   <li>an interval overlapping one already charged for the session (stored or earlier in the
 *       batch) is a dead letter;
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
   * @param stored the body hashes of the batch's keys that are already charged
   * @param overlapsStored the batch's keys whose interval overlaps a stored one of their session
   * @param available what each order of the batch can still pay (its ring-fenced balance above its
   *     floor)
   */
  public ChargePlan plan(
      List<RatedRecord> batch,
      Map<ChargeKey, byte[]> stored,
      Set<ChargeKey> overlapsStored,
      Map<UUID, Money> available) {
    List<PlannedCharge> charges = new ArrayList<>();
    List<DeadLetter> dead = new ArrayList<>();
    int replays = 0;
    Map<ChargeKey, byte[]> seen = new HashMap<>(stored);
    Map<UUID, List<Instant[]>> intervals = new HashMap<>();
    Map<UUID, Money> left = new HashMap<>(available);
    for (RatedRecord r : batch) {
      ChargeKey key = r.key();
      byte[] earlier = seen.get(key);
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
      Instant start = r.record().intervalStart();
      Instant end = r.record().intervalEnd();
      if (overlapsStored.contains(key) || overlapsBatch(intervals.get(key.session()), start, end)) {
        dead.add(
            dead(
                r,
                DeadLetterReason.OVERLAPPING_INTERVAL,
                "interval ["
                    + start
                    + ", "
                    + end
                    + ") overlaps one already charged for session "
                    + key.session()));
        continue;
      }
      seen.put(key, r.sha256());
      intervals
          .computeIfAbsent(key.session(), k -> new ArrayList<>())
          .add(new Instant[] {start, end});
      UUID order = r.session().purchaseOrder();
      Money rating = r.rating().total();
      Money can = left.getOrDefault(order, Money.zero(rating.currency()));
      Money charged = can.compareTo(rating) >= 0 ? rating : max(can, Money.zero(rating.currency()));
      left.put(order, can.minus(charged));
      charges.add(new PlannedCharge(r, charged, feeRate.feeOf(charged), rating.minus(charged)));
    }
    return new ChargePlan(charges, dead, replays);
  }

  private static boolean overlapsBatch(List<Instant[]> accepted, Instant start, Instant end) {
    if (accepted == null) {
      return false;
    }
    for (Instant[] i : accepted) {
      if (i[0].isBefore(end) && start.isBefore(i[1])) {
        return true;
      }
    }
    return false;
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
