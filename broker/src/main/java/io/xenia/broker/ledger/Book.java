package io.xenia.broker.ledger;

import java.util.Arrays;
import java.util.Optional;

/**
 * The books of the double-entry ledger. Balances are signed: money held for a party is positive in
 * its book, and money that came in from outside the platform is negative in {@link #EXTERNAL}, so
 * that all balances of a currency always sum to zero.
 */
public enum Book {
  /** What a customer may still commit to purchase orders. */
  CUSTOMER_AVAILABLE("customer-available"),
  /** What one purchase order still holds for spend (one ledger account per order). */
  CUSTOMER_RING_FENCED("customer-ring-fenced"),
  /** What the platform owes a host operator. */
  HOST_PAYABLE("host-payable"),
  /** The platform's fees. */
  PLATFORM_REVENUE("platform-revenue"),
  /** The mirror of money outside the platform (bank transfers, card payments). */
  EXTERNAL("external");

  private final String wireName;

  Book(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Book> fromWireName(String name) {
    return Arrays.stream(values()).filter(b -> b.wireName.equals(name)).findFirst();
  }
}
