package io.xenia.broker.ledger;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.money.Money;

/** One line of a journal entry: a signed amount on one ledger account. */
public record Posting(LedgerAccountKey account, Money amount) {
  public Posting {
    requireNonNull(account, "account is null");
    requireNonNull(amount, "amount is null");
    if (amount.isZero()) {
      throw new IllegalArgumentException("a posting moves money: amount is zero");
    }
    if (!amount.currency().equals(account.currency())) {
      throw new IllegalArgumentException(
          "posting in " + amount.currency() + " on a " + account.currency() + " account");
    }
  }
}
