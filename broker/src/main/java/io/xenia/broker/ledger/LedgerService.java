package io.xenia.broker.ledger;

import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.persistence.Database;
import io.xenia.protocol.money.Money;
import jakarta.inject.Singleton;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Finance's view of the whole ledger. */
@Singleton
public final class LedgerService {
  private final Database database;

  LedgerService(Database database) {
    this.database = database;
  }

  /**
   * Recomputes every invariant of the books from the journal lines; reads everything, so not for
   * hot paths.
   */
  public CompletableFuture<LedgerCheck> check(Caller caller) {
    caller.require(Scope.LEDGER_READ);
    return database.read(
        session ->
            session
                .createNativeQuery(
                    "SELECT currency, sum(balance_micros), count(*) FROM ledger_account"
                        + " GROUP BY currency ORDER BY currency",
                    Object[].class)
                .getResultList()
                .thenCompose(
                    totals ->
                        session
                            .createNativeQuery(
                                "SELECT (SELECT count(*) FROM journal_entry),"
                                    + " (SELECT count(*) FROM journal_line),"
                                    + " (SELECT count(*) FROM (SELECT entry_id FROM journal_line"
                                    + "   GROUP BY entry_id HAVING sum(amount_micros) <> 0) u),"
                                    + " (SELECT count(*) FROM ledger_account a LEFT JOIN"
                                    + "   (SELECT ledger_account_id, sum(amount_micros) s FROM"
                                    + "   journal_line GROUP BY ledger_account_id) l"
                                    + "   ON l.ledger_account_id = a.id"
                                    + "   WHERE a.balance_micros <> coalesce(l.s, 0))",
                                Object[].class)
                            .getSingleResult()
                            .thenApply(counts -> toCheck(totals, counts))));
  }

  private static LedgerCheck toCheck(List<Object[]> totals, Object[] counts) {
    boolean zero = true;
    var currencies = new java.util.ArrayList<LedgerCheck.CurrencyTotal>();
    for (Object[] t : totals) {
      Currency currency = Currency.getInstance(((String) t[0]).trim());
      // sum() of bigint is numeric in PostgreSQL: exact, and it fits a long whenever the books
      // balance.
      java.math.BigDecimal sum = new java.math.BigDecimal(t[1].toString());
      zero &= sum.signum() == 0;
      String shown =
          sum.abs().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
              ? Money.ofMicros(currency, sum.longValueExact()).amount()
              : sum.movePointLeft(Money.SCALE).toPlainString();
      currencies.add(
          new LedgerCheck.CurrencyTotal(
              currency.getCurrencyCode(), shown, ((Number) t[2]).longValue()));
    }
    long unbalanced = ((Number) counts[2]).longValue();
    long mismatches = ((Number) counts[3]).longValue();
    return new LedgerCheck(
        zero && unbalanced == 0 && mismatches == 0,
        currencies,
        ((Number) counts[0]).longValue(),
        ((Number) counts[1]).longValue(),
        unbalanced,
        mismatches);
  }
}
