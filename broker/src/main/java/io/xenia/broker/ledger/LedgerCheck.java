package io.xenia.broker.ledger;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The result of checking the whole ledger: per currency, the sum of all balances (zero when the
 * books balance); the count of entries whose lines do not sum to zero and of ledger accounts whose
 * balance differs from the sum of their lines. {@code balanced} is true only when all three are
 * clean.
 */
@Serdeable
public record LedgerCheck(
    boolean balanced,
    List<CurrencyTotal> currencies,
    long entries,
    long lines,
    long unbalancedEntries,
    long balanceMismatches) {

  /** The sum of every balance in one currency, as a decimal string. */
  @Serdeable
  public record CurrencyTotal(String currency, String sum, long ledgerAccounts) {}
}
