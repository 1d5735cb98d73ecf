package io.xenia.broker.sessions;

import io.xenia.protocol.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the funds sweep does with one open-ended session (docs/sessions.md "Funds, pause and
 * grace"). Pure: the sweep reads the numbers under the order's lock, asks here, and applies the
 * answer in the same transaction.
 */
public final class FundsRule {
  private FundsRule() {}

  /** What to do. */
  public enum Action {
    /** Enough is held for now. */
    NONE,
    /** Hold another minimum period from what the order has free. */
    HOLD_MORE,
    /** The order cannot hold another period and the hold runs out soon: pause (running only). */
    PAUSE,
    /** A paused session's order can hold a period again: hold it and resume. */
    RESUME,
    /** End with funds-exhausted. */
    END
  }

  /**
   * @param state the session's state (live)
   * @param left what the session still holds beyond what it owes (hold − accrued unpaid)
   * @param period the price of one minimum period
   * @param free what the order has neither spent nor held
   * @param marginPrice the price of the sweep margin (about two sweeps)
   * @param orderOpenPastMargin whether the order is open and will not expire within the margin
   * @param graceOver whether a paused session's grace period has passed
   */
  public static Action decide(
      SessionState state,
      Money left,
      Money period,
      Money free,
      Money marginPrice,
      boolean orderOpenPastMargin,
      boolean graceOver) {
    if (!orderOpenPastMargin) {
      // The order closes (its money goes back): no grace can be paid for by it.
      return Action.END;
    }
    if (state == SessionState.PAUSED) {
      if (free.compareTo(period) >= 0) {
        return Action.RESUME;
      }
      return graceOver ? Action.END : Action.NONE;
    }
    if (left.micros() * 2 >= period.micros()) {
      return Action.NONE;
    }
    if (free.compareTo(period) >= 0) {
      return Action.HOLD_MORE;
    }
    if (left.compareTo(marginPrice) > 0) {
      return Action.NONE;
    }
    // Only a running machine can be paused; one not yet running ends.
    return state == SessionState.RUNNING ? Action.PAUSE : Action.END;
  }

  /**
   * The same decision for a session with a fixed lease, in metered charging only. Such a session
   * holds its whole price up front, which the broker's own charging never exceeds; billing's
   * charges can (network egress), and an overrun can take the money behind it. {@code needed} is
   * the price of the lease still to run; the shortfall ({@code needed − left}) is held from what
   * the order has free ({@code HOLD_MORE} that much, {@code RESUME} holding it); when the order
   * cannot and the hold runs out within the margin a running session pauses, one not yet running
   * ends; a paused one ends when its grace is over. Only a closed order ends it at once: a fixed
   * lease never outlives its order.
   */
  public static Action decideFixed(
      SessionState state,
      Money left,
      Money needed,
      Money free,
      Money marginPrice,
      boolean orderOpen,
      boolean graceOver) {
    if (!orderOpen) {
      return Action.END;
    }
    Money shortfall = needed.minus(left);
    if (state == SessionState.PAUSED) {
      if (free.compareTo(shortfall) >= 0) {
        return Action.RESUME;
      }
      return graceOver ? Action.END : Action.NONE;
    }
    if (shortfall.compareTo(marginPrice) <= 0) {
      return Action.NONE;
    }
    if (free.compareTo(shortfall) >= 0) {
      return Action.HOLD_MORE;
    }
    if (left.compareTo(marginPrice) > 0) {
      return Action.NONE;
    }
    return state == SessionState.RUNNING ? Action.PAUSE : Action.END;
  }

  /**
   * What a session still holds beyond what it owes — the {@code left} of {@link #decide}: its hold
   * less what it accrued and was not charged yet, where only the part of the hold that the order's
   * ring-fenced money still backs counts. The broker's own charging keeps the ring-fenced balance
   * at or above the sum of the holds, but money also leaves from outside: the billing service
   * charges metered usage (network egress, say) beyond one session's hold, from money other
   * sessions hold, up to the order's floor (an overrun). Each session then counts at most what is
   * ring-fenced once the other sessions' holds are covered, so no session runs on a hold with no
   * money behind it. Negative when it owes more than is backed.
   *
   * @param hold the session's {@code reserved}
   * @param unpaid what it accrued and was not charged yet ({@code 0} when billing charged more)
   * @param ringFenced the order's ring-fenced balance
   * @param heldByOthers what the order's other sessions hold
   */
  public static Money left(Money hold, Money unpaid, Money ringFenced, Money heldByOthers) {
    Money backed = ringFenced.minus(heldByOthers);
    return (backed.compareTo(hold) < 0 ? backed : hold).minus(unpaid);
  }

  /**
   * The time a session is paid for between {@code start} and {@code until}: all of it less the time
   * spent paused (earlier pauses, and the current one if any). Never negative.
   */
  public static Duration billable(
      Instant start, Instant until, long pausedMillis, Optional<Instant> pausedSince) {
    Duration d = Duration.between(start, until).minusMillis(pausedMillis);
    if (pausedSince.isPresent() && pausedSince.get().isBefore(until)) {
      d = d.minus(Duration.between(pausedSince.get(), until));
    }
    return d.isNegative() ? Duration.ZERO : d;
  }
}
