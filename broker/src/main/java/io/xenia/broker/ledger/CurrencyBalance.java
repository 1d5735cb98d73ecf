package io.xenia.broker.ledger;

import io.xenia.protocol.money.Money;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One account's funds and ring-fenced money in one currency, derived from its ledger accounts. */
public record CurrencyBalance(Currency currency, Funds funds, Money ringFenced) {

  /**
   * Funds of a customer-available ledger account: its balance, and its floor as the credit limit.
   */
  public static Funds fundsOf(LedgerAccountState available) {
    Money floor = available.floor().orElse(Money.zero(available.key().currency()));
    return new Funds(available.balance(), floor.negate());
  }

  /** Groups an account's ledger accounts by currency, in currency-code order. */
  public static List<CurrencyBalance> of(List<LedgerAccountState> owned) {
    Map<String, List<LedgerAccountState>> byCurrency = new TreeMap<>();
    for (LedgerAccountState s : owned) {
      byCurrency
          .computeIfAbsent(s.key().currency().getCurrencyCode(), c -> new ArrayList<>())
          .add(s);
    }
    List<CurrencyBalance> result = new ArrayList<>();
    for (List<LedgerAccountState> states : byCurrency.values()) {
      Currency currency = states.get(0).key().currency();
      Funds funds = new Funds(Money.zero(currency), Money.zero(currency));
      Money ringFenced = Money.zero(currency);
      for (LedgerAccountState s : states) {
        switch (s.key().book()) {
          case CUSTOMER_AVAILABLE -> funds = fundsOf(s);
          case CUSTOMER_RING_FENCED -> ringFenced = ringFenced.plus(s.balance());
          case HOST_PAYABLE, PLATFORM_REVENUE, EXTERNAL -> {
            // Not a customer's money: shown by billing's reports, not here.
          }
        }
      }
      result.add(new CurrencyBalance(currency, funds, ringFenced));
    }
    result.sort(Comparator.comparing(b -> b.currency().getCurrencyCode()));
    return result;
  }
}
