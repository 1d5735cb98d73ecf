package io.xenia.billing.api;

import io.xenia.protocol.money.Money;
import java.util.Currency;

/** Micro-units of a currency code (as stored) to the wire's {@link MoneyAmount}. */
public final class Amounts {
  private Amounts() {}

  public static MoneyAmount of(String currency, long micros) {
    return MoneyAmount.of(Money.ofMicros(Currency.getInstance(currency.trim()), micros));
  }
}
