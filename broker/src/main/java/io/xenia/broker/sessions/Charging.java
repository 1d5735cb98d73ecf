package io.xenia.broker.sessions;

/**
 * Who charges purchase orders for sessions ({@code xenia.sessions.charging}). Either way the broker
 * holds money for each session, period by period; only the charging differs.
 */
public enum Charging {
  /**
   * The broker charges each session's accrued time itself, every sweep ({@link
   * SessionService#chargeAccrued}): deployments without the billing service.
   */
  ACCRUAL,
  /**
   * The billing service charges metered usage out of the session's hold (docs/billing.md "The
   * contract with the broker"); the broker charges nothing and releases an ended session's
   * remainder once {@code xenia.sessions.metered-settle-window} has passed.
   */
  METERED
}
