package io.xenia.protocol.money;

import static java.util.Objects.requireNonNull;

import java.util.Currency;

/**
 * Thrown when an operation combines or compares amounts of two different currencies. Xenia never
 * converts implicitly: a mixed-currency sum is always a programming or protocol error.
 */
public final class CurrencyMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final Currency left;
  private final Currency right;

  /**
   * @param left the currency of the receiver of the operation
   * @param right the currency of the argument
   */
  public CurrencyMismatchException(Currency left, Currency right) {
    super(
        "currency mismatch: "
            + requireNonNull(left, "left is null").getCurrencyCode()
            + " vs "
            + requireNonNull(right, "right is null").getCurrencyCode());
    this.left = left;
    this.right = right;
  }

  /** The currency of the receiver of the failed operation. */
  public Currency left() {
    return left;
  }

  /** The currency of the argument of the failed operation. */
  public Currency right() {
    return right;
  }
}
