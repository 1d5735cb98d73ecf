package io.xenia.billing.access;

/**
 * The broker's scope wire names that billing's API checks. Billing reuses the broker's scopes (keys
 * are the broker's) instead of inventing its own: a customer's key cannot hold {@code ledger:read},
 * so invoices are read with {@code orders:read} and disputed with {@code orders:write}.
 */
public final class Scopes {
  /** Customers read their invoices, disputes and credit notes; staff read everyone's. */
  public static final String ORDERS_READ = "orders:read";

  /** Customers dispute their invoice lines. */
  public static final String ORDERS_WRITE = "orders:write";

  /** Host operators read their payout statements; staff read periods, payouts and reports. */
  public static final String FUNDS_READ = "funds:read";

  /** Finance actions: close periods, mark payouts paid, resolve disputes. */
  public static final String FUNDS_WRITE = "funds:write";

  /** Staff reading the ledger's figures (finance reports). */
  public static final String LEDGER_READ = "ledger:read";

  private Scopes() {}
}
