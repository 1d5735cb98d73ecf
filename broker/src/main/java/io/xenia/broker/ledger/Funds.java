package io.xenia.broker.ledger;

import static java.util.Objects.requireNonNull;

import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.protocol.money.Money;

/**
 * A customer's available funds in one currency and the credit the platform extends on top of them.
 * This is where the credit check lives: a commitment may use the available balance plus the credit
 * limit, no more.
 */
public record Funds(Money available, Money creditLimit) {
  public Funds {
    requireNonNull(available, "available is null");
    requireNonNull(creditLimit, "creditLimit is null");
    if (creditLimit.isNegative()) {
      throw new IllegalArgumentException("a credit limit is not negative: " + creditLimit);
    }
  }

  /** What may still be committed. */
  public Money spendable() {
    return available.plus(creditLimit);
  }

  /** Refuses with {@code insufficient-funds} unless {@code amount} can be committed. */
  public void requireSpendable(Money amount) {
    if (spendable().compareTo(amount) < 0) {
      throw new XeniaException(
              ProblemType.INSUFFICIENT_FUNDS,
              "committing " + amount + " needs more than the " + spendable() + " available")
          .with("requested", amount.amount())
          .with("available", spendable().amount())
          .with("currency", amount.currency().getCurrencyCode());
    }
  }
}
