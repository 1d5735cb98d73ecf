package io.xenia.broker.orders;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.money.Money;
import java.util.UUID;

/**
 * A charge against a purchase order: {@code amount} leaves the order, of which {@code platformFee}
 * goes to the platform and the rest is owed to {@code hostOperator}. {@code reference} names what
 * was charged (a usage record, a session) for finance.
 */
public record Charge(
    UUID purchaseOrder,
    Money amount,
    UUID hostOperator,
    Money platformFee,
    String reference,
    UUID actor) {
  public Charge {
    requireNonNull(purchaseOrder, "purchaseOrder is null");
    requireNonNull(amount, "amount is null");
    requireNonNull(hostOperator, "hostOperator is null");
    requireNonNull(platformFee, "platformFee is null");
    requireNonNull(reference, "reference is null");
    requireNonNull(actor, "actor is null");
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("a charge is positive: " + amount);
    }
    if (platformFee.isNegative() || platformFee.compareTo(amount) > 0) {
      throw new IllegalArgumentException("the fee " + platformFee + " is not part of " + amount);
    }
  }

  public Money hostShare() {
    return amount.minus(platformFee);
  }
}
