package io.xenia.broker.ledger;

import static java.util.Objects.requireNonNull;

import java.util.Currency;
import java.util.Optional;
import java.util.UUID;

/**
 * Names one ledger account: a book, whose it is (if anyone's), for which purchase order, in which
 * currency.
 */
public record LedgerAccountKey(
    Book book, Optional<UUID> owner, Optional<UUID> purchaseOrder, Currency currency) {
  public LedgerAccountKey {
    requireNonNull(book, "book is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(purchaseOrder, "purchaseOrder is null");
    requireNonNull(currency, "currency is null");
  }

  public static LedgerAccountKey available(UUID customer, Currency currency) {
    return new LedgerAccountKey(
        Book.CUSTOMER_AVAILABLE, Optional.of(customer), Optional.empty(), currency);
  }

  public static LedgerAccountKey ringFenced(UUID customer, UUID purchaseOrder, Currency currency) {
    return new LedgerAccountKey(
        Book.CUSTOMER_RING_FENCED, Optional.of(customer), Optional.of(purchaseOrder), currency);
  }

  public static LedgerAccountKey hostPayable(UUID hostOperator, Currency currency) {
    return new LedgerAccountKey(
        Book.HOST_PAYABLE, Optional.of(hostOperator), Optional.empty(), currency);
  }

  public static LedgerAccountKey platformRevenue(Currency currency) {
    return new LedgerAccountKey(
        Book.PLATFORM_REVENUE, Optional.empty(), Optional.empty(), currency);
  }

  public static LedgerAccountKey external(Currency currency) {
    return new LedgerAccountKey(Book.EXTERNAL, Optional.empty(), Optional.empty(), currency);
  }
}
