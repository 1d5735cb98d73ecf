package io.xenia.billing.api;

import io.micronaut.serde.annotation.Serdeable;
import io.xenia.protocol.money.Money;

/**
 * Money on the wire, as in the broker: a decimal string (up to six decimals: usage is rated in
 * micro-units) and an ISO 4217 code, never a JSON number.
 */
@Serdeable
public record MoneyAmount(String amount, String currency) {

  public static MoneyAmount of(Money money) {
    return new MoneyAmount(money.amount(), money.currency().getCurrencyCode());
  }

  /**
   * The amount as positive Money; anything else is a {@code validation-failed} on {@code field}.
   */
  public Money toPositiveMoney(String field) {
    if (amount == null || currency == null) {
      throw BillingException.invalidField(field, "needs an amount and a currency");
    }
    Money money;
    try {
      money = Money.parse(currency, amount);
    } catch (IllegalArgumentException e) {
      throw BillingException.invalidField(field, e.getMessage());
    }
    if (!money.isPositive()) {
      throw BillingException.invalidField(field + ".amount", "must be positive");
    }
    return money;
  }
}
