package io.xenia.broker.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.broker.sessions.FundsRule.Action;
import io.xenia.protocol.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The funds sweep's decision for one open-ended session, and what a pause costs. Pure. */
class FundsRuleTest {
  private static Money eur(String amount) {
    return Money.parse("EUR", amount);
  }

  private static Action decide(
      SessionState state, String left, String free, boolean orderOpen, boolean graceOver) {
    // One period costs 2.00, the sweep margin 0.50.
    return FundsRule.decide(
        state, eur(left), eur("2.00"), eur(free), eur("0.50"), orderOpen, graceOver);
  }

  @Test
  void enoughHeldDoesNothingAndLowHoldsAnotherPeriodWhenTheOrderCan() {
    assertEquals(Action.NONE, decide(SessionState.RUNNING, "1.00", "0", true, false));
    assertEquals(Action.HOLD_MORE, decide(SessionState.RUNNING, "0.99", "2.00", true, false));
    assertEquals(Action.HOLD_MORE, decide(SessionState.PROVISIONING, "0.10", "5.00", true, false));
  }

  @Test
  void anOrderThatCannotPayPausesARunningSessionOnlyWhenItsHoldIsAboutToRunOut() {
    assertEquals(Action.NONE, decide(SessionState.RUNNING, "0.90", "1.99", true, false));
    assertEquals(Action.PAUSE, decide(SessionState.RUNNING, "0.50", "1.99", true, false));
    assertEquals(Action.PAUSE, decide(SessionState.RUNNING, "0", "0", true, false));
    // Not yet running: nothing to pause, it ends.
    assertEquals(Action.END, decide(SessionState.PROVISIONING, "0.50", "1.99", true, false));
  }

  @Test
  void aPausedSessionResumesWhenAPeriodFitsWaitsOutItsGraceAndThenEnds() {
    assertEquals(Action.NONE, decide(SessionState.PAUSED, "0.30", "1.99", true, false));
    assertEquals(Action.RESUME, decide(SessionState.PAUSED, "0.30", "2.00", true, false));
    assertEquals(Action.RESUME, decide(SessionState.PAUSED, "0.30", "2.00", true, true));
    assertEquals(Action.END, decide(SessionState.PAUSED, "0.30", "1.99", true, true));
  }

  @Test
  void anOrderClosingWithinTheMarginEndsEverySessionWhateverItHolds() {
    assertEquals(Action.END, decide(SessionState.RUNNING, "5.00", "10.00", false, false));
    assertEquals(Action.END, decide(SessionState.PAUSED, "0.30", "10.00", false, false));
  }

  @Test
  void pausedTimeIsNotBillable() {
    Instant start = Instant.parse("2026-11-30T10:00:00Z");
    Instant until = start.plusSeconds(100);
    assertEquals(Duration.ofSeconds(100), FundsRule.billable(start, until, 0, Optional.empty()));
    // 20 s in earlier pauses, paused again for the last 30 s.
    assertEquals(
        Duration.ofSeconds(50),
        FundsRule.billable(start, until, 20_000, Optional.of(start.plusSeconds(70))));
    assertEquals(Duration.ZERO, FundsRule.billable(start, until, 200_000, Optional.empty()));
    // A pause that started after "until" (the session ended earlier) does not count.
    assertEquals(
        Duration.ofSeconds(100),
        FundsRule.billable(start, until, 0, Optional.of(until.plusSeconds(5))));
  }

  @Test
  void onlyTheHoldTheOrdersMoneyStillBacksCountsWhenBillingChargedBeyondIt() {
    // The broker's own charging keeps ring-fenced >= all holds: the hold less what is unpaid.
    assertEquals(eur("1.50"), FundsRule.left(eur("2.00"), eur("0.50"), eur("10.00"), eur("3.00")));
    // Spent beyond accrued (egress): nothing unpaid, the hold counts whole.
    assertEquals(eur("2.00"), FundsRule.left(eur("2.00"), eur("0"), eur("10.00"), eur("3.00")));
    // Billing charged another session's usage out of this one's money: 1.00 backs it.
    assertEquals(eur("0.80"), FundsRule.left(eur("2.00"), eur("0.20"), eur("4.00"), eur("3.00")));
    // An overrun left the order with nothing: negative, so the session pauses or ends.
    assertEquals(eur("-2.20"), FundsRule.left(eur("2.00"), eur("0.20"), eur("0"), eur("2.00")));
    assertEquals(
        Action.PAUSE,
        FundsRule.decide(
            SessionState.RUNNING,
            FundsRule.left(eur("2.00"), eur("0"), eur("0"), eur("2.00")),
            eur("2.00"),
            eur("0"),
            eur("0.50"),
            true,
            false));
  }

  @Test
  void aFixedLeaseHoldsWhatItLacksPausesWhenItRunsOutAndEndsOnlyWithItsOrder() {
    // The lease still to run costs 5.00; the margin 0.50.
    Money needed = eur("5.00");
    Money margin = eur("0.50");
    assertEquals(
        Action.NONE,
        FundsRule.decideFixed(
            SessionState.RUNNING, eur("4.60"), needed, eur("0"), margin, true, false));
    assertEquals(
        Action.HOLD_MORE,
        FundsRule.decideFixed(
            SessionState.RUNNING, eur("3.00"), needed, eur("2.00"), margin, true, false));
    // Cannot hold the 2.00 it lacks, but 3.00 still backs it: runs on.
    assertEquals(
        Action.NONE,
        FundsRule.decideFixed(
            SessionState.RUNNING, eur("3.00"), needed, eur("1.99"), margin, true, false));
    assertEquals(
        Action.PAUSE,
        FundsRule.decideFixed(
            SessionState.RUNNING, eur("-1.00"), needed, eur("0"), margin, true, false));
    assertEquals(
        Action.END,
        FundsRule.decideFixed(
            SessionState.PROVISIONING, eur("0.20"), needed, eur("0"), margin, true, false));
    assertEquals(
        Action.RESUME,
        FundsRule.decideFixed(
            SessionState.PAUSED, eur("0"), needed, eur("5.00"), margin, true, false));
    assertEquals(
        Action.NONE,
        FundsRule.decideFixed(
            SessionState.PAUSED, eur("0"), needed, eur("4.99"), margin, true, false));
    assertEquals(
        Action.END,
        FundsRule.decideFixed(
            SessionState.PAUSED, eur("0"), needed, eur("4.99"), margin, true, true));
    assertEquals(
        Action.END,
        FundsRule.decideFixed(
            SessionState.RUNNING, eur("5.00"), needed, eur("9.00"), margin, false, false));
  }
}
