package io.xenia.billing;

import io.micronaut.runtime.Micronaut;

/**
 * Starts billing: the usage consumer (usage.v1 → rated charges in the ledger) and the REST API of
 * invoices, payouts, disputes and finance reports. docs/billing.md.
 */
public final class BillingApplication {
  private BillingApplication() {}

  public static void main(String[] args) {
    Micronaut.run(BillingApplication.class, args);
  }
}
